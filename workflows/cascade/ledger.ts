/** Pure ledger presentation: the premium-only baseline, the markdown tables the UI shows (sums: definitions/ledger.ts). */
import { costMicroUsd } from '../../catalog/pricing';
import type { RoutePlan } from '../../routing/types';
import { ledgerTotals, type AttemptRecord } from '../definitions';
import { plural } from '../../catalog/plural';

/**
 * Premium-only baseline: the successful attempt's tokens priced at the route's top tier's first candidate,
 * i.e. what the same answer would have cost had every request gone straight to the premium model.
 */
export function baselineMicroUsd(
  route: RoutePlan,
  attempts: readonly Pick<AttemptRecord, 'outcome' | 'usage' | 'reason'>[],
): number {
  const premium = route.tiers[route.tiers.length - 1]?.candidates[0];
  // The answer's row: a classifier's call also ends `ok`, but answers another question.
  const ok = attempts.find((attempt) => attempt.outcome === 'ok' && attempt.reason !== 'classify');
  if (!premium || !ok) return 0;
  return costMicroUsd(ok.usage, premium.price);
}

/** One-line description of an attempt for activity summaries and logs, e.g. "standard: openai/gpt-4o-mini, failover after …". */
export function attemptSummary(tier: string, ref: string, reasonDetail: string): string {
  return `${tier}: ${ref}, ${reasonDetail}`;
}

/**
 * The ledger as a markdown table: shown by the Temporal UI through setCurrentDetails. The UI renders tables
 * without cell padding and cuts off what does not fit in its half-page panel, so cells carry a no-break space
 * on each side and the columns stay few and short (tokens as in→out, latency in ms).
 */
export function ledgerMarkdown(attempts: readonly AttemptRecord[], status: string): string {
  const totals = ledgerTotals(attempts);
  // A job's rows name their step: one more column, only then.
  const steps = attempts.some((a) => a.step !== undefined);
  const key = (a: AttemptRecord) => [...(steps ? [a.step ?? ''] : []), String(a.seq)];
  const keyHeader = [...(steps ? ['step'] : []), '#'];
  const keyAlign = `|${steps ? '---|' : ''}--:|`;
  // Two narrow tables rather than one wide one: the UI's Current Details panel is half the page, and at 1400 px a
  // single nine-column table clipped its cost and latency columns. Both are keyed by the attempt's number.
  const what = attempts.map((a) =>
    markdownRow([
      ...key(a),
      a.tier,
      a.ref,
      a.reason,
      `${describeOutcome(a)}${a.tries > 1 ? ` (${a.tries} tries)` : ''}`,
    ]),
  );
  const cost = attempts.map((a) => {
    const cached = a.usage.cachedInputTokens > 0 ? ` (${a.usage.cachedInputTokens} cached)` : '';
    return markdownRow([
      ...key(a),
      `${a.usage.inputTokens}${cached}→${a.usage.outputTokens}`,
      `${a.estimated ? '≈' : ''}$${a.costUsd.toFixed(6)}`,
      String(a.latencyMs),
    ]);
  });
  return [
    `**${status}**: ${plural(totals.attempts, 'attempt')}, ${totals.billedAttempts} billed, total **$${totals.costUsd.toFixed(6)}**`,
    '',
    markdownRow([...keyHeader, 'tier', 'model', 'why', 'outcome']),
    `${keyAlign}---|---|---|---|`,
    ...what,
    '',
    markdownRow([...keyHeader, 'tokens', 'cost', 'ms']),
    `${keyAlign}--:|--:|--:|`,
    ...cost,
  ].join('\n');
}

/** The route in one line, start tier in bold: "route (worker's catalog): **economy** → standard → premium". */
export function routeLine(route: RoutePlan): string {
  const tiers = route.tiers.map((tier, index) => (index === route.startTier ? `**${tier.name}**` : tier.name));
  return `route (worker's catalog): ${tiers.join(' → ')}`;
}

/** The route as a markdown table for a run's details: each tier's candidates with their prices, then what planning ruled out or moved. */
export function routeMarkdown(route: RoutePlan): string {
  return [
    markdownRow(['tier', 'candidates (USD per 1M tokens)']),
    '|---|---|',
    ...route.tiers.map((tier, index) =>
      markdownRow([
        index === route.startTier ? `**${tier.name}** (start)` : tier.name,
        tier.candidates
          .map((c) => `${c.ref}: in ${c.price.inputUsdPerMTok} · out ${c.price.outputUsdPerMTok}`)
          .join('; '),
      ]),
    ),
    // What planning's constraints did (required tags, measured order, latency goal), candidate by candidate.
    ...(route.ruledOut ?? []).map((note) => markdownRow(['ruled out', `${note.tier} ${note.ref}: ${note.why}`])),
    ...(route.reordered ?? []).map((note) => markdownRow(['moved', `${note.tier} ${note.ref}: ${note.why}`])),
  ].join('\n');
}

const NBSP = '\u00a0';

/**
 * One row of a markdown table as the Temporal UI should show it: each cell padded with a no-break space on
 * both sides (the UI's renderer has no cell padding, so plain cells run together), pipes escaped.
 */
export function markdownRow(cells: readonly string[]): string {
  return `|${cells.map((cell) => ` ${NBSP}${cell.replace(/\|/g, '\\|')}${NBSP} `).join('|')}|`;
}

/** "provider_error 503", "schema_violation": the outcome with its HTTP status when there was one. */
export function describeOutcome(attempt: Pick<AttemptRecord, 'outcome' | 'status'>): string {
  return attempt.status ? `${attempt.outcome} ${attempt.status}` : attempt.outcome;
}
