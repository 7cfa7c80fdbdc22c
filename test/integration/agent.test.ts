// Integration tests — agent jobs on the real Temporal dev server, steps answered by the loopback fake provider
// Longer than 250 lines because its agent jobs (tools, approvals, questions, compression, continue-as-new) share one worker and fake provider.
import { after, describe, it } from 'node:test';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../worker/bundle';
import assert from 'node:assert/strict';
import { runReport } from '../../cli/actions/report';
import { getTestServer } from '../helpers/temporal';
import { z } from 'zod';
import { tool } from '../../activities/agent/tools';
import type { AgentDefinition } from '../../client/agent-client';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import { SUMMARY_TASK, runIds, startAgentEnv, type AgentEnv, type AgentEnvOptions } from '../helpers/agent-env';
import type { AgentHandle } from '../../client/agent-client';
import type { AgentStatus } from '../../workflows/agent/definitions';
import { LlmModel, LlmTier } from '../../workflows/definitions/search-attributes';

const OWED: Record<string, number> = { Acme: 1200, Globex: 300 };

/** A `lookup` tool that records every argument object it was called with. */
function lookupTool(seen: unknown[], padding = 0) {
  return tool({
    name: 'lookup',
    description: 'What we owe a vendor',
    input: z.object({ vendor: z.string() }),
    run: ({ vendor }) => {
      seen.push({ vendor });
      return { vendor, owed: OWED[vendor] ?? 0, ...(padding ? { notes: `note ${vendor} `.repeat(padding) } : {}) };
    },
  });
}
function payTool(paid: unknown[]) {
  return tool({
    name: 'pay',
    description: 'Pays a vendor (needs approval)',
    input: {
      type: 'object',
      properties: { vendor: { type: 'string' }, amount: { type: 'number' } },
      required: ['vendor', 'amount'],
    },
    run: (args) => {
      paid.push(args);
      return { paid: true };
    },
  });
}

const Answer = z.object({ total: z.number(), vendors: z.array(z.string()) });
function agent(overrides: Partial<AgentDefinition> = {}): AgentDefinition {
  return {
    name: 'owed',
    instructions: 'You find what we owe vendors.',
    tools: ['lookup'],
    task: 'agent',
    finalSchema: Answer,
    ...overrides,
  };
}
const content = (value: unknown): FakeReply => ({ kind: 'content', content: value });
const calls = (...list: [string, unknown][]) =>
  content({ action: 'call_tools', calls: list.map(([name, args]) => ({ tool: name, arguments: args })) });
const FINAL = content({ action: 'final', answer: { total: 1500, vendors: ['Acme', 'Globex'] } });

const envs: AgentEnv[] = [];
async function env(options: AgentEnvOptions) {
  const created = await startAgentEnv(options);
  envs.push(created);
  return created;
}
after(async () => {
  await Promise.all(envs.map((e) => e.close()));
});

