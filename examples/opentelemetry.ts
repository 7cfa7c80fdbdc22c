/**
 * OpenTelemetry traces of a cascade (docs/opentelemetry.md): one trace from the client's StartWorkflow span through
 * Temporal's workflow and activity spans to a `chat <model>` span per attempt, exported with OTLP/HTTP. The simulated
 * catalog answers in-process (no keys); the spans go to OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318
 * (Jaeger, Phoenix or an OpenTelemetry Collector listening there):
 *   npx llm-cascade dev --no-worker   # in another terminal
 *   TEMPORAL_ADDRESS=localhost:7233 node lib/examples/opentelemetry.js
 */
import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { CascadePlugin, runCascade, TASK_QUEUE } from '../index';
import { connectFromEnv } from '../entries/client'; // llm-cascade/client
import { connectWorkerFromEnv } from '../entries/worker'; // llm-cascade/worker

const Contact = z.object({ name: z.string(), email: z.string() });

async function main(): Promise<void> {
  // Tracing on: the endpoint and service name may also come from OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME.
  const plugin = new CascadePlugin({ catalog: 'simulated', telemetry: { serviceName: 'llm-cascade-example' } });
  const { connection: workerConnection, target } = await connectWorkerFromEnv();
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: target.namespace,
    taskQueue: TASK_QUEUE,
    workflowsPath: require.resolve('../workflows'), // your workflows module: the plugin adds llm-cascade's own
    plugins: [plugin],
  });
  // The same plugin on the client: the trace starts with the client's StartWorkflow span.
  const { connection } = await connectFromEnv();
  const client = new Client({ connection, namespace: target.namespace, plugins: [plugin] });

  const result = await worker.runUntil(
    runCascade(client, { task: 'extract', schema: Contact, input: 'Ada Lovelace <ada@example.com>' }),
  );
  for (const a of result.attempts) console.log(`span "chat ${a.model}": ${a.tier}, ${a.reason}, ${a.outcome}`);
  // The worker flushed its spans when runUntil stopped it; the client's are flushed here.
  await plugin.tracing?.shutdown();
  console.log(`trace of ${result.workflowId} sent to ${plugin.tracing?.settings.url}`);
  await connection.close();
  await workerConnection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
