// Integration tests — the classifier start tier on the real dev server with the fake provider: rules first, the
// classifier's call in the ledger (reason classify) and in the report, the fallback, deterministic replay
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { aggregateReport } from '../../cli/report/aggregate';
import { buildReportQuery } from '../../cli/report/query';
import { readRuns } from '../../cli/report/source';
import type { FakeCallContext, FakeReply } from '../../sim/fake-types';
import { workflowBundle } from '../../worker/bundle';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const Contact = z.object({ name: z.string(), email: z.string() });
const ANSWER = { name: 'Ada', email: 'ada@example.com' };

/** The small model: answers classifier prompts by a word of the input, extraction prompts with the contact. */
function smallModel(ctx: FakeCallContext): FakeReply {
  const schema = ctx.body?.response_format?.json_schema?.schema as { properties?: { tier?: unknown } } | undefined;
  if (!schema?.properties?.tier) return { kind: 'content', content: ANSWER };
  const text = JSON.stringify(ctx.body.messages);
  if (text.includes('broken')) return { kind: 'error', status: 400, message: 'bad request' };
  const tier = text.includes('hard') ? 'premium' : text.includes('weird') ? 'gold' : 'economy';
  return { kind: 'content', content: { tier, reason: `looks ${tier}` } };
}

describe('classifier start tier', () => {
  let env: CascadeEnv;

  before(async () => {
    env = await startCascadeEnv({
      name: 'classify',
      tiers: [
        ['economy', [{ ref: 'fake/eco', behavior: smallModel }]],
        ['standard', [{ ref: 'fake/std', behavior: { kind: 'content', content: ANSWER } }]],
        ['premium', [{ ref: 'fake/pre', behavior: { kind: 'content', content: ANSWER } }]],
      ],
      // Answers reserve at most 100 output tokens; the classifier 200 (its own default): a budget can fit one only.
      tierDefaults: { maxOutputTokens: 100 },
      route: {
        startRules: [{ tier: 'standard', inputMatches: 'urgent' }],
        classify: { model: 'fake/eco', tiers: ['economy', 'premium'] },
      },
    });
  });
  after(() => env.close());

  it("no rule matches: the classifier's call comes first in the ledger and the cascade starts where it says", async () => {
    const result = await env.run({ schema: Contact, input: 'a hard one: Ada <ada@example.com>' });
    const [classified, answer] = result.attempts;
    assert.equal(result.attempts.length, 2);
    assert.deepEqual([classified!.reason, classified!.tier, classified!.ref], ['classify', 'classify', 'fake/eco']);
    assert.equal(classified!.billed, true);
    assert.ok(classified!.costMicroUsd > 0);
    assert.match(classified!.reasonDetail, /classified: start at premium \(looks premium\)/);
    assert.deepEqual([answer!.tier, answer!.reason], ['premium', 'first']);
    assert.equal(result.finalTier, 'premium');
    assert.equal(result.totals.costMicroUsd, classified!.costMicroUsd + answer!.costMicroUsd);
    assert.ok(result.baselineCostUsd > 0);

    const easy = await env.run({ schema: Contact, input: 'Ada <ada@example.com>' });
    assert.deepEqual(
      easy.attempts.map((row) => [row.reason, row.tier]),
      [
        ['classify', 'classify'],
        ['first', 'economy'],
      ],
    );
  });

  it('a matching start rule decides alone: no classifier call', async () => {
    const before = env.callsTo('fake/eco').length;
    const result = await env.run({ schema: Contact, input: 'urgent: Ada <ada@example.com>' });
    assert.deepEqual(
      result.attempts.map((row) => [row.reason, row.tier]),
      [['first', 'standard']],
    );
    assert.equal(env.callsTo('fake/eco').length, before);
  });

  it('an unknown tier or a failed call falls back to the rules (the first tier), in the ledger', async () => {
    const weird = await env.run({ schema: Contact, input: 'weird: Ada <ada@example.com>' });
    assert.equal(weird.attempts[0]!.reason, 'classify');
    assert.equal(weird.attempts[0]!.outcome, 'schema_violation');
    assert.match(weird.attempts[0]!.reasonDetail, /classifier failed \(schema_violation\): start at economy \(rules\)/);
    assert.deepEqual([weird.attempts[1]!.tier, weird.finalTier], ['economy', 'economy']);

    const broken = await env.run({ schema: Contact, input: 'broken: Ada <ada@example.com>' });
    assert.deepEqual(
      broken.attempts.map((row) => [row.reason, row.outcome, row.billed]),
      [
        ['classify', 'bad_request', false],
        ['first', 'ok', true],
      ],
    );
    assert.equal(broken.finalTier, 'economy');
  });

  it("a budget too small for the classifier's worst case skips it; the cascade starts by the rules", async () => {
    // Worst cases at $1/$2 per 1M: the classifier ~100 prompt + 200 output tokens ≈ 500 µ$; an answer ≈ 250 µ$.
    const result = await env.run({ schema: Contact, input: 'a hard one: Ada', maxCostUsd: 0.0003 });
    assert.deepEqual(
      result.attempts.map((row) => [row.reason, row.tier]),
      [['first', 'economy']],
    );
  });

  it('the report reads the classifier call as its own tier; the history replays', async () => {
    const result = await env.run({ schema: Contact, input: 'hard again: Ada <ada@example.com>' });
    const { runs } = await readRuns(env.temporal.client, {
      query: buildReportQuery({ workflowId: result.workflowId }),
      limit: 5,
    });
    assert.equal(runs.length, 1);
    assert.deepEqual(
      runs[0]!.attempts.map((row) => [row.reason, row.tier]),
      [
        ['classify', 'classify'],
        ['first', 'premium'],
      ],
    );
    const byTier = aggregateReport(runs, 'tier');
    const classify = byTier.groups.find((group) => group.key === 'classify')!;
    assert.deepEqual([classify.attempts, classify.validResults], [1, 0]);
    assert.equal(byTier.groups.find((group) => group.key === 'premium')!.validResults, 1);
    assert.equal(byTier.total.validResults, 1);

    // What the UI shows: the classifier's activity summary, and Current Details naming the decision and the row.
    const handle = env.temporal.client.workflow.getHandle(result.workflowId);
    const history = await handle.fetchHistory();
    const summaries = (history.events ?? [])
      .map((event) => event.userMetadata?.summary)
      .filter((payload) => payload !== undefined && payload !== null)
      .map((payload) => defaultPayloadConverter.fromPayload<string>(payload!));
    assert.ok(
      summaries.includes('classify: fake/eco, which tier does this request need (economy, premium)'),
      summaries.join('\n'),
    );
    const metadata = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
    const details = metadata.currentDetails.replace(/\u00a0/g, '');
    assert.match(details, /\*\*premium\*\* \(classified: start at premium \(looks premium\)\)/);
    assert.match(details, /\| 1 \| classify \| fake\/eco \| classify \| ok \|/);
    await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, result.workflowId);
  });
});

