/** Terminal and JSON presentation of an eval: a row per candidate and gate setting, then each confusion table. */
import { microToUsd } from '../../catalog/pricing';
import { usd } from '../format';
import type { CandidateScore, Confusion } from './score';

export interface EvalReport {
  task: string;
  /** Labelled items run through each candidate. */
  items: number;
  candidates: CandidateScore[];
  /** The route's top tier and its first candidate: premium-only, the baseline the savings are measured against. */
  premiumOnly?: { tier: string; ref: string };
}

/**
 * Cost per correct result against premium-only over the same items (failures included on both sides): the top
 * tier's first candidate with gates off, when the eval ran it; null otherwise.
 */
export function versusPremium(report: EvalReport, candidate: CandidateScore): number | null {
  const premium = report.candidates.find(
    (c) => c.tier === report.premiumOnly?.tier && c.ref === report.premiumOnly?.ref && c.gates === 'off',
  );
  if (!premium?.costPerCorrectMicroUsd || candidate.costPerCorrectMicroUsd === null) return null;
  return candidate.costPerCorrectMicroUsd / premium.costPerCorrectMicroUsd;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const percent = (part: number, of: number) => (of > 0 ? `${((100 * part) / of).toFixed(1)}%` : 'n/a');
const money = (micro: number | null) => (micro === null ? 'n/a' : usd(microToUsd(micro)));
const ratio = (value: number | null) => (value === null ? 'n/a' : `${(100 * value).toFixed(1)}%`);

/** How a gate did: wrong answers it caught of those it judged, right answers it turned away. */
function confusionRow(name: string, c: Confusion): string[] {
  const wrong = c.wrongRejected + c.wrongPassed;
  const right = c.rightRejected + c.rightPassed;
  return [
    name,
    String(c.wrongRejected),
    String(c.rightRejected),
    String(c.wrongPassed),
    String(c.rightPassed),
    percent(c.wrongRejected, wrong),
    percent(c.rightRejected, right),
  ];
}

export function formatEval(report: EvalReport): string {
  const lines = [
    `eval of task ${report.task} on ${report.items} labelled items (accuracy over every item: no accepted answer counts as wrong)`,
    '',
    table([
      [
        'tier',
        'candidate',
        'gates',
        'valid',
        'correct',
        'field accuracy',
        'cost',
        'cost per correct',
        'vs premium-only',
      ],
      ...report.candidates.map((c) => [
        c.tier,
        c.ref,
        c.gates,
        percent(c.valid, c.items),
        `${c.correct}/${c.items} (${percent(c.correct, c.items)})`,
        c.fieldAccuracy === null ? 'n/a' : `${(100 * c.fieldAccuracy).toFixed(1)}%`,
        money(c.costMicroUsd),
        money(c.costPerCorrectMicroUsd),
        ratio(versusPremium(report, c)),
      ]),
    ]),
  ];
  for (const candidate of report.candidates) {
    const entries = Object.entries(candidate.confusion);
    if (entries.length === 0) continue;
    lines.push(
      '',
      `${candidate.tier} ${candidate.ref}, gates ${candidate.gates}: what each check and gate did to the schema-valid answers`,
      table([
        ['check or gate', 'wrong rejected', 'right rejected', 'wrong passed', 'right passed', 'caught', 'false pos.'],
        ...entries.map(([name, confusion]) => confusionRow(name, confusion)),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}
