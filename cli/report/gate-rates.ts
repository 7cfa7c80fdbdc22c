/**
 * How often each check and each verifier said no in production (pure): a check that never rejects may be idle,
 * and a verifier that accepts everything is no gate at all, which nothing else in the ledger would show.
 */
import type { CheckSpec } from '../../catalog/checks';
import type { CallModelInput, CallModelResult } from '../../workflows/definitions';

/** One judgement of an answer: by a check (`check grounded`) or a verifier (`verifier <ref>`); true: rejected. */
export type GateVerdicts = Record<string, boolean>;

export interface GateRate {
  gate: string;
  judged: number;
  rejected: number;
  /** rejected / judged. */
  rejectionRate: number;
  /** Set when the gate accepted nearly everything it judged (see `acceptsEverything`). */
  warning?: string;
}

/** A verifier that accepted at least this share of its judgements… */
export const ALWAYS_ACCEPTS_SHARE = 0.99;
/** …over at least this many is flagged: fewer are too few to tell a good model from a rubber stamp. */
export const ALWAYS_ACCEPTS_MIN_JUDGEMENTS = 100;

/** Whether a verifier's record says it is not judging: ≥ 99 % accepted of ≥ 100 judgements. */
export function acceptsEverything(judged: number, rejected: number): boolean {
  return judged >= ALWAYS_ACCEPTS_MIN_JUDGEMENTS && judged - rejected >= ALWAYS_ACCEPTS_SHARE * judged;
}

/** A check's name in a report: its kind, or a custom check's name (what a failure names too). */
function checkGate(spec: CheckSpec): string {
  return `check ${spec.check === 'custom' ? spec.name : spec.check}`;
}

/**
 * The verdicts one `callModel` call records: an answer that validated was judged by every check of its request; a
 * verifier's call that gave a verdict judged the answer it was shown.
 */
export function verdictsOfCall(
  input: Pick<CallModelInput, 'reason' | 'checks' | 'candidate'>,
  result: Pick<CallModelResult, 'outcome' | 'output' | 'failedChecks'>,
): GateVerdicts | undefined {
  if (input.reason === 'verify') {
    const ok = (result.output as { ok?: unknown } | undefined)?.ok;
    if (result.outcome !== 'ok' || typeof ok !== 'boolean') return undefined;
    return { [`verifier ${input.candidate.ref}`]: !ok };
  }
  if (input.reason === 'agreement' || input.reason === 'classify' || !input.checks?.length) return undefined;
  if (result.outcome !== 'ok' && result.outcome !== 'check_failed') return undefined;
  const failed = new Set((result.failedChecks ?? []).map((failure) => `check ${failure.check}`));
  return Object.fromEntries(input.checks.map((spec) => [checkGate(spec), failed.has(checkGate(spec))]));
}

/** Rejection rates per gate over every call's verdicts, checks first, each with its warning if it has one. */
export function gateRates(verdicts: Iterable<GateVerdicts | undefined>): GateRate[] {
  const tallies = new Map<string, { judged: number; rejected: number }>();
  for (const verdict of verdicts) {
    for (const [gate, rejected] of Object.entries(verdict ?? {})) {
      const tally = tallies.get(gate) ?? { judged: 0, rejected: 0 };
      tally.judged++;
      if (rejected) tally.rejected++;
      tallies.set(gate, tally);
    }
  }
  return [...tallies.entries()]
    .sort(([a], [b]) => Number(a.startsWith('verifier')) - Number(b.startsWith('verifier')) || a.localeCompare(b))
    .map(([gate, { judged, rejected }]) => ({
      gate,
      judged,
      rejected,
      rejectionRate: rejected / judged,
      ...(gate.startsWith('verifier') &&
        acceptsEverything(judged, rejected) && {
          warning: `${gate} accepted ${judged - rejected} of ${judged} answers it judged (≥ ${ALWAYS_ACCEPTS_SHARE * 100}%): it may not be judging at all; measure it against labels with \`llm-cascade eval --verifier\``,
        }),
    }));
}

/** The gates section of a text report: one line per gate, warnings last. */
export function formatGateRates(rates: readonly GateRate[]): string {
  if (rates.length === 0) return '';
  const width = Math.max(...rates.map((rate) => rate.gate.length));
  const lines = rates.map(
    (rate) =>
      `  ${rate.gate.padEnd(width)}  rejected ${rate.rejected} of ${rate.judged} (${(100 * rate.rejectionRate).toFixed(1)}%)`,
  );
  const warnings = rates.flatMap((rate) => (rate.warning ? [`WARNING: ${rate.warning}`] : []));
  return ['Checks and verifiers (answers judged, answers rejected):', ...lines, ...warnings].join('\n');
}

/** A formatted report with the gates' rates added: a section under the table, a `gates` key in JSON; CSV unchanged. */
export function withGateRates(text: string, rates: readonly GateRate[], format: 'table' | 'json' | 'csv'): string {
  if (format === 'json') return `${JSON.stringify({ ...(JSON.parse(text) as object), gates: rates }, null, 2)}\n`;
  if (format === 'csv') return text;
  const section = formatGateRates(rates);
  return section ? `${text.replace(/\n*$/, '')}\n\n${section}\n` : text;
}
