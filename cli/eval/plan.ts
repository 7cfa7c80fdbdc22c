/**
 * What `llm-cascade eval` runs (pure): one route per tier candidate and gate setting, added to a copy of the
 * catalog for an in-process worker. Each eval route has one tier with one candidate and no repair re-ask, so every
 * item's first answer is that candidate's own; with gates on it keeps the task's checks and the tier's verifier and
 * agreement gate, with gates off none of them.
 */
import type { CheckSpec } from '../../catalog/checks';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import type { Catalog, RouteSpec, TierSpec } from '../../catalog/types';

export type GateSetting = 'on' | 'off';

/** One candidate in one gate setting: the route the worker plans it with, and the checks and gates it applies. */
export interface EvalRun {
  /** The eval route's name in the eval catalog (the request's task). */
  route: string;
  tier: string;
  tierIndex: number;
  ref: string;
  gates: GateSetting;
  /** The checks an answer must pass (the route's, then the request's); none with gates off. */
  checks: CheckSpec[];
  verifier?: string;
  agreement?: { fields: string[]; with: string };
}

export interface EvalSelection {
  /** Only these tiers (default: every tier of the route). */
  tiers?: string[];
  /** Only these candidates (default: every candidate of the chosen tiers). */
  candidates?: string[];
  /** Default both: gates on and off. */
  gates?: GateSetting[];
  /** With gates on, every tier's answers are judged by this verifier (a model ref), whatever the tier names. */
  verifier?: string;
}

/** The eval routes of `task`, and the catalog copy that holds them beside the original routes. */
export function evalPlan(
  catalog: Catalog,
  task: string,
  requestChecks: readonly CheckSpec[] = [],
  selection: EvalSelection = {},
): { catalog: Catalog; runs: EvalRun[] } {
  const route = catalog.routes[task];
  const invalid = (message: string): never => {
    throw new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
  };
  if (!route) invalid(`no route for task "${task}" (known tasks: ${Object.keys(catalog.routes).join(', ')})`);
  const tierNames = route!.tiers.map((tier) => tier.name);
  for (const name of selection.tiers ?? []) {
    if (!tierNames.includes(name)) invalid(`--tiers: "${name}" is not a tier of ${task} (${tierNames.join(', ')})`);
  }
  const refs = route!.tiers.flatMap((tier) => tier.candidates);
  for (const ref of selection.candidates ?? []) {
    if (!refs.includes(ref)) invalid(`--candidates: "${ref}" is not a candidate of ${task} (${refs.join(', ')})`);
  }
  if (selection.verifier && !catalog.models[selection.verifier]) {
    invalid(`--verifier: "${selection.verifier}" is not a model of the catalog`);
  }
  const copy = structuredClone(catalog);
  const runs: EvalRun[] = [];
  route!.tiers.forEach((tier, tierIndex) => {
    if (selection.tiers && !selection.tiers.includes(tier.name)) return;
    tier.candidates.forEach((ref, candidateIndex) => {
      if (selection.candidates && !selection.candidates.includes(ref)) return;
      for (const gates of selection.gates ?? (['off', 'on'] as const)) {
        const run = evalRun(task, route!, tier, tierIndex, candidateIndex, gates, requestChecks, selection.verifier);
        copy.routes[run.route] = evalRoute(route!, tier, run);
        runs.push(run);
      }
    });
  });
  if (runs.length === 0) invalid(`--tiers/--candidates select no candidate of ${task}`);
  return { catalog: copy, runs };
}

function evalRun(
  task: string,
  route: RouteSpec,
  tier: TierSpec,
  tierIndex: number,
  candidateIndex: number,
  gates: GateSetting,
  requestChecks: readonly CheckSpec[],
  verifier: string | undefined,
): EvalRun {
  const ref = tier.candidates[candidateIndex]!;
  const run: EvalRun = {
    route: `${task}.eval.${tierIndex}.${candidateIndex}.${gates}`,
    tier: tier.name,
    tierIndex,
    ref,
    gates,
    checks: gates === 'on' ? [...(route.checks ?? []), ...requestChecks] : [],
  };
  if (gates === 'off') return run;
  const judge = verifier ?? tier.verifier;
  if (judge) run.verifier = judge;
  // The partner the cascade would ask (workflows/cascade/gates.ts agreementPartner), named: the eval tier has one candidate.
  if (tier.agreement) {
    const partner = tier.agreement.with ?? tier.candidates[candidateIndex + 1] ?? tier.candidates[0]!;
    run.agreement = { fields: tier.agreement.fields, with: partner };
  }
  return run;
}

function evalRoute(route: RouteSpec, tier: TierSpec, run: EvalRun): RouteSpec {
  const evalTier: TierSpec = {
    name: tier.name,
    candidates: [run.ref],
    // No repair re-ask: the answer judged is the candidate's first one.
    options: { ...tier.options, repairAttempts: 0 },
    ...(run.verifier && { verifier: run.verifier }),
    ...(run.agreement && { agreement: run.agreement }),
  };
  return {
    tiers: [evalTier],
    // Every check on the route: the request carries none, so none is applied twice.
    ...(run.checks.length > 0 && { checks: run.checks }),
    ...(route.instructions !== undefined && { instructions: route.instructions }),
    ...(route.schemaInPrompt !== undefined && { schemaInPrompt: route.schemaInPrompt }),
    ...(route.require && { require: route.require }),
  };
}
