/**
 * `tune`'s raw counts from ledgers read out of histories: per tier and per candidate, the same sums the ledger store
 * keeps in its rollups (store/query/tune.ts), so both sources feed one proposal (propose.ts). Pure.
 */
import { ledgerCostMicroUsd } from '../../workflows/definitions';
import type { TuneCandidateCounts, TuneTaskCounts } from '../../store/query/tune';
import type { ReportAttempt, ReportRun } from '../report/aggregate';

const GATES = new Set(['verify', 'agreement']);
/** Same-candidate retries: a candidate's statistics count its first try only. */
export const RETRIES: ReadonlySet<string> = new Set(['repair', 'more_tokens']);
export const isAnswer = (row: ReportAttempt) => row.reason !== 'classify' && !GATES.has(row.reason);

/** The counts of one task's finished requests over the tiers named (others are left out, as the route has none). */
export function taskCounts(task: string, runs: readonly ReportRun[], tierNames: readonly string[]): TuneTaskCounts {
  const tiers = tierNames.map((tier) => ({ tier, entered: 0, passed: 0, costMicroUsd: 0, started: 0 }));
  const candidates = new Map<string, TuneCandidateCounts>();
  let classifierMicroUsd = 0;
  let requests = 0;
  for (const run of runs) {
    if (run.status === 'RUNNING') continue;
    const answers = run.attempts.filter(isAnswer);
    if (answers.length === 0) continue;
    requests++;
    classifierMicroUsd += ledgerCostMicroUsd(run.attempts.filter((row) => row.reason === 'classify'));
    const start = tiers.find((tier) => tier.tier === answers[0]!.tier);
    if (start) start.started++;
    for (const tier of tiers) {
      const rows = run.attempts.filter((row) => row.tier === tier.tier && row.reason !== 'classify');
      if (!rows.some(isAnswer)) continue;
      tier.entered++;
      tier.costMicroUsd += ledgerCostMicroUsd(rows);
      if (rows.some((row) => isAnswer(row) && row.outcome === 'ok')) tier.passed++;
    }
    for (const row of answers) {
      if (RETRIES.has(row.reason)) continue;
      const key = `${row.tier}\u0000${row.ref}`;
      let candidate = candidates.get(key);
      if (!candidate)
        candidates.set(
          key,
          (candidate = { tier: row.tier, ref: row.ref, first: 0, ok: 0, billed: 0, unbilled: 0, costMicroUsd: 0 }),
        );
      candidate.first++;
      if (row.billed) {
        candidate.billed++;
        candidate.costMicroUsd += row.costMicroUsd;
      } else candidate.unbilled++;
      if (row.outcome === 'ok') candidate.ok++;
    }
  }
  return {
    task,
    requests,
    classifierMicroUsd,
    tiers,
    candidates: [...candidates.values()].sort((a, b) => a.tier.localeCompare(b.tier) || a.ref.localeCompare(b.ref)),
  };
}
