// Integration test — a long agent job (100 tool calls, ~200k tokens of tool results) on the real dev server
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { tool } from '../../activities/agent/tools';
import { countTextTokens } from '../../catalog/node/tokens';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import { SUMMARY_TASK, runIds, startAgentEnv, type AgentEnv } from '../helpers/agent-env';

const STEPS = 50;
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
      continueAsNewAfterSteps: 10,
    });
    const result = await handle.result();
    assert.equal(result.ending, 'done');
    assert.equal(result.steps, STEPS + 1);
    assert.ok(resultTokens >= 190_000, `tool results ${resultTokens} tokens`);

    // Visibility lists the newest run first.
    const runs = (await runIds(env, handle.workflowId, result.run)).reverse();
    assert.equal(runs.length, result.run);
    const perStep: number[] = [];
    for (const [index, runId] of runs.entries()) {
      const history = await env.temporal.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      const bytes = Buffer.byteLength(JSON.stringify(history));
      // Each run takes 10 steps (continueAsNewAfterSteps), the last one what is left.
      const steps = index < runs.length - 1 ? 10 : result.steps - 10 * index;
      perStep.push(Math.round(bytes / steps));
    }
    const maxPrompt = Math.max(...env.callsTo('eco/e1').map((call) => call.usage!.promptTokens));
    t.diagnostic(
      `${result.run} runs, ${resultTokens} tokens of tool results, largest step prompt ${maxPrompt} tokens, ` +
        `history bytes per step by run: ${perStep.join(', ')}`,
    );
    // Bounded: a late run's history per step is about an early one's, though the transcript grew five-fold.
    const early = perStep[1]!;
    for (const late of perStep.slice(2, -1)) assert.ok(late <= early * 1.25, `${late} vs ${early}`);
    assert.ok(Math.max(...perStep.slice(0, -1)) < 250_000);
    assert.ok(maxPrompt <= 12_000);
  });
});
