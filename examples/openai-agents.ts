/**
 * A cascade as an OpenAI Agents SDK model (docs/openai-agents.md): an agent whose model is `cascade/extract` runs
 * each model call as a cascade, through a Temporal client, and every response carries its ledger in
 * `providerData.cascade`. The simulated catalog answers in-process, keyless (it samples answers from the schema, so
 * the agent's text is a placeholder; tool calls that escalate are shown by test/integration/openai-agents.test.ts):
 *   npx llm-cascade dev --no-worker   # in another terminal
 *   TEMPORAL_ADDRESS=localhost:7233 node lib/examples/openai-agents.js
 */
import { Agent, Runner } from '@openai/agents-core';
import { Worker } from '@temporalio/worker';
import { CascadePlugin, TASK_QUEUE } from '../index';
import { connectFromEnv } from '../entries/client'; // llm-cascade/client
import { connectWorkerFromEnv } from '../entries/worker'; // llm-cascade/worker
import { cascadeModelProvider } from '../integrations/openai-agents'; // llm-cascade/openai-agents

interface CascadeData {
  workflowId: string;
  tierPath: string[];
  costUsd: number;
}

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

  const agent = new Agent({ name: 'Contacts', instructions: 'Answer with the email only.', model: 'cascade/extract' });
  const runner = new Runner({ modelProvider: cascadeModelProvider({ client }) });

  await worker.runUntil(async () => {
    const result = await runner.run(agent, 'Ada Lovelace <ada@example.com>: what is her email?');
    console.log(`final output: ${JSON.stringify(result.finalOutput)}`);
    for (const response of result.rawResponses) {
      const cascade = (response.providerData as { cascade?: CascadeData } | undefined)?.cascade;
      if (!cascade) continue;
      const tiers = cascade.tierPath.join(' → ');
      console.log(`model call = cascade ${cascade.workflowId}: ${tiers}, $${cascade.costUsd.toFixed(6)}`);
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
