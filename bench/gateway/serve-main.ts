/**
 * Child-process entry of the gateway benchmark: `llm-cascade serve --with-worker` over the benchmark catalog, in one
 * process (gateway + worker), with eager workflow start (the client shares the worker's connection).
 *   node serve-main.js <upstream base URL> <temporal address> <task queue>
 * Prints one JSON line `{ "url": … }` once listening; exits on SIGTERM or when stdin closes.
 */
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { parseGatewayConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/server';
import { benchCatalog } from '../setup/fixtures';
import { startCascadeWorker } from '../setup/temporal-env';

async function main(): Promise<void> {
  const [baseURL, address, taskQueue] = process.argv.slice(2) as [string, string, string];
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const catalog = benchCatalog(baseURL);
  const native = await NativeConnection.connect({ address });
  const worker = await startCascadeWorker({ native }, catalog, taskQueue);
  const eager: WorkflowClientInterceptor = {
    start: (input, next) => next({ ...input, options: { ...input.options, requestEagerStart: true } }),
  };
  const client = new Client({ connection: native, interceptors: { workflow: [eager] } });
  // Unbounded request budget: the benchmark measures latency, not budgets (the same as the library rows).
  const config = parseGatewayConfig({ maxRequestUsd: 1000 }, 'bench');
  const gateway = await startGateway({ client, catalog, taskQueue, config }, { host: '127.0.0.1', port: 0 });
  const stop = () => {
    void gateway
      .close()
      .then(() => worker.stop())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: gateway.url })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
