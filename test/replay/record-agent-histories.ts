/**
 * Records agent job histories for the replay test: `npm run record:histories -- agent [label]` (or
 * `node lib/test/replay/record-agent-histories.js [label]`). One job calls two tools in parallel, waits for an
 * approval, receives a person's message, compresses its transcript and continues as new twice; every run's history
 * is written to test/fixtures/histories/ (`agentWorkflow_1.24.0_<label>_run-<n>.json`), and the replay test
 * replays them all against the current bundle. A label names the code path recorded (`inline`: before the claim
 * check; `claim-check`: since), so histories of both keep replaying.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { z } from 'zod';
import { tool } from '../../activities/agent/tools';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import { SUMMARY_TASK, runIds, startAgentEnv } from '../helpers/agent-env';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/histories');
const LABEL = process.argv[2] ?? 'claim-check';
const OWED: Record<string, number> = { Acme: 1200, Globex: 300, Initech: 0 };

const content = (value: unknown): FakeReply => ({ kind: 'content', content: value });
const call = (name: string, args: unknown) => ({ tool: name, arguments: args });
/** The model's steps: parallel lookups, a call that needs approval, a question, more lookups, the answer. */
const STEPS: FakeReply[] = [
  content({ action: 'call_tools', calls: [call('lookup', { vendor: 'Acme' }), call('lookup', { vendor: 'Globex' })] }),
  content({ action: 'call_tools', calls: [call('pay', { vendor: 'Globex', amount: 300 })] }),
  content({ action: 'ask_user', question: 'Should Initech be included?' }),
  content({ action: 'call_tools', calls: [call('lookup', { vendor: 'Initech' })] }),
  content({ action: 'final', answer: { total: 1500, vendors: ['Acme', 'Globex'] } }),
];

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('the recorded job never reached the expected state');
    await new Promise((done) => setTimeout(done, 200));
  }
}

async function main(): Promise<void> {
  const lookup = tool({
    name: 'lookup',
    description: 'What we owe a vendor',
    input: z.object({ vendor: z.string() }),
    run: ({ vendor }) => ({ vendor, owed: OWED[vendor] ?? 0, notes: `ledger notes for ${vendor} `.repeat(40) }),
  });
  const pay = tool({
    name: 'pay',
    description: 'Pays a vendor (needs approval)',
    input: z.object({ vendor: z.string(), amount: z.number() }),
    run: () => ({ paid: true }),
  });
  const env = await startAgentEnv({
    name: `record-agent-${LABEL}`,
    tiers: [['economy', [{ ref: 'eco/e1', behavior: (ctx: FakeCallContext) => STEPS[ctx.callIndex]! }]]],
    summariser: { ref: 'sum/s1', behavior: content({ summary: 'Acme is owed 1200, Globex 300 (paid).' }) },
    tools: [lookup, pay],
  });
  try {
    const handle = await env.start(
      {
        agent: {
          name: 'owed',
          instructions: 'You find what we owe vendors.',
          tools: ['lookup', 'pay'],
          task: 'agent',
          finalSchema: z.object({ total: z.number(), vendors: z.array(z.string()) }),
          approval: { tools: ['pay'] },
          compression: { thresholdTokens: 600, keepRecentTurns: 2, task: SUMMARY_TASK },
        },
        goal: 'Which vendors do we owe, and how much?',
        continueAsNewAfterSteps: 2,
        metadata: { sessionId: 'replay' },
      },
      `record-agent-${LABEL}-${Date.now()}`,
    );
    await waitFor(async () => (await handle.status()).state === 'waiting_approval');
    await handle.approve();
    await waitFor(async () => (await handle.status()).state === 'waiting_input');
    await handle.send('Yes, include Initech.');
    const result = await handle.result();
    if (result.ending !== 'done') throw new Error(`the recorded job ended ${result.ending}: ${result.reason}`);
    const runs = (await runIds(env, handle.workflowId, result.run)).reverse();
    for (const [index, runId] of runs.entries()) {
      const history = await env.temporal.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      const file = join(FIXTURES, `agentWorkflow_1.24.0_${LABEL}_run-${index + 1}.json`);
      writeFileSync(file, historyToJSON(history));
      console.log(`recorded ${file} (${history.events?.length ?? 0} events)`);
    }
    console.log(`${result.run} runs, ${result.steps} steps, ${result.ledger.length} ledger rows`);
  } finally {
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
