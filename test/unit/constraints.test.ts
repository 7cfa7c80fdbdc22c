// Pure unit tests — required tags, the latency goal and the measured ranking at planning; the worker's window; no Temporal
// Longer than 250 lines because it holds one small case per rule of tags, latency goals and the measured ranking.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CandidateStats, percentile } from '../../activities/cascade/candidate-stats';
import { checkRequestConstraints, mergeRequirements } from '../../routing/constraints';
import { missingTags, tagsOf } from '../../catalog/tags';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { parseCatalog } from '../../catalog/node/parse';
import { planBatch, planCascade } from '../../routing/node/plan';
import { applyLatencyGoal, rankCandidates, type CandidateMeasure } from '../../routing/ranking';
import type { CascadeRequestInput } from '../../workflows/definitions';
import { candidateLines } from '../../workflows/cascade/explain';
import { routeMarkdown } from '../../workflows/cascade/ledger';
import { testCatalogJson } from '../helpers/cascade-env';

const empty = { kind: 'empty' } as const;
const catalog = parseCatalog(
  testCatalogJson('http://127.0.0.1:1/v1', {
    name: 'constraints',
    tiers: [
      [
        'economy',
        [
          { ref: 'us/eco', behavior: empty },
          { ref: 'eu/eco', behavior: empty },
          { ref: 'eu/eco-zdr', behavior: empty, tags: { zeroDataRetention: true } },
        ],
      ],
      ['standard', [{ ref: 'us/std', behavior: empty }]],
      ['premium', [{ ref: 'eu/pro', behavior: empty, tags: { region: 'eu-west' } }]],
    ],
    providerExtra: { us: { tags: { region: 'us' } }, eu: { tags: { region: 'eu' } } },
  }),
  'constraints test catalog',
);
const today = '2026-11-30';
const request = (own: Partial<CascadeRequestInput> = {}): CascadeRequestInput => ({
  task: 'extract',
  schema: { name: 'x', jsonSchema: { type: 'object' } },
  input: 'Ada Lovelace',
  ...own,
});
const refs = (plan: ReturnType<typeof planCascade>) => plan.route.tiers.map((t) => t.candidates.map((c) => c.ref));
const measures =
  (table: Record<string, CandidateMeasure>) =>
  (ref: string): CandidateMeasure | undefined =>
    table[ref];

describe('tags: a candidate has its provider tags, overlaid with its model tags', () => {
  it('inherits and overrides', () => {
    assert.deepEqual(tagsOf(catalog, 'eu/eco'), { region: 'eu' });
    assert.deepEqual(tagsOf(catalog, 'eu/eco-zdr'), { region: 'eu', zeroDataRetention: true });
    assert.deepEqual(tagsOf(catalog, 'eu/pro'), { region: 'eu-west' });
    assert.deepEqual(tagsOf(catalog, 'nope/x'), {});
  });
  it('missingTags compares values as text and names each unmet requirement', () => {
    assert.deepEqual(missingTags({ region: 'eu', zeroDataRetention: true }, { zeroDataRetention: 'true' }), []);
    assert.deepEqual(missingTags({ region: 'us' }, { region: 'eu', zeroDataRetention: true }), [
      'region=eu',
      'zeroDataRetention=true',
    ]);
    assert.deepEqual(missingTags({ toString: 'x' } as never, undefined), []);
    assert.deepEqual(missingTags({}, { constructor: 'x' }), ['constructor=x']);
  });
  it("a request's requirement joins the route's; a contradiction is a request error", () => {
    assert.deepEqual(mergeRequirements({ region: 'eu' }, { zeroDataRetention: true }), {
      region: 'eu',
      zeroDataRetention: true,
    });
    assert.equal(mergeRequirements(undefined, undefined), undefined);
    assert.throws(
      () => mergeRequirements({ region: 'eu' }, { region: 'us' }),
      /requires region=us but its task's route/,
    );
  });
  it('checks the shape of require and latencyGoalMs', () => {
    assert.throws(() => checkRequestConstraints({ require: { region: ['eu'] } as never }), /require\.region must be/);
    assert.throws(() => checkRequestConstraints({ require: [] as never }), /require must be an object/);
    assert.throws(() => checkRequestConstraints({ latencyGoalMs: 0 }), /latencyGoalMs must be whole/);
    assert.throws(() => checkRequestConstraints({ latencyGoalMs: 1.5 }), /latencyGoalMs must be whole/);
    checkRequestConstraints({ require: { region: 'eu', zdr: true, level: 2 }, latencyGoalMs: 800 });
  });
});

