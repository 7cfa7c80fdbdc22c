/**
 * Where the CLI's Temporal comes from: `--address`, then the config file's `temporal.address`, then Temporal's
 * environment configuration (TEMPORAL_ADDRESS, the temporal.toml profile); with none of them, an embedded dev server
 * is started and stopped with the command.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { startDevServer, type DevServer } from '../server/dev-server';
import type { CascadeConfig } from './config';
import { temporalTarget } from './temporal-target';
import { openConnection } from '../connect/client';
import { openNativeConnection } from '../connect/native';
import { createCascadeWorker } from '../worker/create-worker';
import { workerOptions } from '../worker/config';
import { cliClient, flushClientSpans } from './client';
import { hostname } from 'node:os';
import { catalogFingerprint } from '../catalog/node/fingerprint';
import { withCatalog } from '../worker/catalog-identity';
import { describeWorker, judgeWorkers } from '../worker/queue-catalogs';
import { checkQueueCatalogs, readQueueWorkers } from '../worker/queue-workers';

export { DEFAULT_WAIT_FOR_WORKER_MS, WAIT_FOR_WORKER_FLAG, WAIT_FOR_WORKER_HELP } from './options';

export interface TemporalOptions {
  address?: string;
  namespace?: string;
  /** Temporal API key (`--api-key`, TEMPORAL_API_KEY); turns TLS on. */
  apiKey?: string;
  /** A temporal.toml profile (`--profile`). */
  profile?: string;
  /** How long the in-process worker's shutdown waits for its model calls in flight, ms. @default 30 000 */
  shutdownGraceMs?: number;
  /** Start a worker in this process too. Always true with an embedded server. */
  withWorker?: boolean;
  /** Web UI port of an embedded server; false: headless. */
  uiPort?: number | false;
  dbFilename?: string;
  /** fetch for the in-process worker's provider calls (the demo's simulated provider uses the default). */
  log?: (message: string) => void;
  /** How long to wait for a worker polling the task queue before giving up (`--wait-for-worker`). @default 5000 */
  workerWaitMs?: number;
  /** Codec server endpoint the embedded server's Web UI decodes payloads through (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  /** `llm-cascade dev`: always start an embedded server (whatever TEMPORAL_ADDRESS says), on this port if given. */
  devServer?: { port?: number };
  /** Start no worker in this process and do not wait for one (`dev --no-worker`). */
  noWorker?: boolean;
}

export interface TemporalSession {
  client: Client;
  /**
   * Set when this process runs the worker: a client on the worker's own connection that starts workflows eagerly
   * (their first task goes straight to that worker, no task-queue dispatch). `serve --with-worker` starts with it.
   */
  eagerClient?: Client;
  address: string;
  namespace: string;
  taskQueue: string;
  /** Set when this process started the dev server. */
  server?: DevServer;
  /** Whether this process runs a worker for the queue (`dev` starts none when other workers already poll it). */
  worker: boolean;
  /** `dev`: the workers that already polled its queue, so it started none of its own. */
  queueTakenBy?: string[];
  uiUrl?: string;
  close(): Promise<void>;
}

