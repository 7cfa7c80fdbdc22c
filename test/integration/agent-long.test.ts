// Integration test — a long agent job (100 tool calls, ~200k tokens of tool results) on the real dev server
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { tool } from '../../activities/agent/tools';
import { countTextTokens } from '../../catalog/node/tokens';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import { SUMMARY_TASK, runIds, startAgentEnv, type AgentEnv } from '../helpers/agent-env';

const STEPS = 50;
const RUN_STEPS = 10;
const CARRY_EVENTS = ['EVENT_TYPE_WORKFLOW_EXECUTION_STARTED', 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW'];

/**
 * Per run of a job: history bytes per step without the carried state (the run's input and its continue-as-new
 * event: the ledger, a row per attempt, and the turns' sizes), the carried state's bytes, and the largest other event.
 */
async function historyFigures(e: AgentEnv, workflowId: string, run: number, steps: number) {
  const runs = (await runIds(e, workflowId, run)).reverse(); // visibility lists the newest run first
  assert.equal(runs.length, run);
  const perStep: number[] = [];
  const carried: number[] = [];
  let largestEvent = 0;
  for (const [index, runId] of runs.entries()) {
    const history = await e.temporal.client.workflow.getHandle(workflowId, runId).fetchHistory();
    let stepBytes = 0;
    for (const event of history.events ?? []) {
      const json = JSON.stringify(event);
      const bytes = Buffer.byteLength(json);
      const type = (JSON.parse(json) as { eventType: string }).eventType;
      if (CARRY_EVENTS.includes(type)) {
        if (type.endsWith('STARTED')) carried.push(bytes);
        continue;
      }
      if (type !== 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED') largestEvent = Math.max(largestEvent, bytes);
      stepBytes += bytes;
    }
    // Each run takes RUN_STEPS steps (continueAsNewAfterSteps), the last one what is left.
    const runSteps = index < runs.length - 1 ? RUN_STEPS : steps - RUN_STEPS * index;
    perStep.push(Math.round(stepBytes / runSteps));
  }
  return { perStep, carried, largestEvent };
}

let env: AgentEnv | undefined;
after(async () => {
  await env?.close();
});

describe('a long agent job (real Temporal server, fake provider)', () => {
  it('100 tool calls over ~200k tokens complete, and history grows by a bounded amount per step', async (t) => {
    let resultTokens = 0;
    const read = tool({
      name: 'read_page',
      description: 'Reads one page of a long document',
      input: z.object({ page: z.number().int() }),
      run: ({ page }) => {
        const text = `page ${page}: ${'the vendor ledger lists invoices and payments '.repeat(290)}`;
        resultTokens += countTextTokens(text);
        return { page, text };
      },
    });
    const eco = (ctx: FakeCallContext): FakeReply => {
      const step = ctx.callIndex;
      if (step >= STEPS) return { kind: 'content', content: { action: 'final', answer: { pages: STEPS * 2 } } };
      const calls = [0, 1].map((n) => ({ tool: 'read_page', arguments: { page: step * 2 + n } }));
      return { kind: 'content', content: { action: 'call_tools', calls } };
    };
    env = await startAgentEnv({
      name: 'agent-long',
      tiers: [['economy', [{ ref: 'eco/e1', behavior: eco, contextWindow: 128_000 }]]],
      summariser: { ref: 'sum/s1', behavior: { kind: 'content', content: { summary: 'Read pages so far.' } } },
      tools: [read],
    });
    const handle = await env.start({
      agent: {
        name: 'reader',
        instructions: 'Read every page, then answer.',
        tools: ['read_page'],
        task: 'agent',
        finalSchema: { type: 'object', properties: { pages: { type: 'integer' } }, required: ['pages'] },
        limits: { maxSteps: STEPS + 5 },
        compression: { thresholdTokens: 12_000, keepRecentTurns: 4, task: SUMMARY_TASK },
      },
      goal: 'Read the whole ledger',
      continueAsNewAfterSteps: RUN_STEPS,
    });
    const result = await handle.result();
    assert.equal(result.ending, 'done');
    assert.equal(result.steps, STEPS + 1);
    assert.ok(resultTokens >= 190_000, `tool results ${resultTokens} tokens`);

    const { perStep, carried } = await historyFigures(env, handle.workflowId, result.run, result.steps);
    const maxPrompt = Math.max(...env.callsTo('eco/e1').map((call) => call.usage!.promptTokens));
    t.diagnostic(
      `${result.run} runs, ${resultTokens} tokens of tool results, largest step prompt ${maxPrompt} tokens, ` +
        `history bytes per step by run (carried state apart): ${perStep.join(', ')}; carried state by run: ` +
        `${carried.join(', ')} B`,
    );
    // Bounded: a late run's history per step is about an early one's, though the transcript grew five-fold.
    const early = perStep[1]!;
    for (const late of perStep.slice(2, -1)) assert.ok(late <= early * 1.25, `${late} vs ${early}`);
    assert.ok(Math.max(...perStep.slice(0, -1)) < 250_000);
    assert.ok(maxPrompt <= 12_000);
  });

  it('claim check: no compression, ~200k tokens in the last prompt, history bytes per step stay flat', async (t) => {
    let resultTokens = 0;
    const read = tool({
      name: 'read_page',
      description: 'Reads one page of a long document',
      input: z.object({ page: z.number().int() }),
      run: ({ page }) => {
        const text = `page ${page}: ${'the vendor ledger lists invoices and payments '.repeat(290)}`;
        resultTokens += countTextTokens(text);
        return { page, text };
      },
    });
    const eco = (ctx: FakeCallContext): FakeReply => {
      const step = ctx.callIndex;
      if (step >= STEPS) return { kind: 'content', content: { action: 'final', answer: { pages: STEPS * 2 } } };
      const calls = [0, 1].map((n) => ({ tool: 'read_page', arguments: { page: step * 2 + n } }));
      return { kind: 'content', content: { action: 'call_tools', calls } };
    };
    await env?.close();
    env = await startAgentEnv({
      name: 'agent-claim',
      tiers: [['economy', [{ ref: 'eco/e1', behavior: eco, contextWindow: 1_000_000 }]]],
      tools: [read],
    });
    const handle = await env.start({
      agent: {
        name: 'reader',
        instructions: 'Read every page, then answer.',
        tools: ['read_page'],
        task: 'agent',
        finalSchema: { type: 'object', properties: { pages: { type: 'integer' } }, required: ['pages'] },
        limits: { maxSteps: STEPS + 5 },
      },
      goal: 'Read the whole ledger',
      continueAsNewAfterSteps: RUN_STEPS,
    });
    const result = await handle.result();
    assert.equal(result.ending, 'done');
    assert.equal(result.steps, STEPS + 1);
    assert.equal(result.ledger.length, STEPS + 1);
    const prompts = env.callsTo('eco/e1').map((call) => call.usage!.promptTokens);
    // Every prompt carries the whole conversation: the last one holds every tool result.
    assert.ok(prompts.at(-1)! >= resultTokens, `last prompt ${prompts.at(-1)} < ${resultTokens}`);
    assert.ok(resultTokens >= 190_000, `tool results ${resultTokens} tokens`);

    const { perStep, carried, largestEvent } = await historyFigures(env, handle.workflowId, result.run, result.steps);
    t.diagnostic(
      `claim check: ${result.run} runs, ${resultTokens} tokens of tool results, prompts ${prompts[0]} → ` +
        `${prompts.at(-1)} tokens; history bytes per step by run (carried state apart): ${perStep.join(', ')}; ` +
        `carried state by run: ${carried.join(', ')} B; largest step event ${largestEvent} B`,
    );
    // Flat: the fifth run's prompts are ~5x the second's, its history per step is not. The baseline is the second run:
    // the ledger memo (newest MEMO_STEP_ROWS steps) fills during the first, so the first run's steps are smaller.
    const early = perStep[1]!;
    for (const late of perStep.slice(2, -1)) assert.ok(late <= early * 1.1, `${late} vs ${early}`);
    assert.ok(Math.max(...perStep.slice(0, -1)) < 20_000, `per step ${perStep.join(', ')}`);
    assert.ok(largestEvent < 8_000, `largest event ${largestEvent} B`);
  });
});
