/**
 * What Temporal knows about the workers of a task queue: their pollers (DescribeTaskQueue, any server) and their
 * heartbeats (ListWorkers, servers with worker heartbeats; ignored where the call is missing or disabled).
 * `queue-catalogs.ts` judges it; `checkQueueCatalogs` waits out the unsure cases and says what it found.
 */
import type { WorkflowService } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { describeWorker, judgeJoin, type JudgedWorker, type QueueWorker } from './queue-catalogs';

// Proto enum values (temporal.api.enums.v1), spelt out: @temporalio/proto is only a transitive dependency.
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPES = [1, 2]; // workflow, activity
const WORKER_STATUS_RUNNING = 1;

interface Timestamp {
  seconds?: { toString(): string } | number | null;
  nanos?: number | null;
}
const ms = (ts: Timestamp | null | undefined) =>
  ts?.seconds == null ? undefined : Number(ts.seconds.toString()) * 1000 + Math.round((ts.nanos ?? 0) / 1e6);

/** Every identity that polled `taskQueue` or heartbeats on it, with its last poll and latest heartbeat. */
export async function readQueueWorkers(
  service: WorkflowService,
  namespace: string,
  taskQueue: string,
): Promise<QueueWorker[]> {
  const byIdentity = new Map<string, QueueWorker>();
  const entry = (identity: string) => {
    let worker = byIdentity.get(identity);
    if (!worker) byIdentity.set(identity, (worker = { identity }));
    return worker;
  };
  for (const taskQueueType of TASK_QUEUE_TYPES) {
    const { pollers } = await service.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
      taskQueueType,
    });
    for (const poller of pollers) {
      if (!poller.identity) continue;
      const worker = entry(poller.identity);
      const at = ms(poller.lastAccessTime);
      if (at !== undefined) worker.lastPollMs = Math.max(worker.lastPollMs ?? 0, at);
    }
  }
  for (const heartbeat of await readHeartbeats(service, namespace, taskQueue)) {
    const atMs = ms(heartbeat.heartbeatTime);
    if (!heartbeat.workerIdentity || atMs === undefined) continue;
    const worker = entry(heartbeat.workerIdentity);
    if (worker.heartbeat && worker.heartbeat.atMs >= atMs) continue;
    const interval = ms(heartbeat.elapsedSinceLastHeartbeat);
    worker.heartbeat = {
      running: heartbeat.status === WORKER_STATUS_RUNNING,
      atMs,
      ...(interval !== undefined && interval > 0 && { intervalMs: interval }),
    };
  }
  return [...byIdentity.values()];
}

type Heartbeat = NonNullable<
  Awaited<ReturnType<WorkflowService['listWorkers']>>['workersInfo'][number]['workerHeartbeat']
>;

/** The heartbeats of the queue's workers; none on a server without ListWorkers (or with it turned off). */
async function readHeartbeats(service: WorkflowService, namespace: string, taskQueue: string): Promise<Heartbeat[]> {
  try {
    const response = await service.listWorkers({
      namespace,
      pageSize: 1000,
      query: `TaskQueue = ${JSON.stringify(taskQueue)}`,
    });
    return response.workersInfo.flatMap((info) => (info.workerHeartbeat ? [info.workerHeartbeat] : []));
  } catch {
    return [];
  }
}

export interface QueueCheckOptions {
  service: WorkflowService;
  namespace: string;
  taskQueue: string;
  /** The joining worker: its identity (left out of the look) and catalog fingerprint. */
  ours: { identity: string; catalog: string };
  /** One line for a person, e.g. that the check waits. */
  log?: (line: string) => void;
  /** Between two looks while some worker's presence is unsure. @default 2000 */
  intervalMs?: number;
}

/**
 * Refuses (a `CascadeConfigError`, code `CATALOG_MISMATCH`) when live workers of the queue run another catalog;
 * waits, looking again, while such workers polled recently but may have stopped (at most about a long poll).
 * Resolves with the queue's workers that run the same catalog.
 */
export async function checkQueueCatalogs(options: QueueCheckOptions): Promise<JudgedWorker[]> {
  const { service, namespace, taskQueue, ours } = options;
  let before = new Map<string, QueueWorker>();
  let said = false;
  for (;;) {
    const workers = await readQueueWorkers(service, namespace, taskQueue);
    const now = Date.now();
    const verdict = judgeJoin(ours, workers, now, before);
    if (verdict.kind === 'join') return verdict.same;
    const others = verdict.others.map((worker) => describeWorker(worker, now)).join(', ');
    if (verdict.kind === 'refuse') {
      throw new CascadeConfigError({
        code: ConfigErrorCode.CatalogMismatch,
        message:
          `task queue "${taskQueue}" is served by workers with another catalog: ${others}; this worker's catalog is ` +
          `${ours.catalog}. Two catalogs on one queue would take turns planning its requests. Stop those workers, or ` +
          'start this one with the same config as theirs, or on a task queue of its own (--task-queue); ' +
          'for a rolling deploy from one catalog to the next, pass --allow-mixed-catalogs',
      });
    }
    if (!said) {
      options.log?.(
        `task queue "${taskQueue}" was polled recently by workers with another catalog: ${others}; ` +
          'waiting up to a minute to see whether they still run (--allow-mixed-catalogs skips this check)',
      );
      said = true;
    }
    before = new Map(workers.map((worker) => [worker.identity, worker]));
    await sleep(options.intervalMs ?? 2_000);
  }
}
