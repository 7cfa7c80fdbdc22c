// Pure unit tests — reading ledgers from the store: which source a command reads, the store's requests as the
// history report's runs, the selection's SQL, and tune and experiments fed by counts equal to fed by runs
// Longer than 250 lines because it holds one small case per decision of reading from the store, sharing two fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ReportAttempt, ReportRun } from '../../cli/report/aggregate';
import { chooseSource } from '../../cli/report/choose-source';
import { armStats, compareArms, compareExperiments } from '../../cli/report/experiment';
import { explainJson, explainText } from '../../cli/report/explain-format';
import { STORE_KINDS, requestId, storedRun } from '../../cli/report/store-runs';
import { isNotFound } from '../../cli/report/source';
import { itemIdOf, itemVerdicts, requestVerdicts } from '../../cli/report/label-verdicts';
import { taskCounts } from '../../cli/tune/counts';
import { proposeFromCounts, proposeTask, type TuneRoute } from '../../cli/tune/propose';
import { selectionWhere } from '../../store/query/selected';
import type { StoredRequest } from '../../store/query/rows';
import { attemptRowOf, type LedgerContext } from '../../store/rows';

describe('which source a command reads', () => {
  const present = { storeOff: false, storePresent: true, visibilityQuery: false };
  it('the store by default when there is one', () => {
    assert.equal(chooseSource(present), 'store');
  });
  it('histories when there is none, it is off, or a visibility query is given', () => {
    assert.equal(chooseSource({ ...present, storePresent: false }), 'temporal');
    assert.equal(chooseSource({ ...present, storeOff: true }), 'temporal');
    assert.equal(chooseSource({ ...present, visibilityQuery: true }), 'temporal');
  });
  it('--source wins; history is the old name of temporal', () => {
    assert.equal(chooseSource({ ...present, flag: 'temporal' }), 'temporal');
    assert.equal(chooseSource({ ...present, flag: 'history' }), 'temporal');
    assert.equal(chooseSource({ ...present, storePresent: false, flag: 'store' }), 'store');
  });
  it('a history deleted after visibility listed it (gRPC NOT_FOUND, bare or wrapped) is skipped, nothing else', () => {
    assert.equal(isNotFound({ code: 5 }), true);
    assert.equal(isNotFound(new Error('wrapped', { cause: { code: 5 } })), true);
    assert.equal(isNotFound({ code: 14 }), false);
    assert.equal(isNotFound(new Error('x')), false);
  });
  it('--source store with --query: a clear error (the store cannot run a visibility query)', () => {
    assert.throws(
      () => chooseSource({ ...present, flag: 'store', visibilityQuery: true }),
      /--query is a Temporal visibility query/,
    );
  });
});

const USAGE = { inputTokens: 100, cachedInputTokens: 20, cacheWriteTokens: 0, outputTokens: 10 };
function stored(context: Partial<LedgerContext>, outcome?: 'ok' | 'failed'): StoredRequest {
  const full: LedgerContext = {
    workflowId: 'wf',
    runId: 'run',
    kind: 'cascade',
    task: 'extract',
    startedAtMs: 0,
    ...context,
  };
  const facts = (seq: number, tier: string, result: 'ok' | 'schema_violation', reason: 'first' | 'escalation') => ({
    seq,
    tier,
    provider: tier === 'economy' ? 'e' : 'p',
    ref: tier === 'economy' ? 'e/a' : 'p/a',
    reason,
    outcome: result,
    billed: true,
    usage: USAGE,
    costMicroUsd: tier === 'economy' ? 10 : 100,
    latencyMs: 5,
    tries: 1,
    priceSource: 'https://example.test',
    priceEffectiveFrom: '2025-01-01',
  });
  return {
    key: 'k',
    context: full,
    ...(outcome && { outcome, finishedAtMs: 50, latencyMs: 50 }),
    costMicroUsd: 110,
    baselineMicroUsd: outcome === 'ok' ? 300 : 0,
    attempts: [
      attemptRowOf(facts(1, 'economy', 'schema_violation', 'first'), full, 10),
      attemptRowOf(facts(2, 'premium', outcome === 'ok' ? 'ok' : 'schema_violation', 'escalation'), full, 20),
    ],
  };
}

