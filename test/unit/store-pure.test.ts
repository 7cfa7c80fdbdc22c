// Pure unit tests — the ledger store's keys, rows, rollup contributions and windows: no database, no servers
// Longer than 250 lines because it holds one small named case per rule of the store (keys, rows, rollups, windows) with shared fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attemptKey, requestKey, requestScope } from '../../store/keys';
import {
  armsText,
  attemptRowOf,
  parseArms,
  requestRowOf,
  type AttemptFacts,
  type LedgerContext,
} from '../../store/rows';
import { addAttempt, addRequest, addLabel, ledgerOf } from '../../store/rollup/contributions';
import { DAY_MS, HOUR_MS, RollupDeltas, bucketOf, type Counters, type Dim } from '../../store/rollup/counters';
import { bucketLatency, histogramMedian, latencyBucket } from '../../store/rollup/latency';
import { planWindow } from '../../store/query/window';
import { dayWindow } from '../../store/query/sums';
import { resolveLedgerTarget } from '../../store/config';
import { CascadeConfigError } from '../../catalog/errors';

const context: LedgerContext = {
  workflowId: 'wf-1',
  runId: 'run-1',
  kind: 'cascade',
  task: 'invoice',
  startedAtMs: Date.UTC(2026, 0, 5, 10, 30),
  sessionId: 's-1',
  experiments: [{ experiment: 'start', arm: 'variant' }],
};

function facts(seq: number, overrides: Partial<AttemptFacts> = {}): AttemptFacts {
  return {
    seq,
    tier: 'economy',
    provider: 'deepseek',
    ref: 'deepseek/deepseek-chat',
    reason: seq === 1 ? 'first' : 'escalation',
    outcome: 'ok',
    billed: true,
    usage: { inputTokens: 100, cachedInputTokens: 10, cacheWriteTokens: 0, outputTokens: 20 },
    costMicroUsd: 50,
    latencyMs: 400,
    tries: 1,
    priceSource: 'https://example.com/prices',
    priceEffectiveFrom: '2025-01-01',
    ...overrides,
  };
}

/** Sums of every cell of one grouping, per key (across hours). */
function byKey(deltas: RollupDeltas, dim: Dim): Map<string, Counters> {
  const out = new Map<string, Counters>();
  for (const { cell, counters } of deltas.entries()) {
    if (cell.dim !== dim) continue;
    const sum = out.get(cell.key) ?? {};
    for (const [name, value] of Object.entries(counters))
      sum[name as keyof Counters] = (sum[name as keyof Counters] ?? 0) + value;
    out.set(cell.key, sum);
  }
  return out;
}

describe('store keys', () => {
  it('the same position always gives the same key; any change of position gives another', () => {
    const position = { workflowId: 'wf', runId: 'r', seq: 2, activityAttempt: 1 };
    assert.equal(attemptKey(position), attemptKey({ ...position }));
    assert.match(attemptKey(position), /^[0-9a-f]{32}$/);
    const others = [
      { ...position, workflowId: 'wf2' },
      { ...position, runId: 'r2' },
      { ...position, seq: 3 },
      { ...position, activityAttempt: 2 },
      { ...position, step: 'extract' },
      { ...position, itemId: 'a' },
      { ...position, itemId: 'a', round: 1 },
    ].map(attemptKey);
    assert.equal(new Set([attemptKey(position), ...others]).size, others.length + 1);
  });

  it('ids cannot be crafted to collide: parts are JSON-encoded, not joined', () => {
    assert.notEqual(requestKey({ workflowId: 'a", "b', runId: 'c' }), requestKey({ workflowId: 'a', runId: 'b", "c' }));
  });

  it('scopes read as the batch names its rounds', () => {
    assert.equal(requestScope({}), '');
    assert.equal(requestScope({ step: 'extract' }), 'step:extract');
    assert.equal(requestScope({ itemId: 'doc-7' }), 'item:doc-7');
    assert.equal(requestScope({ itemId: 'doc-7', round: 2 }), 'item:doc-7~retry2');
  });

  it('a position that is not a ledger position is refused', () => {
    assert.throws(() => attemptKey({ workflowId: 'w', runId: 'r', seq: 0, activityAttempt: 1 }), RangeError);
    assert.throws(() => attemptKey({ workflowId: 'w', runId: 'r', seq: 1, activityAttempt: 0.5 }), RangeError);
    assert.throws(() => attemptKey({ workflowId: 'w', runId: 'r', seq: 1, activityAttempt: -1 }), RangeError);
  });
});

