/**
 * The ledger summary a finished run leaves in its memo. The Temporal UI's Current Details is a query: with no worker
 * running, a finished run's page showed nothing of what it cost. A memo is stored by the server and shown on the
 * run's Memo tab without a worker (and without a codec server: memos are not encrypted, so this carries names and
 * numbers only, never document text). Pure: the workflows call it, unit tests read it.
 */
import { microToUsd } from '../../catalog/pricing';
import { plural } from '../../catalog/plural';
import { ledgerTotals, type AttemptRecord } from '../definitions';
import { describeOutcome } from '../cascade/ledger';
import { stepTotals } from './ledger';

/** The memo key every llm-cascade workflow writes its summary under (a user's own memo keys are left alone). */
export const LEDGER_MEMO_KEY = 'llmCascadeLedger';

/**
 * At most this many attempt rows and step totals in a memo (the newest): a long job's memo stays a few kilobytes
 * (an agent job of 100 steps would otherwise grow one event of every run's history with each step).
 */
export const MEMO_ATTEMPT_ROWS = 25;
export const MEMO_STEP_ROWS = 15;

export interface LedgerMemo {
  status: string;
  /** One line: "$0.000123 over 3 attempts (2 billed)". */
  total: string;
  costMicroUsd: number;
  attempts: number;
  billedAttempts: number;
  steps?: { step: string; attempts: number; billed: number; cost: string; costMicroUsd: number }[];
  /** The newest attempts, one line each (the Memo tab shows one line per JSON field: a row object took ten). */
  rows: string[];
  /** Present when older rows were left out: how many, and where the whole ledger is. */
  omitted?: string;
}

/** Dollars as the UI shows them elsewhere (six decimals); the memo also carries the exact micro-USD. */
export function usd(microUsd: number): string {
  return `$${microToUsd(microUsd).toFixed(6)}`;
}

/** The summary of a run's ledger for its memo: totals, per-step totals in a job, and the newest attempt rows. */
export function ledgerMemo(rows: readonly AttemptRecord[], status: string): LedgerMemo {
  const totals = ledgerTotals(rows);
  const allSteps = stepTotals(rows);
  const steps = allSteps.slice(-MEMO_STEP_ROWS);
  const shown = rows.slice(-MEMO_ATTEMPT_ROWS);
  return {
    status,
    total: `${usd(totals.costMicroUsd)} over ${plural(totals.attempts, 'attempt')} (${totals.billedAttempts} billed)`,
    costMicroUsd: totals.costMicroUsd,
    attempts: totals.attempts,
    billedAttempts: totals.billedAttempts,
    ...(steps.length > 0 && {
      steps: steps.map((s) => ({
        step: s.step,
        attempts: s.attempts,
        billed: s.billedAttempts,
        cost: usd(s.costMicroUsd),
        costMicroUsd: s.costMicroUsd,
      })),
    }),
    rows: shown.map(memoAttempt),
    ...((shown.length < rows.length || steps.length < allSteps.length) && {
      omitted: `${[
        ...(shown.length < rows.length ? [`${rows.length - shown.length} earlier attempts`] : []),
        ...(steps.length < allSteps.length ? [`${allSteps.length - steps.length} earlier steps`] : []),
      ].join(' and ')}: \`llm-cascade explain <workflow id>\` shows every one`,
    }),
  };
}

/** "1. economy · cheap/eco-1 · first · schema_violation · 53→12 tok · $0.000010 · 38 ms", a step's name first. */
export function memoAttempt(row: AttemptRecord): string {
  const outcome = `${describeOutcome(row)}${row.tries > 1 ? ` (${row.tries} tries)` : ''}`;
  const cost = `${row.estimated ? '≈' : ''}${usd(row.costMicroUsd)}`;
  const tokens = `${row.usage.inputTokens}→${row.usage.outputTokens} tok`;
  const step = row.step === undefined ? '' : `${row.step} `;
  return `${step}${row.seq}. ${[row.tier, row.ref, row.reason, outcome, tokens, cost, `${row.latencyMs} ms`].join(' · ')}`;
}