describe("the store's requests as the history report's runs", () => {
  it('ids as the history report names them: the workflow, <job>/<step>, <batch>/<item>#<round + 1>', () => {
    assert.equal(requestId(stored({})), 'wf');
    assert.equal(requestId(stored({ step: 'draft' })), 'wf/draft');
    assert.equal(requestId(stored({ itemId: 'a', round: 0 })), 'wf/a');
    assert.equal(requestId(stored({ itemId: 'a', round: 2 })), 'wf/a#3');
  });
  it('status, attempts, baseline and context carried over', () => {
    const run = storedRun(stored({ sessionId: 's', experiments: [{ experiment: 'x', arm: 'variant' }] }, 'ok'));
    assert.equal(run.status, 'COMPLETED');
    assert.equal(storedRun(stored({}, 'failed')).status, 'FAILED');
    assert.equal(storedRun(stored({})).status, 'RUNNING');
    assert.deepEqual(
      run.attempts.map((a) => [a.tier, a.outcome, a.costMicroUsd]),
      [
        ['economy', 'schema_violation', 10],
        ['premium', 'ok', 100],
      ],
    );
    assert.equal(run.baselineMicroUsd, 300);
    assert.equal(run.sessionId, 's');
    assert.deepEqual(run.experiments, [{ experiment: 'x', arm: 'variant' }]);
    assert.equal(run.latencyMs, 50);
  });
  it("--kind selects the store's kinds of the history report's workflow types", () => {
    assert.deepEqual(STORE_KINDS.job, ['step', 'agent']);
    assert.deepEqual(STORE_KINDS.cascade, ['cascade', 'gateway']);
    assert.deepEqual(STORE_KINDS.batch, ['batch-item']);
  });
  it('the selection as SQL: window, workflow, batch and kinds, every value a parameter', () => {
    assert.deepEqual(selectionWhere({}), { where: '1 = 1', params: [] });
    assert.deepEqual(selectionWhere({ sinceMs: 5, workflowId: 'w', batchId: 'b', kinds: ['step', 'agent'] }), {
      where: 'r.started_at >= ? AND r.workflow_id = ? AND r.batch_id = ? AND r.kind IN (?, ?)',
      params: [5, 'w', 'b', 'step', 'agent'],
    });
    assert.equal(selectionWhere({ kinds: [] }).where, '1 = 0');
  });
  it('explain: every attempt and the total, as text and JSON', () => {
    const runs = [storedRun(stored({ step: 'draft' }, 'ok'))];
    const text = explainText(runs, { workflowId: 'wf', from: 'the ledger store /x.db' });
    assert.match(text, /^wf\/draft: task extract, completed/);
    assert.match(text, /│ 2 +│ premium +│ p\/a +│ escalation +│ ok +│ yes +│ 100\/20\/10 +│ \$0\.000100 │/);
    assert.match(text, /1 request of wf in the ledger store \/x\.db: \$0\.000110\n$/);
    assert.equal(explainJson(runs, { workflowId: 'wf', from: '' }).costMicroUsd, 110);
  });
});

function attempt(
  tier: string,
  ref: string,
  outcome: ReportAttempt['outcome'],
  cost: number,
  reason: ReportAttempt['reason'] = 'first',
): ReportAttempt {
  return {
    tier,
    ref,
    provider: ref.split('/')[0]!,
    reason,
    outcome,
    billed: cost > 0,
    usage: USAGE,
    costMicroUsd: cost,
  };
}
const ROUTE: TuneRoute = {
  tiers: [
    { name: 'economy', candidates: ['e/b', 'e/a'] },
    { name: 'premium', candidates: ['p/a'] },
  ],
  startTier: 0,
};
function runs(n: number): ReportRun[] {
  return Array.from({ length: n }, (_, i) => {
    const ref = i % 2 ? 'e/a' : 'e/b';
    const passes = ref === 'e/a' ? i % 3 !== 0 : i % 4 === 0;
    const rows = [attempt('economy', ref, passes ? 'ok' : 'schema_violation', ref === 'e/a' ? 10 : 30)];
    if (!passes) rows.push(attempt('premium', 'p/a', 'ok', 200, 'escalation'));
    if (i % 7 === 0) rows.unshift(attempt('economy', 'e/c', 'provider_error', 0));
    return {
      workflowId: `w${i}`,
      runId: 'r',
      workflowType: 'cascadeWorkflow',
      status: 'COMPLETED',
      startTime: '2026-12-01T00:00:00Z',
      task: 't',
      attempts: rows,
      baselineMicroUsd: 200,
      experiments: [{ experiment: 'x', arm: i % 2 ? 'variant' : 'control' }],
      latencyMs: 100 + i,
    };
  });
}