describe('store rows', () => {
  it('an attempt row keys on its ledger position and activity attempt, and carries its request key', () => {
    const row = attemptRowOf(facts(1, { tries: 2 }), context, 1000);
    assert.equal(row.key, attemptKey({ ...context, seq: 1, activityAttempt: 2 }));
    assert.equal(row.requestKey, requestKey(context));
    assert.equal(row.estimated, false);
    // An unbilled attempt is one row per position whoever writes it, however many tries it took.
    const unbilled = (tries: number) =>
      attemptRowOf(facts(1, { billed: false, outcome: 'provider_error', tries }), context, 1);
    assert.equal(unbilled(1).key, unbilled(3).key);
    assert.equal(unbilled(3).activityAttempt, 0);
    assert.notEqual(unbilled(1).key, row.key);
    const long = attemptRowOf(facts(1, { error: 'x'.repeat(5000) }), context, 1000);
    assert.equal(long.error!.length, 300);
  });

  it('a request row totals its ledger and names the answer tier and model', () => {
    const attempts = [
      facts(1, { outcome: 'schema_violation' }),
      facts(2, { tier: 'standard', ref: 'openai/gpt-4o-mini', provider: 'openai', costMicroUsd: 70 }),
    ];
    const row = requestRowOf(context, {
      attempts,
      outcome: 'ok',
      baselineMicroUsd: 900,
      finishedAtMs: context.startedAtMs + 2500,
    });
    assert.equal(row.costMicroUsd, 120);
    assert.equal(row.billedAttempts, 2);
    assert.equal(row.usage.inputTokens, 200);
    assert.equal(row.finalTier, 'standard');
    assert.equal(row.finalRef, 'openai/gpt-4o-mini');
    assert.equal(row.latencyMs, 2500);
    assert.equal(row.ledger.length, 2);
  });

  it('experiment arms round-trip through their text form', () => {
    const arms = [
      { experiment: 'start:tier', arm: 'control' as const },
      { experiment: 'order', arm: 'variant' as const },
    ];
    assert.equal(armsText(arms), 'start:tier:control,order:variant');
    assert.deepEqual(parseArms(armsText(arms)), arms);
    assert.deepEqual(parseArms(''), []);
  });
});

