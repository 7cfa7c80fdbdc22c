// Pure unit tests — A/B experiments: arm assignment (stable, right proportions), planning a variant, catalog
// validation of experiment declarations, and the statistics of `report --by experiment`
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CascadeConfigError } from '../../catalog/errors';
import { assignArm, assignExperiments, experimentBucket } from '../../routing/experiments';
import { parseCatalog } from '../../catalog/node/parse';
import { planCascade } from '../../routing/node/plan';
import type { ExperimentSpec } from '../../catalog/types';
import type { ReportRun } from '../../cli/report/aggregate';
import {
  compareExperiments,
  criticalZ,
  formatExperiments,
  normalCdf,
  twoProportionTest,
} from '../../cli/report/experiment';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const price = { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://acme.test', effectiveFrom: '2025-01-01' };
function doc(experiments?: unknown): Doc {
  return {
    providers: { acme: { baseURL: 'https://api.acme.test/v1', structuredOutput: 'json_object' } },
    models: {
      'acme/fast': { contextWindow: 64_000, maxOutputTokens: 4096, prices: [price] },
      'acme/quick': { contextWindow: 64_000, maxOutputTokens: 4096, prices: [price] },
      'acme/smart': { contextWindow: 64_000, maxOutputTokens: 4096, prices: [price] },
    },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['acme/fast', 'acme/quick'] },
          { name: 'premium', candidates: ['acme/smart'] },
        ],
        ...(experiments !== undefined && { experiments }),
      },
    },
  };
}

function rejects(document: Doc, ...fragments: string[]): void {
  assert.throws(
    () => parseCatalog(document, 'experiments.json'),
    (error: unknown) => {
      assert.ok(error instanceof CascadeConfigError, String(error));
      for (const fragment of fragments)
        assert.ok(error.message.includes(fragment), `"${fragment}" not in:\n${error.message}`);
      return true;
    },
  );
}

const twenty: ExperimentSpec = { name: 'premium-start', share: 0.2, variant: { startTier: 'premium' } };

describe('arm assignment', () => {
  it('is stable: the same key always lands in the same arm, and buckets lie in [0, 1)', () => {
    for (let i = 0; i < 500; i++) {
      const key = `session-${i}`;
      const bucket = experimentBucket('premium-start', key);
      assert.ok(bucket >= 0 && bucket < 1);
      assert.equal(experimentBucket('premium-start', key), bucket);
      assert.deepEqual(assignArm(twenty, key), assignArm(twenty, key));
    }
  });
  it('sends the declared share of 10,000 keys to the variant (within 1.5 points), for several shares', () => {
    for (const share of [0.05, 0.2, 0.5, 0.9]) {
      let variant = 0;
      for (let i = 0; i < 10_000; i++) if (assignArm({ ...twenty, share }, `user-${i}`).arm === 'variant') variant++;
      assert.ok(Math.abs(variant / 10_000 - share) < 0.015, `share ${share}: ${variant} of 10000 in the variant`);
    }
  });
  it('splits independently per experiment name (salted): the arms of two experiments are not the same sets', () => {
    let both = 0;
    for (let i = 0; i < 10_000; i++) {
      const a = assignArm({ ...twenty, name: 'a', share: 0.5 }, `k${i}`).arm === 'variant';
      const b = assignArm({ ...twenty, name: 'b', share: 0.5 }, `k${i}`).arm === 'variant';
      if (a && b) both++;
    }
    assert.ok(Math.abs(both / 10_000 - 0.25) < 0.02, `${both} in both variants, about 2500 expected`);
  });
  it('enrolls only requests with the key, and leaves a request with its own startTier out of a start-tier test', () => {
    assert.deepEqual(assignExperiments([twenty], {}).arms, []);
    assert.deepEqual(assignExperiments([twenty], { metadata: { userId: 'u1' } }).arms, []);
    assert.equal(assignExperiments([{ ...twenty, key: 'user' }], { metadata: { userId: 'u1' } }).arms.length, 1);
    assert.deepEqual(assignExperiments([twenty], { metadata: { sessionId: 's1' }, startTier: 'economy' }).arms, []);
  });
});

