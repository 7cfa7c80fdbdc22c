/**
 * Does the more-tokens retry pay? Requests on the `truncation` route, whose economy model is the simulator with
 * every failure a truncation, counted from the cascades' own ledgers: truncations, more-tokens retries, how many
 * of those retries validated, and what the retries cost against what the answers they saved would have cost one
 * tier up. The simulator draws each call afresh (a retry passes at its pass rate whatever max_tokens is), so this
 * is an upper bound; against a real greedy model the retry helped in 0 of 25 cases (issue 14, defect 8).
 */
import { ledgerCostMicroUsd } from '../../workflows/definitions';
import { pool } from '../util/pool';
import { round } from '../util/stats';
import { table } from '../report/format';
import type { BenchContext } from '../setup/context';
import { nextMarker } from '../systems/request';

export interface MoreTokensResult {
  requests: number;
  truncations: number;
  repetitionLoops: number;
  retries: number;
  retriesValid: number;
  /** Share of more-tokens retries whose answer validated, percent. */
  paidOffPct: number;
  retryCostMicroUsd: number;
  /** What the saved answers cost on the next tier instead (its first call's cost in these runs), micro-USD. */
  escalationCostSavedMicroUsd: number;
}

export async function runMoreTokens(
  ctx: BenchContext,
  sizes: { requests: number; concurrency: number },
): Promise<MoreTokensResult> {
  ctx.log(`more-tokens retry: ${sizes.requests} requests on the truncating simulator…`);
  const markers = Array.from({ length: sizes.requests }, () => nextMarker('mt'));
  const wanted = new Set(markers);
  await pool(sizes.requests, sizes.concurrency, (i) =>
    ctx.cascade.tuned.call({ route: 'truncation', marker: markers[i]! }),
  );
  const ledgers = ctx.cascadeOutcomes.filter((o) => wanted.has(o.marker)).map((o) => o.outcome.result?.attempts ?? []);
  const attempts = ledgers.flat();
  const retries = attempts.filter((a) => a.reason === 'more_tokens');
  const valid = retries.filter((a) => a.outcome === 'ok');
  const standard = attempts.find((a) => a.tier === 'standard' && a.outcome === 'ok');
  return {
    requests: sizes.requests,
    truncations: attempts.filter((a) => a.outcome === 'truncated').length,
    repetitionLoops: attempts.filter((a) => a.repetitionLoop).length,
    retries: retries.length,
    retriesValid: valid.length,
    paidOffPct: retries.length ? round((valid.length / retries.length) * 100, 1) : 0,
    retryCostMicroUsd: ledgerCostMicroUsd(retries),
    escalationCostSavedMicroUsd: valid.length * (standard?.costMicroUsd ?? 0),
  };
}

export function moreTokensTable(r: MoreTokensResult): string {
  const t = table(['requests', 'truncated', 'loops', 'more-tokens retries', 'validated', 'retry cost', 'saved']);
  t.push([
    r.requests,
    r.truncations,
    r.repetitionLoops,
    r.retries,
    `${r.retriesValid} (${r.paidOffPct} %)`,
    `${r.retryCostMicroUsd} µ$`,
    `${r.escalationCostSavedMicroUsd} µ$`,
  ]);
  return `More-tokens retry after truncation (simulator: a retry is a fresh draw, an upper bound)\n${t.toString()}`;
}