describe('store rollup contributions', () => {
  it('an attempt adds its tokens and cost once under every grouping, in its request start hour', () => {
    const deltas = new RollupDeltas();
    addAttempt(deltas, attemptRowOf(facts(1), context, context.startedAtMs + 400));
    const total = byKey(deltas, 'total').get('')!;
    assert.deepEqual(
      [total.attempts, total.cost_micro, total.input_tokens, total.cached_input_tokens],
      [1, 50, 100, 10],
    );
    assert.equal(byKey(deltas, 'model').get('deepseek/deepseek-chat')!.cost_micro, 50);
    assert.equal(byKey(deltas, 'experiment').get('start:variant')!.attempts, 1);
    assert.equal(byKey(deltas, 'session').get('s-1')!.attempts, 1);
    const hours = new Set(
      deltas
        .entries()
        .filter((e) => e.cell.dim === 'model')
        .map((e) => e.cell.bucket),
    );
    assert.deepEqual([...hours], [Math.floor(context.startedAtMs / HOUR_MS)]);
  });

  it('a request counts once per model it used; escalation is charged to the model it escalated from', () => {
    const attempts = [
      facts(1, {
        reason: 'classify',
        tier: 'classify',
        ref: 'mistral/ministral',
        provider: 'mistral',
        costMicroUsd: 3,
      }),
      facts(2, { reason: 'first', outcome: 'schema_violation' }),
      facts(3, { reason: 'escalation', tier: 'standard', ref: 'openai/gpt-4o-mini', provider: 'openai' }),
      facts(4, { reason: 'verify', tier: 'standard', ref: 'openai/gpt-4o-mini', provider: 'openai' }),
    ];
    const deltas = new RollupDeltas();
    addRequest(
      deltas,
      requestRowOf(context, { attempts, outcome: 'ok', baselineMicroUsd: 800, finishedAtMs: context.startedAtMs + 9 }),
    );
    const models = byKey(deltas, 'model');
    const economy = models.get('deepseek/deepseek-chat')!;
    const standard = models.get('openai/gpt-4o-mini')!;
    assert.deepEqual([economy.requests, economy.escalated, economy.valid ?? 0], [1, 1, 0]);
    assert.deepEqual(
      [standard.requests, standard.escalated ?? 0, standard.valid, standard.baseline_micro],
      [1, 0, 1, 800],
    );
    // The first answer attempt is the economy one (the classifier's call is not an answer), and it failed.
    assert.deepEqual([economy.first_attempts, economy.first_pass ?? 0], [1, 0]);
    const total = byKey(deltas, 'total').get('')!;
    assert.deepEqual([total.requests, total.escalated, total.valid, total.first_pass ?? 0], [1, 1, 1, 0]);
    assert.equal(total.classify_cost_micro, 3);
    // tune: the verifier's call is not an answer attempt of its candidate.
    const candidates = byKey(deltas, 'candidate');
    assert.equal(candidates.get('standard\u001fopenai/gpt-4o-mini')!.cand_attempts, 1);
    const tiers = byKey(deltas, 'tier');
    assert.deepEqual([tiers.get('economy')!.entered, tiers.get('economy')!.passed ?? 0], [1, 0]);
    assert.deepEqual(
      [tiers.get('standard')!.entered, tiers.get('standard')!.passed, tiers.get('standard')!.tier_cost_micro],
      [1, 1, 100],
    );
  });

  it('an earlier try billed by a worker that died is a row, but not part of the ledger the request is judged on', () => {
    const entries = [
      { ...facts(1), activityAttempt: 1, outcome: 'ok' as const },
      { ...facts(1), activityAttempt: 2, outcome: 'schema_violation' as const },
      { ...facts(2), activityAttempt: 1 },
    ];
    assert.deepEqual(
      ledgerOf(entries).map((entry) => [entry.seq, entry.activityAttempt]),
      [
        [1, 2],
        [2, 1],
      ],
    );
    // Billed on try 1, then the position ended unbilled (a 503 after the restart): the unbilled row is the ledger's.
    const ended = [
      { ...facts(1), activityAttempt: 1 },
      { ...facts(1), activityAttempt: 0, billed: false, outcome: 'provider_error' as const, costMicroUsd: 0 },
    ];
    assert.deepEqual(
      ledgerOf(ended).map((entry) => entry.outcome),
      ['provider_error'],
    );
  });

  it('a label verdict moves the counts by its change only', () => {
    const row = requestRowOf(context, { attempts: [facts(1)], outcome: 'ok', baselineMicroUsd: 1, finishedAtMs: 1 });
    const deltas = new RollupDeltas();
    addLabel(deltas, row, null, true);
    addLabel(deltas, row, true, false);
    addLabel(deltas, row, false, false);
    const total = byKey(deltas, 'total').get('')!;
    assert.deepEqual([total.labelled, total.correct ?? 0], [1, 0]);
    assert.equal(byKey(deltas, 'model').get('deepseek/deepseek-chat')!.labelled, 1);
  });

  it('sessions, users and latency histograms are kept per UTC day, the rest per hour', () => {
    const at = Date.UTC(2026, 0, 5, 10, 30);
    assert.equal(bucketOf('model', at) * HOUR_MS, Date.UTC(2026, 0, 5, 10));
    assert.equal(bucketOf('session', at) * HOUR_MS, Date.UTC(2026, 0, 5));
    assert.equal(bucketOf('user', Date.UTC(2026, 0, 5, 23, 59)) * HOUR_MS, Date.UTC(2026, 0, 5));
  });
});

