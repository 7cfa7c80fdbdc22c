/** The checks and gates a route applies to each answer (pure), for `catalog show`: what judges a request's output. */
import { checkName } from '../catalog/check-name';
import type { RouteSpec } from '../catalog/types';

export interface RouteGates {
  /** Every schema-valid answer of the task must pass these (a request may add its own). */
  checks: string[];
  /** Tiers with a verifier or an agreement gate. */
  tiers: { tier: string; verifier?: string; agreement?: { fields: string[]; with?: string } }[];
}

export function routeGates(route: RouteSpec): RouteGates {
  return {
    checks: (route.checks ?? []).map(checkName),
    tiers: route.tiers
      .filter((tier) => tier.verifier || tier.agreement)
      .map((tier) => ({
        tier: tier.name,
        ...(tier.verifier && { verifier: tier.verifier }),
        ...(tier.agreement && { agreement: tier.agreement }),
      })),
  };
}

export function routeGateLines(route: RouteSpec): string[] {
  const gates = routeGates(route);
  const lines = [
    gates.checks.length
      ? `checks on every answer that validates: ${gates.checks.join('; ')} (plus a request's own)`
      : "checks: none in the route (only the schema, and a request's own checks, judge an answer)",
  ];
  for (const tier of gates.tiers) {
    if (tier.verifier) lines.push(`${tier.tier}: verifier ${tier.verifier} judges each answer`);
    if (tier.agreement) {
      lines.push(
        `${tier.tier}: agreement gate, ${tier.agreement.with ?? 'the next candidate'} answers too; ${tier.agreement.fields.join(', ')} must agree`,
      );
    }
  }
  return lines;
}
