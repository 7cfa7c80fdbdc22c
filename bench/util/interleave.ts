/** Interleaved sequential runs: round r calls every system once, in a rotated order, so drift hits all alike. */
import type { BenchRequest, BenchSystem, SystemResult } from '../systems/request';
import { nextMarker } from '../systems/request';
import { rotation } from './stats';

export interface InterleaveOptions {
  route: BenchRequest['route'];
  /** Rounds whose results are thrown away (connections, JIT, caches). */
  warmupRounds: number;
  rounds: number;
  /** Called after each measured round, e.g. for a progress line. */
  onRound?: (round: number) => void;
}

/** Results per system key, in round order (warm-up excluded). */
export async function interleave(
  systems: readonly BenchSystem[],
  options: InterleaveOptions,
): Promise<Map<string, SystemResult[]>> {
  const results = new Map<string, SystemResult[]>(systems.map((s) => [s.key, []]));
  for (let round = 0; round < options.warmupRounds + options.rounds; round++) {
    const measured = round >= options.warmupRounds;
    for (const system of rotation(systems, round)) {
      const result = await system.call({ route: options.route, marker: nextMarker(`${options.route}-${system.key}`) });
      if (measured) results.get(system.key)!.push(result);
    }
    if (measured) options.onRound?.(round - options.warmupRounds + 1);
  }
  return results;
}