describe('store windows and latencies', () => {
  const H = HOUR_MS;
  it('whole hours come from rollups, the partial hours at the ends from rows', () => {
    assert.deepEqual(planWindow({ sinceMs: 10 * H + 5, untilMs: 20 * H + 7 }), {
      whole: { fromBucket: 11, toBucket: 20 },
      edges: [
        { fromMs: 10 * H + 5, toMs: 11 * H },
        { fromMs: 20 * H, toMs: 20 * H + 7 },
      ],
    });
    assert.deepEqual(planWindow({ sinceMs: 10 * H, untilMs: 12 * H }), {
      whole: { fromBucket: 10, toBucket: 12 },
      edges: [],
    });
    assert.deepEqual(planWindow({}), { whole: {}, edges: [] });
    assert.deepEqual(planWindow({ sinceMs: 3 * H + 1 }), {
      whole: { fromBucket: 4 },
      edges: [{ fromMs: 3 * H + 1, toMs: 4 * H }],
    });
    // Inside one hour: only rows.
    assert.deepEqual(planWindow({ sinceMs: 5 * H + 1, untilMs: 5 * H + 9 }), {
      edges: [{ fromMs: 5 * H + 1, toMs: 5 * H + 9 }],
    });
    assert.deepEqual(planWindow({ sinceMs: 9, untilMs: 9 }), { edges: [] });
  });

  it('daily groupings widen a window to whole UTC days', () => {
    assert.deepEqual(dayWindow({ sinceMs: DAY_MS + 5, untilMs: 3 * DAY_MS - 1 }), {
      sinceMs: DAY_MS,
      untilMs: 3 * DAY_MS,
    });
    assert.deepEqual(dayWindow({}), {});
  });

  it('a histogram median is within 1.1 % of the exact median', () => {
    for (const latency of [1, 37, 412, 1999, 60_000, 3_600_000]) {
      const read = bucketLatency(latencyBucket(latency));
      assert.ok(Math.abs(read - latency) / latency <= 0.011 || Math.abs(read - latency) <= 1, `${latency} → ${read}`);
    }
    const histogram = new Map<number, number>();
    for (const latency of [100, 200, 300]) histogram.set(latencyBucket(latency), 1);
    assert.ok(Math.abs(histogramMedian(histogram)! - 200) <= 2);
    histogram.set(latencyBucket(400), 1);
    assert.ok(Math.abs(histogramMedian(histogram)! - 250) <= 3);
    assert.equal(histogramMedian(new Map()), null);
  });
});

describe('where the store lives', () => {
  const env = { HOME: '/home/ada', XDG_DATA_HOME: '/data/ada' } as NodeJS.ProcessEnv;
  it('by default a file in the XDG data directory, with its outbox beside it', () => {
    assert.deepEqual(resolveLedgerTarget(undefined, env), {
      engine: 'sqlite',
      path: '/data/ada/llm-cascade/ledger.db',
      outboxDir: '/data/ada/llm-cascade/ledger.db.outbox',
    });
  });

  it('PostgreSQL from the config or the environment (the environment wins); the outbox stays on the host', () => {
    const url = 'postgres://ledger@db:5432/ledger';
    assert.deepEqual(resolveLedgerTarget({ url }, env), {
      engine: 'postgres',
      url,
      outboxDir: '/data/ada/llm-cascade/outbox',
    });
    const other = 'postgresql://other@db2/ledger';
    assert.equal(
      (resolveLedgerTarget({ url }, { ...env, LLM_CASCADE_LEDGER_URL: other }) as { url: string }).url,
      other,
    );
    const path = resolveLedgerTarget({ url }, { ...env, LLM_CASCADE_LEDGER_PATH: '/tmp/l.db' });
    assert.deepEqual(path, { engine: 'sqlite', path: '/tmp/l.db', outboxDir: '/tmp/l.db.outbox' });
  });

  it('a bad setting says what to fix; enabled: false turns the store off', () => {
    assert.throws(
      () => resolveLedgerTarget({ url: 'mysql://x' }, env),
      (error: unknown) => {
        assert.ok(error instanceof CascadeConfigError);
        assert.match(error.message, /postgres:\/\//);
        return true;
      },
    );
    assert.throws(() => resolveLedgerTarget({ nope: 1 } as never, env), CascadeConfigError);
    assert.equal(resolveLedgerTarget({ enabled: false }, env), undefined);
  });
});