describe('classifier start tier with two classifier models', () => {
  let env: CascadeEnv;

  before(async () => {
    env = await startCascadeEnv({
      name: 'classify-failover',
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        [
          'economy',
          [
            { ref: 'fake/eco2', behavior: { kind: 'content', content: ANSWER } },
            { ref: 'fake/cls2', behavior: smallModel },
          ],
        ],
        [
          'premium',
          [
            { ref: 'fake/pre2', behavior: { kind: 'content', content: ANSWER } },
            { ref: 'fake/down2', behavior: { kind: 'error', status: 503 } },
          ],
        ],
      ],
      route: { classify: { model: ['fake/down2', 'fake/cls2'] } },
    });
  });
  after(() => env.close());

  it('a classifier model that gives no answer hands over to the next; both calls are in the ledger', async () => {
    const result = await env.run({ schema: Contact, input: 'a hard one: Ada <ada@example.com>' });
    assert.deepEqual(
      result.attempts.map((row) => [row.reason, row.ref, row.outcome, row.billed]),
      [
        ['classify', 'fake/down2', 'provider_error', false],
        ['classify', 'fake/cls2', 'ok', true],
        ['first', 'fake/pre2', 'ok', true],
      ],
    );
    assert.match(result.attempts[0]!.reasonDetail, /next classifier model/);
    assert.match(result.attempts[1]!.reasonDetail, /classified: start at premium/);
  });
});
