/**
 * The Getting started example (docs/getting-started.md), compiled with the project so it cannot drift from the API.
 * A worker and one cascade on the simulated catalog (no keys; `new CascadePlugin()` for real providers):
 *   npx llm-cascade dev --no-worker   # in another terminal
 *   TEMPORAL_ADDRESS=localhost:7233 node lib/examples/quickstart.js
 */
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { CascadePlugin, runCascade, TASK_QUEUE } from '../index';
import { connectFromEnv } from '../entries/client'; // llm-cascade/client
import { connectWorkerFromEnv } from '../entries/worker'; // llm-cascade/worker

const Invoice = z.object({
  vendor: z.string(),
  invoiceNumber: z.string(),
  total: z.number(),
  currency: z.enum(['USD', 'EUR', 'GBP']),
  dueDate: z.string().nullable(),
});

async function main(): Promise<void> {
  // Both connect as Temporal's CLI does: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, a temporal.toml profile (TLS, API key),
  // else localhost:7233.
  const { connection, target } = await connectWorkerFromEnv();
  // Worker: our workflows and the model-calling activities, the simulated catalog answers in-process, keyless.
  const worker = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'), // your workflows module: the plugin adds llm-cascade's own
    plugins: [new CascadePlugin({ catalog: 'simulated' })],
  });
  const { client } = await connectFromEnv();

  await worker.runUntil(async () => {
    const result = await runCascade(client, {
      task: 'extract',
      schema: Invoice,
      instructions: 'Extract the invoice fields.',
      input: 'ACME GmbH — Invoice 2024-117 — total due EUR 1,250.00 by 2024-07-31',
      maxCostUsd: 0.05,
      metadata: { sessionId: 'quickstart' },
    });
    // result.output is typed as z.output<typeof Invoice>
    console.log(result.output.total, result.output.currency);
    for (const a of result.attempts) console.log(a.tier, a.ref, a.outcome, `$${a.costUsd.toFixed(6)}`);
    console.log(`total $${result.totalCostUsd.toFixed(6)} vs premium-only $${result.baselineCostUsd.toFixed(6)}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
