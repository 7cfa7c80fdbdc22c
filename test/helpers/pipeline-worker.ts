/**
 * A worker process for the support-triage pipeline, for tests that kill it (kill -9 between steps).
 * Usage: node pipeline-worker.js <address> <taskQueue> <catalog.json>
 */
import { NativeConnection } from '@temporalio/worker';
import { createPipelineWorker } from '../../examples/support-triage/worker';

async function run(): Promise<void> {
  const [address, taskQueue, catalog] = process.argv.slice(2);
  if (!address || !taskQueue || !catalog)
    throw new Error('usage: pipeline-worker <address> <taskQueue> <catalog.json>');
  const connection = await NativeConnection.connect({ address });
  try {
    const worker = await createPipelineWorker({ connection, taskQueue, catalog });
    process.stdout.write('pipeline worker running\n');
    await worker.run();
  } finally {
    await connection.close();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