describe('planning applies the variant arm', () => {
  const catalog = parseCatalog(
    doc([
      twenty,
      { name: 'quick-first', share: 0.5, variant: { candidates: { economy: ['acme/quick', 'acme/fast'] } } },
    ]),
    'experiments.json',
  );
  const plan = (sessionId: string) =>
    planCascade(
      catalog,
      {
        task: 'extract',
        schema: { name: 'x', jsonSchema: { type: 'object' } },
        input: 'hello',
        metadata: { sessionId },
      },
      '2026-11-30',
    );
  it('records both arms and starts the variant at its tier with its candidate order', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const sessionId = `s${i}`;
      const result = plan(sessionId);
      const arms = Object.fromEntries(result.experiments!.map((a) => [a.experiment, a.arm]));
      assert.equal(result.route.startTier, arms['premium-start'] === 'variant' ? 1 : 0);
      assert.deepEqual(
        result.route.tiers[0]!.candidates.map((c) => c.ref),
        arms['quick-first'] === 'variant' ? ['acme/quick', 'acme/fast'] : ['acme/fast', 'acme/quick'],
      );
      seen.add(`${arms['premium-start']}/${arms['quick-first']}`);
      assert.deepEqual(plan(sessionId), result, 'the same session plans the same way');
    }
    assert.equal(seen.size, 4, `every combination of arms occurs in 200 sessions: ${[...seen].join(', ')}`);
  });
  it('plans without experiments when the request has no session', () => {
    const result = planCascade(
      catalog,
      { task: 'extract', schema: { name: 'x', jsonSchema: { type: 'object' } }, input: 'hello' },
      '2026-11-30',
    );
    assert.equal(result.experiments, undefined);
    assert.equal(result.route.startTier, 0);
  });
});

describe('catalog validation of experiments', () => {
  it('accepts a valid declaration', () => {
    assert.equal(parseCatalog(doc([twenty]), 'x').routes.extract!.experiments![0]!.share, 0.2);
  });
  it('rejects a share outside (0, 1), a bad name, an unknown key and an unknown field', () => {
    rejects(doc([{ ...twenty, share: 20 }]), 'routes["extract"].experiments[0].share: must be below 1');
    rejects(doc([{ ...twenty, share: 0 }]), 'experiments[0].share: must be above 0');
    rejects(doc([{ ...twenty, name: 'has space' }]), 'experiments[0].name: must be 1 to 64 letters');
    rejects(doc([{ ...twenty, key: 'ip' }]), 'experiments[0].key');
    rejects(doc([{ ...twenty, variant: { startTeir: 'premium' } }]), 'experiments[0].variant.startTeir: unknown key');
  });
  it('rejects unknown tiers, foreign or repeated candidates, empty variants, twin names and conflicts', () => {
    rejects(doc([{ ...twenty, variant: { startTier: 'gold' } }]), 'variant.startTier: no tier named "gold"');
    rejects(
      doc([{ ...twenty, variant: { candidates: { economy: ['acme/smart'] } } }]),
      'variant.candidates.economy[0]: "acme/smart" is not a candidate of tier "economy"',
    );
    rejects(
      doc([{ ...twenty, variant: { candidates: { economy: ['acme/fast', 'acme/fast'] } } }]),
      'economy[1]: "acme/fast" is listed twice',
    );
    rejects(doc([{ ...twenty, variant: { candidates: { gold: ['acme/fast'] } } }]), 'no tier named "gold"');
    rejects(doc([{ ...twenty, variant: {} }]), 'experiments[0].variant: the variant changes nothing');
    rejects(doc([twenty, twenty]), 'experiments[1].name: experiment name "premium-start" is used twice');
    rejects(
      doc([twenty, { ...twenty, name: 'other' }]),
      'experiments[1].variant.startTier: experiment "premium-start" already changes the start tier',
    );
  });
});

function run(arm: 'control' | 'variant', firstOk: boolean, index: number): ReportRun {
  const attempt = (outcome: 'ok' | 'schema_violation', reason: 'first' | 'escalation', cost: number) => ({
    tier: reason === 'first' ? 'economy' : 'premium',
    ref: 'acme/x',
    provider: 'acme',
    reason,
    outcome,
    billed: true,
    usage: { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5 },
    costMicroUsd: cost,
  });
  return {
    workflowId: `wf-${arm}-${index}`,
    runId: 'r',
    workflowType: 'cascadeWorkflow',
    status: 'COMPLETED',
    startTime: '2026-11-30T00:00:00Z',
    attempts: firstOk
      ? [attempt('ok', 'first', 100)]
      : [attempt('schema_violation', 'first', 100), attempt('ok', 'escalation', 1000)],
    baselineMicroUsd: 1000,
    experiments: [{ experiment: 'cheap', arm }],
    latencyMs: firstOk ? 100 : 300,
  };
}
const runs = (arm: 'control' | 'variant', n: number, passes: number) =>
  Array.from({ length: n }, (_, i) => run(arm, i < passes, i));