describe('planning with required tags', () => {
  it('rules out candidates lacking a tag, with the reason, and keeps the order of the rest', () => {
    const plan = planCascade(catalog, request({ require: { region: 'eu' } }), today);
    assert.deepEqual(refs(plan), [['eu/eco', 'eu/eco-zdr']]);
    assert.deepEqual(plan.route.ruledOut, [
      { tier: 'economy', ref: 'us/eco', why: 'lacks region=eu' },
      { tier: 'standard', ref: 'us/std', why: 'lacks region=eu' },
      { tier: 'premium', ref: 'eu/pro', why: 'lacks region=eu' },
    ]);
    assert.equal(plan.route.startTier, 0);
  });
  it('no requirement: the route is untouched (no notes)', () => {
    const plan = planCascade(catalog, request(), today);
    assert.deepEqual(refs(plan), [['us/eco', 'eu/eco', 'eu/eco-zdr'], ['us/std'], ['eu/pro']]);
    assert.equal(plan.route.ruledOut, undefined);
    assert.equal(plan.route.reordered, undefined);
  });
  it('a start tier left empty moves to the next tier left above it, else the highest below', () => {
    const up = planCascade(catalog, request({ require: { region: 'eu-west' }, startTier: 'standard' }), today);
    assert.deepEqual(refs(up), [['eu/pro']]);
    assert.equal(up.route.startTier, 0);
    const down = planCascade(catalog, request({ require: { region: 'us' }, startTier: 'premium' }), today);
    assert.deepEqual(refs(down), [['us/eco'], ['us/std']]);
    assert.equal(down.route.tiers[down.route.startTier]!.name, 'standard');
  });
  it('nothing left: fails fast with NoEligibleCandidate, saying why each candidate was ruled out', () => {
    assert.throws(
      () => planCascade(catalog, request({ require: { region: 'ap' } }), today),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === ConfigErrorCode.NoEligibleCandidate &&
        /economy us\/eco: lacks region=ap/.test(error.message) &&
        /premium eu\/pro: lacks region=ap/.test(error.message),
    );
  });
  it("the route's own require applies to requests and batches", () => {
    const routed = parseCatalog(
      {
        ...testCatalogJson('http://127.0.0.1:1/v1', {
          name: 'routed',
          tiers: [
            [
              'economy',
              [
                { ref: 'us/eco', behavior: empty },
                { ref: 'eu/eco', behavior: empty },
              ],
            ],
          ],
          route: { require: { region: 'eu' } },
          providerExtra: { us: { tags: { region: 'us' } }, eu: { tags: { region: 'eu' } } },
        }),
      },
      'routed',
    );
    assert.deepEqual(refs(planCascade(routed, request(), today)), [['eu/eco']]);
    assert.deepEqual(
      planBatch(routed, { task: 'extract' }, today).route.tiers.map((t) => t.candidates.map((c) => c.ref)),
      [['eu/eco']],
    );
  });
  it("a route's require that no candidate meets is an error when the catalog loads, at its path", () => {
    const json = testCatalogJson('http://127.0.0.1:1/v1', {
      name: 'unmeetable',
      tiers: [['economy', [{ ref: 'us/eco', behavior: empty }]]],
      route: { require: { region: 'eu' } },
      providerExtra: { us: { tags: { region: 'us' } } },
    });
    assert.throws(
      () => parseCatalog(json, 'unmeetable'),
      /routes\["extract"\]\.require: no candidate of this route carries region=eu/,
    );
  });
  it("ruled-out and moved candidates are rows of the run's route table (Current Details)", () => {
    const plan = planCascade(
      catalog,
      request({ require: { region: 'eu' }, latencyGoalMs: 500 }),
      today,
      measures({ 'eu/eco': { attempts: 9, successes: 9, p95Ms: 900 } }),
    );
    const table = routeMarkdown(plan.route);
    assert.match(table, /ruled out.*standard us\/std: lacks region=eu/);
    assert.match(table, /moved.*economy eu\/eco: measured p95 900 ms over the 500 ms latency goal: tried last/);
    assert.doesNotMatch(routeMarkdown(planCascade(catalog, request(), today).route), /ruled out|moved/);
  });
  it('ruled-out candidates appear in the failure lines of a cascade', () => {
    const plan = planCascade(catalog, request({ require: { region: 'eu' } }), today);
    const lines = candidateLines(plan.route, [], []);
    assert.ok(lines.includes('standard us/std: ruled out: lacks region=eu'), lines.join('\n'));
  });
});

