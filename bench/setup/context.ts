/**
 * Everything one benchmark run starts, in one place: the fake upstream, the benchmark catalog, a dev server,
 * the workers (llm-cascade and the bare-Temporal baseline, each in a stock and a tuned configuration), the peers,
 * and the systems built on them. `close()` stops it all.
 */
import type { Catalog } from '../../catalog/types';
import { bareTemporalSystem } from '../baseline/bare-system';
import { startBaselineWorker } from '../baseline/noop-worker';
import { ensureLiteLLM, ensurePortkey } from '../peers/install';
import { startLiteLLM, type LiteLLMPeer } from '../peers/litellm';
import { startPortkey, type PortkeyPeer } from '../peers/portkey';
import { cascadeSystem, type CascadeOutcome } from '../systems/cascade';
import { directSystem } from '../systems/direct';
import type { BenchSystem } from '../systems/request';
import { startUpstream, type Upstream } from '../upstream/upstream';
import { allModels, benchCatalog } from './fixtures';
import {
  startCascadeWorker,
  startTemporal,
  type RunningWorker,
  type TemporalEnv,
  type WorkerTuning,
} from './temporal-env';

/** Stock: what a stock server gives (no eager dispatch). Tuned: eager workflow start + eager activities. */
export const TUNINGS = {
  stock: { maxEagerActivityReservationsPerWorkflowTask: 0 },
  tuned: {},
} satisfies Record<string, WorkerTuning>;
export type TuningName = keyof typeof TUNINGS;

/** A peer that could not be installed or started: its rows say why. */
export interface Unavailable {
  unavailable: string;
}

export interface BenchContext {
  log: (line: string) => void;
  upstream: Upstream;
  catalog: Catalog;
  temporal: TemporalEnv;
  direct: BenchSystem;
  cascade: Record<TuningName, BenchSystem>;
  bare: Record<TuningName, BenchSystem>;
  /** Bare Temporal making the SDK call as a local activity (tuned settings): what that design would give. */
  bareLocal: BenchSystem;
  /** Task queues of the workers, for sections that start workflows themselves. */
  queues: { cascade: Record<TuningName, string>; bare: Record<TuningName, string> };
  litellm: LiteLLMPeer | Unavailable;
  portkey: PortkeyPeer | Unavailable;
  /** Every cascade's end (ledger, client clock), in order; sections read and clear it. */
  cascadeOutcomes: Array<{ tuning: TuningName; marker: string; outcome: CascadeOutcome }>;
  bareOutcomes: Array<{ tuning: TuningName; outcome: CascadeOutcome }>;
  close(): Promise<void>;
}

export function isUnavailable(peer: unknown): peer is Unavailable {
  return typeof peer === 'object' && peer !== null && 'unavailable' in peer;
}

async function peer<T>(
  ensure: Promise<{ available: true; dir: string } | { available: false; reason: string }>,
  start: (dir: string) => Promise<T>,
): Promise<T | Unavailable> {
  const status = await ensure;
  if (!status.available) return { unavailable: status.reason };
  try {
    return await start(status.dir);
  } catch (error) {
    return { unavailable: `did not start: ${(error as Error).message.split('\n')[0]}` };
  }
}

export async function startContext(log: (line: string) => void, options: { peers: boolean }): Promise<BenchContext> {
  const stops: Array<() => Promise<void>> = [];
  const upstream = await startUpstream(Object.fromEntries(allModels().map((m) => [m.id, m.spec])));
  stops.push(() => upstream.stop());
  try {
    const catalog = benchCatalog(upstream.baseURL);
    // Peers install (first run) while the dev server starts.
    const peersStarting = options.peers
      ? Promise.all([
          peer(ensureLiteLLM(log), (dir) => startLiteLLM(dir, upstream.baseURL)),
          peer(ensurePortkey(log), (dir) => startPortkey(dir, upstream.baseURL)),
        ])
      : Promise.resolve([{ unavailable: 'skipped (--no-peers)' }, { unavailable: 'skipped (--no-peers)' }] as const);
    const temporal = await startTemporal(log);
    stops.push(() => temporal.close());
    const cascadeOutcomes: BenchContext['cascadeOutcomes'] = [];
    const bareOutcomes: BenchContext['bareOutcomes'] = [];
    const queues = {
      cascade: { stock: 'bench-cascade-stock', tuned: 'bench-cascade-tuned' },
      bare: { stock: 'bench-bare-stock', tuned: 'bench-bare-tuned' },
    };
    const workers: RunningWorker[] = [];
    stops.push(async () => {
      await Promise.all(workers.map((w) => w.stop()));
    });
    const cascade = {} as Record<TuningName, BenchSystem>;
    const bare = {} as Record<TuningName, BenchSystem>;
    for (const tuning of Object.keys(TUNINGS) as TuningName[]) {
      const client = tuning === 'tuned' ? temporal.eagerClient : temporal.client;
      const suffix = tuning === 'tuned' ? 'eager start + activities' : 'stock settings';
      workers.push(await startCascadeWorker(temporal, catalog, queues.cascade[tuning], TUNINGS[tuning]));
      workers.push(await startBaselineWorker(temporal, queues.bare[tuning], TUNINGS[tuning]));
      cascade[tuning] = cascadeSystem({
        key: `cascade-${tuning}`,
        label: `llm-cascade (${suffix})`,
        client,
        catalog,
        taskQueue: queues.cascade[tuning],
        onResult: (request, outcome) => cascadeOutcomes.push({ tuning, marker: request.marker, outcome }),
      });
      bare[tuning] = bareTemporalSystem({
        key: `bare-${tuning}`,
        label: `bare Temporal + SDK activity (${suffix})`,
        client,
        taskQueue: queues.bare[tuning],
        upstreamBaseURL: upstream.baseURL,
        onResult: (outcome) => bareOutcomes.push({ tuning, outcome }),
      });
    }
    const bareLocal = bareTemporalSystem({
      key: 'bare-local',
      label: 'bare Temporal + SDK local activity (eager start)',
      client: temporal.eagerClient,
      taskQueue: queues.bare.tuned,
      upstreamBaseURL: upstream.baseURL,
      local: true,
    });
    const [litellm, portkey] = await peersStarting;
    if (!isUnavailable(litellm)) stops.push(() => litellm.stop());
    if (!isUnavailable(portkey)) stops.push(() => portkey.stop());
    return {
      log,
      upstream,
      catalog,
      temporal,
      direct: directSystem(upstream.baseURL),
      cascade,
      bare,
      bareLocal,
      queues,
      litellm,
      portkey,
      cascadeOutcomes,
      bareOutcomes,
      close: () => closeAll(stops),
    };
  } catch (error) {
    await closeAll(stops);
    throw error;
  }
}

/** Stops in reverse start order; one failure does not keep the rest running. */
async function closeAll(stops: Array<() => Promise<void>>): Promise<void> {
  for (const stop of [...stops].reverse()) await stop().catch(() => undefined);
}