describe('one proposal and one verdict whichever source counted', () => {
  it('tune from counts (the store rollups) equals tune from the runs', () => {
    const sample = runs(90);
    const counts = taskCounts('t', sample, ['economy', 'premium']);
    assert.equal(counts.requests, 90);
    const fromRuns = proposeTask('t', sample, ROUTE, { minSamples: 10 });
    assert.deepEqual(proposeFromCounts(counts, ROUTE, { minSamples: 10 }), fromRuns);
    // The data supports a change (e/a is cheaper per valid answer): the test can tell proposals apart.
    assert.deepEqual(fromRuns.candidateOrders, [{ tier: 'economy', from: ['e/b', 'e/a'], to: ['e/a', 'e/b'] }]);
    // Counts in another order (the store sorts its rows) give the same proposal.
    const shuffled = { ...counts, tiers: [...counts.tiers].reverse(), candidates: [...counts.candidates].reverse() };
    assert.deepEqual(proposeFromCounts(shuffled, ROUTE, { minSamples: 10 }).candidateOrders, fromRuns.candidateOrders);
  });
  it("experiments: the arms' statistics compared give the runs' comparison", () => {
    const sample = runs(90);
    const [fromRuns] = compareExperiments(sample);
    const arms = (arm: 'control' | 'variant') =>
      armStats(
        arm,
        sample.filter((run) => run.experiments?.[0]?.arm === arm),
      );
    assert.deepEqual(compareArms('x', arms('control'), arms('variant')), fromRuns);
    // Enough data for a test: the verdict path with an interval is the one compared.
    assert.ok(fromRuns!.test);
    assert.match(fromRuns!.verdict, /95% CI/);
  });
});

describe('labels: verdicts on the requests that answered', () => {
  it("each scored item's verdict: right unless scoring listed it wrong; unlabelled and failed items none", () => {
    const labels = new Map([
      ['a', { n: 1 }],
      ['b', { n: 2 }],
      ['c', { n: 3 }],
    ]);
    const lines = [
      { id: 'a', status: 'ok', output: {} },
      { id: 'b', status: 'ok', output: {} },
      { id: 'c', status: 'failed' },
      { id: 'd', status: 'ok', output: {} },
    ];
    assert.deepEqual(
      [...itemVerdicts(lines, labels, { wrongIds: ['b'] })],
      [
        ['a', true],
        ['b', false],
      ],
    );
  });
  it("an inline item by its scope, an item workflow by its id; the item's latest ok round gets the verdict", () => {
    assert.equal(itemIdOf(stored({ workflowId: 'B', itemId: 'a' }), 'B'), 'a');
    assert.equal(itemIdOf(stored({ workflowId: 'B/a' }), 'B'), 'a');
    assert.equal(itemIdOf(stored({ workflowId: 'other' }), 'B'), undefined);
    const round = (n: number, outcome: 'ok' | 'failed', at: number) => ({
      ...stored({ workflowId: 'B', itemId: 'a', round: n, startedAtMs: at }, outcome),
      key: `k${n}`,
    });
    const verdicts = requestVerdicts(
      [
        round(0, 'failed', 1),
        round(1, 'ok', 2),
        round(2, 'ok', 3),
        { ...stored({ workflowId: 'B/b' }, 'ok'), key: 'kb' },
      ],
      'B',
      new Map([
        ['a', true],
        ['b', false],
      ]),
    );
    assert.deepEqual(verdicts, [
      { requestKey: 'k2', correct: true },
      { requestKey: 'kb', correct: false },
    ]);
  });
});