describe('rankCandidates: measured order within a tier', () => {
  const tier = [{ ref: 'a' }, { ref: 'b' }, { ref: 'c' }];
  it('unmeasured (under 5 calls) keeps the static order', () => {
    const ranked = rankCandidates('t', tier, measures({ a: { attempts: 4, successes: 0 } }));
    assert.deepEqual(
      ranked.candidates.map((c) => c.ref),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(ranked.notes, []);
  });
  it('a flaky candidate drops behind a reliable one, with a note', () => {
    const ranked = rankCandidates(
      't',
      tier,
      measures({ a: { attempts: 10, successes: 5, p50Ms: 100 }, b: { attempts: 10, successes: 10, p50Ms: 100 } }),
    );
    assert.deepEqual(
      ranked.candidates.map((c) => c.ref),
      ['b', 'c', 'a'],
    );
    assert.match(ranked.notes.find((n) => n.ref === 'a')!.why, /50 % served of 10.*static position 1, now 3/);
  });
  it('rates within one 5-point step tie; then twice the latency drops behind; then static order', () => {
    const close = measures({
      a: { attempts: 50, successes: 48, p50Ms: 300 },
      b: { attempts: 50, successes: 49, p50Ms: 300 },
    });
    assert.deepEqual(
      rankCandidates('t', tier.slice(0, 2), close).candidates.map((c) => c.ref),
      ['a', 'b'],
    );
    const slow = measures({
      a: { attempts: 20, successes: 20, p50Ms: 1_200 },
      b: { attempts: 20, successes: 20, p50Ms: 400 },
    });
    assert.deepEqual(
      rankCandidates('t', tier.slice(0, 2), slow).candidates.map((c) => c.ref),
      ['b', 'a'],
    );
    const similar = measures({
      a: { attempts: 20, successes: 20, p50Ms: 600 },
      b: { attempts: 20, successes: 20, p50Ms: 500 },
    });
    assert.deepEqual(
      rankCandidates('t', tier.slice(0, 2), similar).candidates.map((c) => c.ref),
      ['a', 'b'],
    );
  });
});

describe('latency goal', () => {
  const tier = [{ ref: 'a' }, { ref: 'b' }, { ref: 'c' }];
  const measured = measures({
    a: { attempts: 10, successes: 10, p50Ms: 900, p95Ms: 2_500 },
    b: { attempts: 10, successes: 10, p50Ms: 200, p95Ms: 400 },
    c: { attempts: 2, successes: 2, p50Ms: 9_000, p95Ms: 9_000 },
  });
  it('a candidate whose p95 is over the goal is tried last; unmeasured ones are not penalised', () => {
    const applied = applyLatencyGoal('t', tier, measured, { goalMs: 1_000 });
    assert.deepEqual(
      applied.candidates.map((c) => c.ref),
      ['b', 'c', 'a'],
    );
    assert.deepEqual(applied.reordered, [
      { tier: 't', ref: 'a', why: 'measured p95 2500 ms over the 1000 ms latency goal: tried last' },
    ]);
    assert.deepEqual(applied.ruledOut, []);
  });
  it('strict: ruled out instead', () => {
    const applied = applyLatencyGoal('t', tier, measured, { goalMs: 1_000, strict: true });
    assert.deepEqual(
      applied.candidates.map((c) => c.ref),
      ['b', 'c'],
    );
    assert.equal(applied.ruledOut[0]!.ref, 'a');
  });
  it('planning applies it with the measurements it is given; strict can leave nothing', () => {
    const slowEco = measures({ 'us/eco': { attempts: 8, successes: 8, p50Ms: 3_000, p95Ms: 4_000 } });
    const plan = planCascade(catalog, request({ latencyGoalMs: 1_000 }), today, slowEco);
    assert.deepEqual(refs(plan)[0], ['eu/eco', 'eu/eco-zdr', 'us/eco']);
    assert.throws(
      () =>
        planCascade(
          catalog,
          request({ require: { region: 'us' }, latencyGoalMs: 1_000, latencyGoalStrict: true, startTier: 'economy' }),
          today,
          measures({
            'us/eco': { attempts: 8, successes: 8, p95Ms: 4_000 },
            'us/std': { attempts: 8, successes: 8, p95Ms: 4_000 },
          }),
        ),
      (error: unknown) => error instanceof CascadeConfigError && error.code === ConfigErrorCode.NoEligibleCandidate,
    );
  });
});

describe('CandidateStats: the bounded window of recent calls', () => {
  it('keeps the newest maxAttempts calls, forgets calls older than the window', () => {
    let now = 0;
    const stats = new CandidateStats({ maxAttempts: 4, windowMs: 1_000, now: () => now });
    for (const served of [false, false, true, true, true]) stats.record('a', served, 100);
    assert.deepEqual(stats.measure('a'), { attempts: 4, successes: 3, p50Ms: 100, p95Ms: 100 });
    now = 1_001;
    assert.equal(stats.measure('a'), undefined);
    stats.record('a', true, 50);
    assert.equal(stats.measure('a')!.attempts, 1);
  });
  it('p50 and p95 from served calls only (nearest rank)', () => {
    const stats = new CandidateStats();
    for (let ms = 1; ms <= 20; ms++) stats.record('a', true, ms * 10);
    stats.record('a', false, 99_999);
    assert.deepEqual(stats.measure('a'), { attempts: 21, successes: 20, p50Ms: 100, p95Ms: 190 });
    assert.equal(percentile([5], 0.95), 5);
  });
});
