/**
 * Planning's constraints on a resolved route: required tags (data residency, zero retention, …) rule candidates
 * out, the measured ranking and the latency goal reorder (or, strict, rule out) what is left. Pure: the planner runs
 * it in its local activity with the worker's measurements, so the route it records in history is the one replayed.
 */
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { applyLatencyGoal, rankCandidates, type MeasureOf } from './ranking';
import { missingTags } from '../catalog/tags';
import type { Tags } from '../catalog/types';
import type { PlanNote, RoutePlan, TierPlan } from './types';

/** A route's and a request's requirements together; the same key in both must agree, or nothing could serve. */
export function mergeRequirements(route: Tags | undefined, request: Tags | undefined): Tags | undefined {
  for (const [key, value] of Object.entries(request ?? {})) {
    if (route && key in route && String(route[key]) !== String(value)) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `the request requires ${key}=${String(value)} but its task's route requires ${key}=${String(route[key])}`,
      });
    }
  }
  const merged = { ...route, ...request };
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** What a request asks of its candidates; checked like any other request field. */
export interface RequestConstraints {
  require?: Tags;
  latencyGoalMs?: number;
  latencyGoalStrict?: boolean;
}

/** `require` is an object of string, number or boolean values; `latencyGoalMs` whole positive milliseconds. */
export function checkRequestConstraints(request: RequestConstraints): void {
  const invalid = (message: string): never => {
    throw new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
  };
  const { require, latencyGoalMs } = request;
  if (require !== undefined) {
    if (!require || typeof require !== 'object' || Array.isArray(require))
      invalid('require must be an object of tags, e.g. { region: "eu" }');
    for (const [key, value] of Object.entries(require)) {
      if (!key || !['string', 'number', 'boolean'].includes(typeof value))
        invalid(`require.${key} must be a string, number or boolean, got ${JSON.stringify(value)}`);
    }
  }
  if (latencyGoalMs !== undefined && !(Number.isInteger(latencyGoalMs) && latencyGoalMs > 0))
    invalid(`latencyGoalMs must be whole milliseconds above 0, got ${latencyGoalMs}`);
}

export interface ConstraintOptions {
  /** Tags of a candidate ref (usually {@link tagsOf} on the worker's catalog). */
  tagsOf: (ref: string) => Tags;
  require?: Tags;
  /** Reorder each tier by the worker's measurements (route `order: 'measured'`). */
  measured?: boolean;
  latencyGoalMs?: number;
  latencyGoalStrict?: boolean;
  /** The worker's recent measurements; absent (a client's local pre-check): nothing is measured. */
  measureOf?: MeasureOf;
  /** Tiers whose order an experiment's variant set: the experiment's order is kept. */
  fixedOrder?: readonly string[];
}

/**
 * Applies the constraints to a resolved route. Tiers left without candidates are dropped; the start tier stays
 * the same tier, or becomes the next tier left above it, else the highest left below it.
 * @throws CascadeConfigError `NoEligibleCandidate` when no candidate is left, listing why each was ruled out.
 */
export function applyConstraints(route: RoutePlan, options: ConstraintOptions): RoutePlan {
  const ruledOut: PlanNote[] = [];
  const reordered: PlanNote[] = [];
  const measureOf = options.measureOf ?? (() => undefined);
  const tiers = route.tiers.map((tier): TierPlan => {
    const lacking = (ref: string) => missingTags(options.tagsOf(ref), options.require);
    let candidates = tier.candidates.filter((candidate) => {
      const missing = lacking(candidate.ref);
      if (missing.length > 0)
        ruledOut.push({ tier: tier.name, ref: candidate.ref, why: `lacks ${missing.join(', ')}` });
      return missing.length === 0;
    });
    if (options.measured && !options.fixedOrder?.includes(tier.name)) {
      const ranked = rankCandidates(tier.name, candidates, measureOf);
      candidates = ranked.candidates;
      reordered.push(...ranked.notes);
    }
    if (options.latencyGoalMs !== undefined) {
      const goal = { goalMs: options.latencyGoalMs, strict: options.latencyGoalStrict };
      const applied = applyLatencyGoal(tier.name, candidates, measureOf, goal);
      candidates = applied.candidates;
      reordered.push(...applied.reordered);
      ruledOut.push(...applied.ruledOut);
    }
    return withGates({ ...tier, candidates }, lacking, ruledOut);
  });
  if (ruledOut.length === 0 && reordered.length === 0) return route;
  const kept = tiers.filter((tier) => tier.candidates.length > 0);
  if (kept.length === 0) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.NoEligibleCandidate,
      message:
        `no candidate of route "${route.task}" meets this request's constraints: ` +
        `${ruledOut.map((note) => `${note.tier} ${note.ref}: ${note.why}`).join('; ')}. ` +
        'Tag a candidate that does (catalog providers.<id>.tags or models.<ref>.tags), or relax the requirement',
    });
  }
  return {
    ...route,
    tiers: kept,
    startTier: keptStart(tiers, route.startTier),
    ...(ruledOut.length > 0 && { ruledOut }),
    ...(reordered.length > 0 && { reordered }),
  };
}

/** A tier's verifier or agreement partner lacking required tags is dropped (it would be sent the input too). */
function withGates(tier: TierPlan, lacking: (ref: string) => string[], ruledOut: PlanNote[]): TierPlan {
  const { verifier, agreement, ...rest } = tier;
  const verifierMissing = verifier ? lacking(verifier.ref) : [];
  const partnerMissing = agreement?.with ? lacking(agreement.with.ref) : [];
  if (verifier && verifierMissing.length > 0) {
    ruledOut.push({
      tier: tier.name,
      ref: verifier.ref,
      why: `verifier lacks ${verifierMissing.join(', ')}: this tier's answers go unverified`,
    });
  }
  if (agreement?.with && partnerMissing.length > 0) {
    ruledOut.push({
      tier: tier.name,
      ref: agreement.with.ref,
      why: `agreement partner lacks ${partnerMissing.join(', ')}: the tier's next candidate answers instead`,
    });
  }
  return {
    ...rest,
    ...(verifier && verifierMissing.length === 0 && { verifier }),
    ...(agreement && { agreement: partnerMissing.length > 0 ? { fields: agreement.fields } : agreement }),
  };
}

/** The start tier's index among the tiers that kept candidates. */
function keptStart(tiers: readonly TierPlan[], start: number): number {
  const keptIndex = (index: number) => tiers.slice(0, index).filter((tier) => tier.candidates.length > 0).length;
  for (let index = start; index < tiers.length; index++)
    if (tiers[index]!.candidates.length > 0) return keptIndex(index);
  for (let index = start - 1; index >= 0; index--) if (tiers[index]!.candidates.length > 0) return keptIndex(index);
  return 0;
}
