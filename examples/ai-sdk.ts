/**
 * A cascade as a Vercel AI SDK model (docs/ai-sdk.md): `generateText` with `Output.object` on `cascadeModel('extract', { client })`
 * is one whole cascade (the call's schema is the cascade's; usage summed over every attempt; the ledger in
 * `providerMetadata.cascade`). The simulated catalog answers in-process, keyless:
 *   npx llm-cascade dev --no-worker   # in another terminal
 *   TEMPORAL_ADDRESS=localhost:7233 node lib/examples/ai-sdk.js
 */
import { Worker } from '@temporalio/worker';
import { generateText, Output } from 'ai';
import { z } from 'zod';
import { CascadePlugin, TASK_QUEUE } from '../index';
import { connectFromEnv } from '../entries/client'; // llm-cascade/client
import { connectWorkerFromEnv } from '../entries/worker'; // llm-cascade/worker
import { cascadeModel } from '../integrations/ai-sdk'; // llm-cascade/ai-sdk

async function main(): Promise<void> {
  const { connection, target } = await connectWorkerFromEnv();
  const worker = await Worker.create({
    connection,
    namespace: target.namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'),
    plugins: [new CascadePlugin({ catalog: 'simulated' })],
  });
  const { client } = await connectFromEnv();

  await worker.runUntil(async () => {
    const { output, usage, providerMetadata } = await generateText({
      model: cascadeModel('extract', { client }),
      output: Output.object({ schema: z.object({ name: z.string(), email: z.string() }) }),
      prompt: 'Ada Lovelace <ada@example.com>',
    });
    const cascade = providerMetadata?.cascade as { workflowId: string; tierPath: string[]; costUsd: number };
    console.log('output:', JSON.stringify(output));
    console.log(`usage: ${usage.inputTokens} in, ${usage.outputTokens} out (every attempt)`);
    console.log(`cascade ${cascade.workflowId}: tiers ${cascade.tierPath.join(' → ')}, $${cascade.costUsd.toFixed(6)}`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