export async function openTemporal(config: CascadeConfig, options: TemporalOptions): Promise<TemporalSession> {
  const target0 = temporalTarget(options, config);
  const address = options.devServer ? undefined : target0.address;
  const namespace = target0.namespace;
  const taskQueue = config.temporal.taskQueue;
  let server: DevServer | undefined;
  const serverStartedMs = Date.now();
  if (!address) {
    if (!options.devServer) {
      options.log?.(
        'no Temporal address given (--address, temporal.address, TEMPORAL_ADDRESS or a profile): starting an embedded dev server…',
      );
    }
    server = await startDevServer({
      port: options.devServer?.port,
      uiPort: options.uiPort ?? false,
      dbFilename: options.dbFilename,
      log: options.log,
      extraArgs: options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : undefined,
    });
  }
  const target = address ?? server!.address;
  // An embedded server takes plaintext and no key; a named cluster may want both (Temporal Cloud, mTLS).
  const reach = server ? { namespace: server.namespace, origin: 'the embedded dev server' } : target0;
  const connection = await openConnection(reach, { address: target });
  // The config's `encryption` applies to this client and the in-process worker alike.
  const client = cliClient(connection, server?.namespace ?? namespace, config);
  let worker: Awaited<ReturnType<typeof createCascadeWorker>> | undefined;
  let running: Promise<void> | undefined;
  let eagerClient: Client | undefined;
  // `dev`: workers already on the queue (one left running from an earlier session reconnects to a new server on the
  // same port) keep it; a second catalog would take turns with theirs. Anyone else joining a cluster's queue checks.
  const queueTakenBy =
    options.devServer && !options.noWorker ? await workersOnQueue(client, taskQueue, serverStartedMs) : undefined;
  if (!server && options.withWorker && !options.noWorker) {
    await checkJoin(client, taskQueue, config, options.log).catch(async (error: unknown) => {
      await connection.close();
      throw error;
    });
  }
  if (options.noWorker || queueTakenBy?.length) {
    // Someone else's worker serves the queue (`dev --no-worker`): nothing to start, nothing to wait for.
  } else if (server || options.withWorker) {
    const nativeConnection = await openNativeConnection(reach, { address: target }).catch(async (error: unknown) => {
      await connection.close();
      throw error;
    });
    worker = await createCascadeWorker({
      ...workerOptions(config),
      connection: nativeConnection,
      namespace: client.options.namespace,
      taskQueue,
      ...(options.shutdownGraceMs !== undefined && { shutdownGraceTime: options.shutdownGraceMs }),
    });
    running = worker.worker.run();
    eagerClient = cliClient(nativeConnection, client.options.namespace, config, { eager: true });
  } else {
    try {
      await expectWorker(client, taskQueue, options.workerWaitMs ?? WORKER_WAIT_MS, options.log);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }
  return {
    client,
    address: target,
    namespace: client.options.namespace,
    taskQueue,
    server,
    worker: worker !== undefined,
    ...(eagerClient && { eagerClient }),
    ...(queueTakenBy?.length && { queueTakenBy }),
    uiUrl: server?.uiUrl,
    // In order: the client first (its calls are done; a gRPC retry timer must not fire on a closed channel),
    // then the worker (it needs the server to finish its tasks), its connection, and the server last.
    async close() {
      await flushClientSpans();
      await connection.close();
      await worker?.close();
      await running?.catch(() => undefined);
      await worker?.connection.close();
      await server?.stop();
    },
  };
}

/**
 * A worker of an earlier session retries its polls while no server answers, and reconnects a second or two after a
 * new server comes up on the same port: `dev` gives it this long (from the server's start) to show up.
 */
const RECONNECT_GRACE_MS = 4_000;

/** The workers (described) that poll `taskQueue` of a server started at `startedMs`: anything not surely gone. */
async function workersOnQueue(client: Client, taskQueue: string, startedMs: number): Promise<string[]> {
  for (;;) {
    const now = Date.now();
    const workers = await readQueueWorkers(client.workflowService, client.options.namespace, taskQueue);
    const present = judgeWorkers('', workers, now).filter((worker) => worker.presence !== 'gone');
    if (present.length > 0 || now - startedMs >= RECONNECT_GRACE_MS) {
      return present.map((worker) => describeWorker(worker, now));
    }
    await sleep(500);
  }
}

/** An in-process worker joining a cluster's queue (`--with-worker`): refused when its workers run another catalog. */
async function checkJoin(client: Client, taskQueue: string, config: CascadeConfig, log?: (m: string) => void) {
  const catalog = catalogFingerprint(config.catalog);
  await checkQueueCatalogs({
    service: client.workflowService,
    namespace: client.options.namespace,
    taskQueue,
    ours: { identity: withCatalog(`${process.pid}@${hostname()}`, catalog), catalog },
    log,
  });
}

// Proto enum values (temporal.api.enums.v1), spelt out: @temporalio/proto is only a transitive dependency.
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

/** A worker polls every few seconds at most; one that has not shown up by then is not coming. */
const WORKER_WAIT_MS = 5_000;

/**
 * Fails fast when no worker polls the task queue: a started workflow would otherwise wait, silently, until one
 * does. Asks the server for the queue's workflow pollers until one shows up or `waitMs` passes.
 */
export async function expectWorker(
  client: Client,
  taskQueue: string,
  waitMs: number,
  log?: (message: string) => void,
): Promise<void> {
  const started = Date.now();
  const deadline = started + waitMs;
  let said = false;
  for (;;) {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace: client.options.namespace,
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (pollers.length > 0) {
      if (said) log?.(`a worker polls task queue "${taskQueue}" (after ${seconds(Date.now() - started)})`);
      return;
    }
    if (Date.now() >= deadline) break;
    // Said once, when the first look finds none: a worker started beside this process may just be coming up.
    if (!said && waitMs > WORKER_WAIT_MS) {
      log?.(
        `waiting up to ${seconds(waitMs)} for a worker polling task queue "${taskQueue}" in namespace ` +
          `"${client.options.namespace}" (start one with \`llm-cascade worker --config <file>\`)…`,
      );
      said = true;
    }
    await sleep(500);
  }
  throw new CascadeConfigError({
    code: ConfigErrorCode.TemporalUnavailable,
    message:
      `no worker polls task queue "${taskQueue}" in namespace "${client.options.namespace}" (waited ${seconds(waitMs)}): ` +
      'start one with `llm-cascade worker --config <file>` (same task queue), or pass --with-worker to run one in this ' +
      'process; --wait-for-worker waits longer',
  });
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
