/**
 * Where the time of a single-attempt request goes, per phase, for llm-cascade and for the bare-Temporal baseline,
 * in both worker configurations: medians over the last requests of the 0 ms overhead run, from workflow
 * histories. The client's own preparation (schema compile, token count, route) is timed on its own.
 */
import { prepareCascade } from '../../client/prepare';
import { historyPhases, PHASES, type Phase } from '../profile/history-phases';
import { median, round } from '../util/stats';
import type { BenchContext, TuningName } from '../setup/context';
import type { CascadeOutcome } from '../systems/cascade';
import { cascadeRequest } from '../systems/cascade';

export interface PhaseProfile {
  key: string;
  label: string;
  samples: number;
  /** Median ms per phase. */
  phases: Record<Phase, number>;
  /** Sum of the phase medians (close to, not equal to, the median total). */
  sumOfMedians: number;
}

export interface ProfileResult {
  profiles: PhaseProfile[];
  /** Median ms of `prepareCascade` alone on the client (part of the first phase). */
  prepareMs: number;
}

async function profileOf(
  ctx: BenchContext,
  key: string,
  label: string,
  outcomes: CascadeOutcome[],
): Promise<PhaseProfile> {
  const perPhase = new Map<Phase, number[]>(PHASES.map((p) => [p, []]));
  for (const outcome of outcomes) {
    if (!outcome.workflowId) continue;
    const history = await ctx.temporal.client.workflow.getHandle(outcome.workflowId).fetchHistory();
    const phases = historyPhases(history, outcome.startWallMs, outcome.doneWallMs);
    if (!phases) continue;
    for (const phase of PHASES) perPhase.get(phase)!.push(phases[phase]);
  }
  const phases = Object.fromEntries(PHASES.map((p) => [p, round(median(perPhase.get(p)!))])) as Record<Phase, number>;
  return {
    key,
    label,
    samples: perPhase.get(PHASES[0])!.length,
    phases,
    sumOfMedians: round(Object.values(phases).reduce((a, b) => a + b, 0)),
  };
}

export async function profileCascade(ctx: BenchContext, samples: number): Promise<ProfileResult> {
  const profiles: PhaseProfile[] = [];
  for (const tuning of ['stock', 'tuned'] as TuningName[]) {
    const bare = ctx.bareOutcomes.filter((o) => o.tuning === tuning && o.outcome.workflowId?.startsWith('bare-o0-'));
    profiles.push(
      await profileOf(
        ctx,
        ctx.bare[tuning].key,
        ctx.bare[tuning].label,
        bare.slice(-samples).map((o) => o.outcome),
      ),
    );
    const cascade = ctx.cascadeOutcomes.filter((o) => o.tuning === tuning && o.marker.startsWith('o0-'));
    profiles.push(
      await profileOf(
        ctx,
        ctx.cascade[tuning].key,
        ctx.cascade[tuning].label,
        cascade.slice(-samples).map((o) => o.outcome),
      ),
    );
  }
  // prepareCascade is what startCascade runs before the start RPC; time it alone (it is pure CPU).
  const { catalog } = ctx;
  const times: number[] = [];
  for (let i = 0; i < Math.max(20, samples); i++) {
    const started = performance.now();
    prepareCascade(
      catalog,
      cascadeRequest({ route: 'o0', marker: `prepare-${i}` }),
      new Date().toISOString().slice(0, 10),
    );
    times.push(performance.now() - started);
  }
  return { profiles, prepareMs: round(median(times), 3) };
}
