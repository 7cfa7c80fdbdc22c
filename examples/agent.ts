/**
 * The agent example of docs/agent-jobs.md, compiled with the project so it cannot drift from the API.
 * A worker with two tools and one agent job that needs a person's approval to pay (needs provider keys):
 *   TEMPORAL_ADDRESS=localhost:7233 node lib/examples/agent.js
 */
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { CascadePlugin, TASK_QUEUE, startAgent, tool } from '../index';
import { connectFromEnv } from '../entries/client'; // llm-cascade/client
import { connectWorkerFromEnv } from '../entries/worker'; // llm-cascade/worker

const OWED: Record<string, number> = { Acme: 1250, Globex: 310 };

const lookupOwed = tool({
  name: 'lookup_owed',
  description: 'What we owe a vendor, in EUR',
  input: z.object({ vendor: z.string() }),
  run: ({ vendor }) => ({ vendor, owedEur: OWED[vendor] ?? 0 }),
});
const pay = tool({
  name: 'pay',
  description: 'Pays a vendor (a person approves every payment)',
  input: z.object({ vendor: z.string(), amountEur: z.number().positive() }),
  // A tool runs at least once: give your payment API the call id as its idempotency key.
  run: ({ vendor, amountEur }, { callId }) => ({ paid: true, vendor, amountEur, idempotencyKey: callId }),
});

async function main(): Promise<void> {
  const { connection, target } = await connectWorkerFromEnv(); // TEMPORAL_ADDRESS, a temporal.toml profile…
  const worker = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'), // your workflows module: the plugin adds llm-cascade's own
    plugins: [new CascadePlugin({ tools: [lookupOwed, pay] })],
  });
  const { client } = await connectFromEnv();

  await worker.runUntil(async () => {
    const job = await startAgent(client, {
      agent: {
        name: 'payables',
        instructions: 'You settle what we owe vendors. Look amounts up; never guess them.',
        tools: ['lookup_owed', 'pay'],
        task: 'extract', // the catalog route its steps run on
        finalSchema: z.object({ paid: z.array(z.object({ vendor: z.string(), amountEur: z.number() })) }),
        limits: { maxSteps: 10, maxCostUsd: 0.05, maxWallTimeMs: 3 * 86_400_000 },
        approval: { tools: ['pay'], timeoutMs: 86_400_000, defaultDecision: 'denied' },
        compression: { thresholdTokens: 6_000 },
      },
      goal: 'Pay Acme and Globex what we owe them.',
    });
    // A person approves each payment (here: at once; in life, hours later from the CLI or the UI).
    for (;;) {
      const status = await job.status();
      if (status.ending) break;
      if (status.pendingApprovals.length > 0) await job.approve();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const result = await job.result();
    console.log(result.ending, JSON.stringify(result.answer), `$${result.totals.costUsd.toFixed(6)}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