describe('report --by experiment statistics', () => {
  it('normal CDF and the Wald two-proportion test match textbook values', () => {
    assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-9);
    assert.ok(Math.abs(criticalZ(0.05) - 1.959964) < 1e-5);
    // 45/100 vs 60/100: SE = sqrt(0.45·0.55/100 + 0.6·0.4/100) = 0.069821, z = 0.15 / SE = 2.1484, p = 0.0317,
    // 95 % CI 0.15 ± 1.959964·SE = 0.0132 to 0.2868
    const test = twoProportionTest(45, 100, 60, 100)!;
    assert.ok(Math.abs(test.z - 2.1484) < 1e-3, String(test.z));
    assert.ok(Math.abs(test.pValue - 0.0317) < 1e-3, String(test.pValue));
    assert.ok(Math.abs(test.ci95[0] - 0.0132) < 1e-3 && Math.abs(test.ci95[1] - 0.2868) < 1e-3, String(test.ci95));
    assert.equal(test.significant, true);
    assert.equal(twoProportionTest(10, 10, 5, 5), undefined, 'no variance: no test');
    assert.equal(twoProportionTest(0, 0, 5, 5), undefined);
  });
  it('the interval excludes zero exactly when p < 0.05, for every pair of counts (one method for both)', () => {
    let checked = 0;
    for (const n of [30, 47, 100, 250]) {
      for (let a = 0; a <= n; a += n > 100 ? 7 : 1) {
        for (let b = 0; b <= n; b += n > 100 ? 7 : 1) {
          const test = twoProportionTest(a, n, b, Math.round(n * 1.3));
          if (!test) continue;
          const excludesZero = test.ci95[0] > 0 || test.ci95[1] < 0;
          assert.equal(excludesZero, test.pValue < 0.05, `${a}/${n} vs ${b}/${Math.round(n * 1.3)}: ${JSON.stringify(test)}`);
          assert.equal(test.significant, excludesZero);
          checked++;
        }
      }
    }
    assert.ok(checked > 10_000, String(checked));
    // The report that started this: an interval of 0.5 to 26.8 points cannot come with p = 0.074 any more.
    const [c] = compareExperiments([...runs('control', 60, 30), ...runs('variant', 60, 38)]);
    const excludes = c!.test!.ci95[0] > 0;
    assert.equal(excludes, c!.test!.pValue < 0.05, c!.verdict);
  });
  it('compares arms: requests, first-attempt pass, escalation, cost per valid result, latency', () => {
    const [c] = compareExperiments([...runs('control', 100, 45), ...runs('variant', 100, 60)]);
    assert.equal(c!.experiment, 'cheap');
    assert.equal(c!.control.requests, 100);
    assert.equal(c!.control.firstPassRate, 0.45);
    assert.equal(c!.variant.escalationRate, 0.4);
    assert.equal(c!.control.costPerValidMicroUsd, Math.round((45 * 100 + 55 * 1100) / 100));
    assert.equal(c!.variant.medianLatencyMs, 100);
    assert.ok(c!.test && c!.test.pValue < 0.05);
    assert.match(c!.verdict, /higher by 15\.0 points .*significant at 5%/);
  });
  it('says plainly when there is not enough data, and when the difference is not significant', () => {
    const [few] = compareExperiments([...runs('control', 10, 4), ...runs('variant', 3, 2)]);
    assert.equal(few!.test, undefined);
    assert.match(few!.verdict, /^not enough data yet/);
    const [same] = compareExperiments([...runs('control', 100, 50), ...runs('variant', 100, 52)]);
    assert.match(same!.verdict, /^no significant difference/);
    const text = formatExperiments([few!], { query: 'q', namespace: 'default', truncated: false, limit: 10 }, 'table');
    assert.match(text, /cheap[\s\S]*control[\s\S]*variant[\s\S]*not enough data yet/);
  });
});
