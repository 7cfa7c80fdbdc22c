/**
 * Which catalogs the workers of a task queue run, and whether one more worker may join: a pure judgement on what
 * Temporal reports about the queue (its pollers, from DescribeTaskQueue, and the workers' heartbeats, from
 * ListWorkers). `queue-workers.ts` reads those; this file only decides.
 *
 * A poller record outlives its worker: the server keeps the last poll time of every identity, and an idle worker
 * polls only about once a minute (a long poll), so a poll 30 s old may be a live worker or one stopped 30 s ago.
 * Heartbeats settle most cases (a stopped worker's last heartbeat says so; a live one heartbeats every interval);
 * what stays unsure is judged again after a moment, and is gone once no poll came for longer than a long poll.
 */
import { catalogOfIdentity } from './catalog-identity';

/** A long poll lasts up to a minute; an identity with no poll for longer than this has stopped polling. */
export const POLLER_GONE_MS = 75_000;
/** The SDK's default heartbeat interval, assumed for a worker whose interval is not known yet. */
const DEFAULT_HEARTBEAT_MS = 60_000;

/** One worker of the queue as Temporal reports it. */
export interface QueueWorker {
  identity: string;
  /** Its last poll of the queue (workflow or activity tasks), ms since the epoch. */
  lastPollMs?: number;
  /** Its latest heartbeat: whether it said it was running, when, and the interval it heartbeats at. */
  heartbeat?: { running: boolean; atMs: number; intervalMs?: number };
}

export type Presence = 'live' | 'gone' | 'unsure';

/** Whether a worker still polls the queue; `before` is the same worker seen by an earlier look. */
export function presenceOf(worker: QueueWorker, nowMs: number, before?: QueueWorker): Presence {
  const beat = worker.heartbeat;
  if (beat) {
    if (!beat.running) return 'gone'; // it said it is shutting down, or has
    const interval = beat.intervalMs ?? DEFAULT_HEARTBEAT_MS;
    // A live worker heartbeats every interval: one beat late is unsure, two missed and it is gone (killed).
    const age = nowMs - beat.atMs;
    return age <= interval + 3_000 ? 'live' : age <= 2 * interval + 5_000 ? 'unsure' : 'gone';
  }
  if (worker.lastPollMs === undefined) return 'gone';
  // A poll after the one seen before: something with this identity is polling now.
  if (before?.lastPollMs !== undefined && worker.lastPollMs > before.lastPollMs) return 'live';
  return nowMs - worker.lastPollMs > POLLER_GONE_MS ? 'gone' : 'unsure';
}

/** A worker of the queue with the catalog it publishes (undefined: it publishes none) and its presence. */
export interface JudgedWorker extends QueueWorker {
  catalog?: string;
  presence: Presence;
}

export type JoinVerdict =
  /** No worker with another catalog polls the queue. */
  | { kind: 'join'; same: JudgedWorker[] }
  /** Workers with another catalog (or none published) poll it. */
  | { kind: 'refuse'; others: JudgedWorker[] }
  /** Workers with another catalog polled it recently and may have stopped since: look again shortly. */
  | { kind: 'wait'; others: JudgedWorker[] };

/**
 * May a worker with catalog `ours` join a queue whose workers are `workers` (its own identity left out)? `before`:
 * the same workers seen by the previous look, keyed by identity.
 */
export function judgeJoin(
  ours: { identity: string; catalog: string },
  workers: readonly QueueWorker[],
  nowMs: number,
  before: ReadonlyMap<string, QueueWorker> = new Map(),
): JoinVerdict {
  const judged = judgeWorkers(ours.identity, workers, nowMs, before).filter((w) => w.presence !== 'gone');
  const others = judged.filter((worker) => worker.catalog !== ours.catalog);
  const same = judged.filter((worker) => worker.catalog === ours.catalog);
  if (others.some((worker) => worker.presence === 'live')) return { kind: 'refuse', others };
  if (others.length > 0) return { kind: 'wait', others };
  return { kind: 'join', same };
}

/** Every worker but `ownIdentity`, with its catalog and presence. */
export function judgeWorkers(
  ownIdentity: string,
  workers: readonly QueueWorker[],
  nowMs: number,
  before: ReadonlyMap<string, QueueWorker> = new Map(),
): JudgedWorker[] {
  return workers
    .filter((worker) => worker.identity !== ownIdentity)
    .map((worker) => ({
      ...worker,
      catalog: catalogOfIdentity(worker.identity),
      presence: presenceOf(worker, nowMs, before.get(worker.identity)),
    }));
}

/** `4242@host (catalog 3f9a…, polled 12 s ago)`: a worker as an operator needs to find it. */
export function describeWorker(worker: JudgedWorker, nowMs: number): string {
  const name = worker.identity.replace(/\s*catalog:[0-9a-f]+/, '');
  const catalog = worker.catalog ? `catalog ${worker.catalog}` : 'no catalog published';
  const seen =
    worker.lastPollMs === undefined
      ? ''
      : `, polled ${Math.max(0, Math.round((nowMs - worker.lastPollMs) / 1000))} s ago`;
  return `${name} (${catalog}${seen})`;
}
