/**
 * Child-process entry of the gateway benchmark: `llm-cascade serve` over the benchmark catalog.
 *   node serve-main.js <upstream base URL> <temporal address> <task queue> [both|gateway|worker] [worker tuning JSON]
 * `both` (the default, `serve --with-worker`): gateway and worker in one process, with eager workflow start (the
 * client shares the worker's connection). `gateway` (`serve --address`): the front door alone, its client on its own
 * connection; `worker`: a cascade worker alone, for the gateway of another process; `both-no-eager`: both, the
 * client on its own connection (what `serve --with-worker` did before it started eagerly).
 * Prints one JSON line `{ "url": … }` (a worker: `{ "worker": true }`) once ready; exits on SIGTERM or when stdin closes.
 */
import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { parseGatewayConfig } from '../../gateway/config';
import { startGateway, type Gateway } from '../../gateway/server';
import { benchCatalog } from '../setup/fixtures';
import { startCascadeWorker, type RunningWorker, type WorkerTuning } from '../setup/temporal-env';

type Part = 'both' | 'both-no-eager' | 'gateway' | 'worker';

async function main(): Promise<void> {
  const [baseURL, address, taskQueue, part = 'both', tuning = '{}'] = process.argv.slice(2) as [
    string,
    string,
    string,
    Part?,
    string?,
  ];
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const catalog = benchCatalog(baseURL);
  let worker: RunningWorker | undefined;
  let gateway: Gateway | undefined;
  let client: Client | undefined;
  if (part === 'both' || part === 'worker') {
    const native = await NativeConnection.connect({ address });
    worker = await startCascadeWorker({ native }, catalog, taskQueue, JSON.parse(tuning) as WorkerTuning);
    const eager: WorkflowClientInterceptor = {
      start: (input, next) => next({ ...input, options: { ...input.options, requestEagerStart: true } }),
    };
    client = new Client({ connection: native, interceptors: { workflow: [eager] } });
  } else client = new Client({ connection: await Connection.connect({ address }) });
  if (part === 'both-no-eager') {
    worker = await startCascadeWorker({ native: await NativeConnection.connect({ address }) }, catalog, taskQueue);
  }
  if (part !== 'worker') {
    // Unbounded request budget: the benchmark measures latency, not budgets (the same as the library rows).
    const config = parseGatewayConfig({ maxRequestUsd: 1000 }, 'bench');
    gateway = await startGateway({ client, catalog, taskQueue, config }, { host: '127.0.0.1', port: 0 });
  }
  const stop = () => {
    void Promise.resolve(gateway?.close())
      .then(() => worker?.stop())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify(gateway ? { url: gateway.url } : { worker: true })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