async function waitForStatus(handle: AgentHandle, ok: (status: AgentStatus) => boolean): Promise<AgentStatus> {
  const until = Date.now() + 20_000;
  for (;;) {
    const status = await handle.status().catch(() => undefined);
    if (status && ok(status)) return status;
    if (Date.now() > until) throw new Error(`status never matched; last: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** `llm-cascade report --kind job` (in-process) over one task queue's agent jobs. */
async function jobReport(taskQueue: string) {
  const { address } = await getTestServer();
  const text = await runReport({
    since: '24h',
    by: 'task',
    kind: 'job',
    format: 'json',
    limit: 1000,
    address,
    query: `TaskQueue = "${taskQueue}"`,
  });
  return JSON.parse(text) as { total: { costMicroUsd: number; requests: number; attempts: number } };
}

/** The step requests a model received, in order. */
function stepBodies(e: AgentEnv, ref: string) {
  return e.callsTo(ref).map((call) => call.body as { messages: { role: string; content: string }[] });
}

describe('agent jobs (real Temporal server, fake provider)', () => {
  it('parallel tool calls, then the final answer; the ledger equals the provider bill, step by step', async () => {
    const seen: unknown[] = [];
    const e = await env({
      name: 'agent-parallel',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/e1',
              behavior: [calls(['lookup', { vendor: 'Acme' }], ['lookup', { vendor: 'Globex' }]), FINAL],
            },
          ],
        ],
      ],
      tools: [lookupTool(seen)],
    });
    const handle = await e.start({ agent: agent(), goal: 'What do we owe Acme and Globex?' });
    const result = await handle.result();
    assert.equal(result.ending, 'done');
    assert.deepEqual(result.answer, { total: 1500, vendors: ['Acme', 'Globex'] });
    assert.deepEqual(seen.map((s) => (s as { vendor: string }).vendor).sort(), ['Acme', 'Globex']);
    assert.equal(result.steps, 2);
    assert.deepEqual(
      result.ledger.map((row) => [row.agentStep, row.purpose, row.outcome]),
      [
        [1, 'step', 'ok'],
        [2, 'step', 'ok'],
      ],
    );
    assert.equal(result.totals.costMicroUsd, e.providerBillMicroUsd());
    // The workflow list's columns: the latest attempt's tier and model, as for a cascade.
    const attributes = (await handle.handle.describe()).typedSearchAttributes;
    assert.equal(attributes.get(LlmModel), 'eco/e1');
    assert.equal(attributes.get(LlmTier), 'economy');
    // The second step's prompt carries both results, after the unchanged prefix.
    const [first, second] = stepBodies(e, 'eco/e1');
    const results = second!.messages.find((m) => m.content.startsWith('Tool results'))!.content;
    assert.match(results, /s1c1 lookup: \{"vendor":"Acme","owed":1200\}/);
    assert.match(results, /s1c2 lookup: \{"vendor":"Globex","owed":300\}/);
    assert.deepEqual(second!.messages.slice(0, 2), first!.messages.slice(0, 2));
    // The job's own `ledger` query (its rows name the agent step), not a step cascade's.
    const ledger = await handle.ledger();
    assert.deepEqual(
      ledger.attempts.map((row) => [row.agentStep, row.purpose]),
      [
        [1, 'step'],
        [2, 'step'],
      ],
    );
    assert.equal(ledger.done, true);
  });

  it('an invalid tool call is a billed schema_violation that escalates; the tool never sees invalid arguments', async () => {
    const seen: unknown[] = [];
    const e = await env({
      name: 'agent-invalid',
      tiers: [
        ['economy', [{ ref: 'eco/e1', behavior: calls(['lookup', { vendor: 42 }]) }]],
        [
          'standard',
          [
            {
              ref: 'std/s1',
              behavior: [calls(['lookup', { vendor: 'Acme' }]), FINAL],
              inputUsdPerMTok: 3,
              outputUsdPerMTok: 6,
            },
          ],
        ],
      ],
      tools: [lookupTool(seen)],
    });
    const result = await (await e.start({ agent: agent(), goal: 'What do we owe Acme?' })).result();
    assert.equal(result.ending, 'done');
    assert.deepEqual(seen, [{ vendor: 'Acme' }]);
    assert.deepEqual(
      result.ledger.map((row) => [row.agentStep, row.ref, row.outcome, row.billed]),
      [
        [1, 'eco/e1', 'schema_violation', true],
        [1, 'std/s1', 'ok', true],
        [2, 'eco/e1', 'schema_violation', true],
        [2, 'std/s1', 'ok', true],
      ],
    );
    assert.ok(
      result.ledger[0]!.validationErrors!.some((line) => line.includes('/calls/0/arguments/vendor must be string')),
    );
    assert.ok(result.ledger[0]!.costMicroUsd > 0);
    assert.equal(result.totals.costMicroUsd, e.providerBillMicroUsd());
  });

  it('native tool calling: tools go as `tools`, calls come back as tool_calls and are validated the same way', async () => {
    const seen: unknown[] = [];
    const native = (...list: [string, string][]): FakeReply => ({
      kind: 'content',
      content: null,
      toolCalls: list.map(([name, args]) => ({ name, arguments: args })),
    });
    const e = await env({
      name: 'agent-native',
      tiers: [
        ['economy', [{ ref: 'eco/e1', behavior: [native(['lookup', '{"vendor":42}']), FINAL] }]],
        [
          'standard',
          [{ ref: 'std/s1', behavior: native(['lookup', '{"vendor":"Acme"}'], ['lookup', '{"vendor":"Globex"}']) }],
        ],
      ],
      tools: [lookupTool(seen)],
      toolCalling: ['eco/e1', 'std/s1'],
    });
    const result = await (await e.start({ agent: agent(), goal: 'What do we owe?' })).result();
    assert.equal(result.ending, 'done');
    assert.deepEqual(result.answer, { total: 1500, vendors: ['Acme', 'Globex'] });
    // The tool never saw the invalid call; it saw both valid ones, run in parallel.
    assert.deepEqual(seen.map((s) => (s as { vendor: string }).vendor).sort(), ['Acme', 'Globex']);
    assert.deepEqual(
      result.ledger.map((row) => [row.agentStep, row.ref, row.outcome]),
      [
        [1, 'eco/e1', 'schema_violation'],
        [1, 'std/s1', 'ok'],
        [2, 'eco/e1', 'ok'],
      ],
    );
    assert.ok(
      result.ledger[0]!.validationErrors!.some((line) => line.includes('/calls/0/arguments/vendor must be string')),
    );
    assert.equal(result.totals.costMicroUsd, e.providerBillMicroUsd());
    const body = e.callsTo('eco/e1')[0]!.body as {
      tools: { type: string; function: { name: string; description: string; parameters: { properties: object } } }[];
      tool_choice: string;
    };
    assert.equal(body.tool_choice, 'auto');
    assert.deepEqual(
      body.tools.map((t) => [
        t.type,
        t.function.name,
        t.function.description,
        Object.keys(t.function.parameters.properties),
      ]),
      [['function', 'lookup', 'What we owe a vendor', ['vendor']]],
    );
  });

  it('waits for approval across continue-as-new and a worker restart, then runs the call after approve', async () => {
    const paid: unknown[] = [];
    const e = await env({
      name: 'agent-approve',
      tiers: [['economy', [{ ref: 'eco/e1', behavior: [calls(['pay', { vendor: 'Acme', amount: 1200 }]), FINAL] }]]],
      tools: [payTool(paid)],
    });
    const handle = await e.start({
      agent: agent({ tools: ['pay'], approval: { tools: ['pay'] } }),
      goal: 'Pay Acme',
      continueAsNewAfterSteps: 1,
    });
    const waiting = await waitForStatus(handle, (s) => s.state === 'waiting_approval');
    assert.equal(waiting.run, 2, 'the pending approval was carried through continue-as-new');
    assert.deepEqual(
      waiting.pendingApprovals.map((call) => [call.id, call.tool, call.arguments]),
      [['s1c1', 'pay', { vendor: 'Acme', amount: 1200 }]],
    );
    await e.stopWorker();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await e.startWorker();
    assert.equal(paid.length, 0);
    assert.equal((await handle.status()).state, 'waiting_approval');
    await handle.approve('s1c1');
    const result = await handle.result();
    assert.equal(result.ending, 'done');
    assert.deepEqual(paid, [{ vendor: 'Acme', amount: 1200 }]);
    assert.equal(result.run, 2);
    assert.equal(result.totals.costMicroUsd, e.providerBillMicroUsd());
  });

  it('deny: the call is not run and the model reads why; a deadline applies the default decision', async () => {
    const paid: unknown[] = [];
    const e = await env({
      name: 'agent-deny',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/e1',
              behavior: (ctx: FakeCallContext) =>
                ctx.callIndex % 2 === 0 ? calls(['pay', { vendor: 'Acme', amount: 5 }]) : FINAL,
            },
          ],
        ],
      ],
      tools: [payTool(paid)],
    });
    const denied = await e.start({ agent: agent({ tools: ['pay'], approval: { tools: ['pay'] } }), goal: 'Pay Acme' });
    await waitForStatus(denied, (s) => s.state === 'waiting_approval');
    await denied.deny(undefined, 'not this month');
    const deniedResult = await denied.result();
    assert.equal(deniedResult.ending, 'done');
    assert.equal(paid.length, 0);
    const results = deniedResult.transcript.find((turn) => turn.kind === 'tool_results')!.content;
    assert.match(results, /"denied":true/);
    assert.match(results, /a person denied this call: not this month/);

    const defaulted = await e.start({
      agent: agent({ tools: ['pay'], approval: { tools: ['pay'], timeoutMs: 1_000, defaultDecision: 'approved' } }),
      goal: 'Pay Acme',
    });
    const result = await defaulted.result();
    assert.equal(result.ending, 'done');
    assert.deepEqual(paid, [{ vendor: 'Acme', amount: 5 }]);
  });

  it('the job budget ends a job mid-run with budget_exhausted and never bills more than the budget', async () => {
    const seen: unknown[] = [];
    const e = await env({
      name: 'agent-budget',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/e1',
              behavior: calls(['lookup', { vendor: 'Acme' }]),
              inputUsdPerMTok: 100,
              outputUsdPerMTok: 200,
            },
          ],
        ],
      ],
      tools: [lookupTool(seen)],
    });
    const result = await (await e.start({ agent: agent(), goal: 'Keep looking', maxCostUsd: 0.6 })).result();
    assert.equal(result.ending, 'budget_exhausted');
    assert.ok(result.steps >= 2, `steps ${result.steps}`);
    assert.ok(result.totals.costMicroUsd <= 600_000, `spent ${result.totals.costMicroUsd}`);
    assert.equal(result.totals.costMicroUsd, e.providerBillMicroUsd());
    assert.equal(e.callsTo('eco/e1').length, result.steps);
    assert.match(result.reason ?? '', /budget/i);
  });

  it('a long job compresses older turns, continues as new with its totals and summary, and its prompt stays under the threshold', async () => {
    const seen: unknown[] = [];
    const THRESHOLD = 3_000;
    let previous = '';
    // A simulated prompt cache: the part of the request equal to the previous request's start is served cached.
    const cachedShare: number[] = [];
    const eco = (ctx: FakeCallContext): FakeReply => {
      const text = JSON.stringify(ctx.body.messages);
      let same = 0;
      while (same < text.length && same < previous.length && text[same] === previous[same]) same++;
      previous = text;
      const cached = Math.floor((ctx.promptTokens * same) / text.length);
      cachedShare.push(cached / ctx.promptTokens);
      const reply = ctx.callIndex < 9 ? calls(['lookup', { vendor: `V${ctx.callIndex}` }]) : FINAL;
      return { ...reply, usage: { cachedTokens: cached } } as FakeReply;
    };
    const e = await env({
      name: 'agent-compress',
      tiers: [['economy', [{ ref: 'eco/e1', behavior: eco, cachedInputUsdPerMTok: 0.1 }]]],
      summariser: {
        ref: 'sum/s1',
        behavior: content({ summary: 'Looked up V0…Vn: each owed 0.' }),
        inputUsdPerMTok: 0.1,
        outputUsdPerMTok: 0.2,
      },
      tools: [lookupTool(seen, 400)],
    });
    const handle = await e.start({
      agent: agent({ compression: { thresholdTokens: THRESHOLD, keepRecentTurns: 2, task: SUMMARY_TASK } }),
      goal: 'Look up ten vendors',
      continueAsNewAfterSteps: 3,
    });
    const result = await handle.result();
    assert.equal(result.ending, 'done');
    assert.equal(result.steps, 10);
    assert.equal(seen.length, 9);
    assert.ok(result.run >= 3, `runs ${result.run}`);
    const compressions = result.ledger.filter((row) => row.purpose === 'compression');
    assert.ok(compressions.length >= 2, `compressions ${compressions.length}`);
    assert.equal(e.callsTo('sum/s1').length, compressions.length);
    assert.equal(result.summary, 'Looked up V0…Vn: each owed 0.');
    for (const call of e.callsTo('eco/e1'))
      assert.ok(call.usage!.promptTokens <= THRESHOLD, `${call.usage!.promptTokens}`);
    // The ledger spans every run and equals the provider's bill.
    assert.equal(result.ledger.length, 10 + compressions.length);
    assert.equal(result.totals.costMicroUsd, e.providerBillMicroUsd());
    // The `ledger` query of the last run answers for the whole job: every run's rows.
    assert.deepEqual((await handle.ledger()).attempts, result.ledger);
    // `llm-cascade report` reads every run's history: each step (compressions included) a request, the bill in all.
    const report = await jobReport(e.taskQueue);
    assert.equal(report.total.costMicroUsd, e.providerBillMicroUsd());
    assert.equal(report.total.requests, 10 + compressions.length);
    assert.equal(report.total.attempts, result.ledger.length);
    // The fixed prefix is served from the cache after the first step.
    assert.equal(cachedShare[0], 0);
    const later = cachedShare.slice(1);
    assert.ok(
      later.every((share) => share > 0.2),
      JSON.stringify(later),
    );
    assert.ok(result.totals.cachedInputTokens > 0);

    // Every run of the job (each continue-as-new) replays deterministically on the current workflow code.
    const runs = await runIds(e, handle.workflowId, result.run);
    const bundle = await workflowBundle();
    for (const runId of runs) {
      const history = await e.temporal.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle: bundle, replayName: `agent-${runId}` }, history);
    }
  });
});
