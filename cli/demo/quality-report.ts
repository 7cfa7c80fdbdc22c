/**
 * The demo's quality section: results scored against the documents' expected values (field accuracy, cost per
 * correct result beside cost per valid result) and what the quality gates caught (answers billed as
 * `check_failed`, read from the worker's attempt log, and what they cost).
 */
import { existsSync, readFileSync } from 'node:fs';
import { usd } from '../format';
import { scoreResults, type Accuracy, type Expected } from '../../demo/ground-truth';

export interface QualityReport extends Accuracy {
  okResults: number;
  costPerValidUsd: number | null;
  costPerCorrectUsd: number | null;
  gate: { caught: number; costUsd: number };
}

/** Scores `results.jsonl` against the expected values and counts `check_failed` attempts in `worker.log`. */
export function qualityReport(
  resultsPath: string,
  workerLogPath: string,
  expected: Map<string, Expected>,
): QualityReport {
  const outputs = new Map<string, unknown>();
  const costs = new Map<string, number>();
  for (const row of jsonLines(resultsPath) as { id: string; status: string; output: unknown; costMicroUsd: number }[]) {
    if (row.status !== 'ok') continue;
    outputs.set(row.id, row.output);
    costs.set(row.id, row.costMicroUsd);
  }
  const accuracy = scoreResults(outputs, expected);
  const allMicro = [...costs.values()].reduce((sum, c) => sum + c, 0);
  const scoredMicro = [...costs].filter(([id]) => expected.has(id)).reduce((sum, [, c]) => sum + c, 0);
  let caught = 0;
  let caughtMicro = 0;
  for (const line of jsonLines(workerLogPath) as { message?: string; outcome?: string; costMicroUsd?: number }[]) {
    if (line.message !== 'llm_attempt' || line.outcome !== 'check_failed') continue;
    caught++;
    caughtMicro += line.costMicroUsd ?? 0;
  }
  return {
    ...accuracy,
    okResults: outputs.size,
    costPerValidUsd: outputs.size ? allMicro / outputs.size / 1e6 : null,
    costPerCorrectUsd: accuracy.correct ? scoredMicro / accuracy.correct / 1e6 : null,
    gate: { caught, costUsd: caughtMicro / 1e6 },
  };
}

export function formatQuality(report: QualityReport): string {
  const pct = (right: number, of: number) => (of ? `${((100 * right) / of).toFixed(1)}%` : 'n/a');
  const fields = Object.entries(report.fields)
    .map(([field, { right, of }]) => `${field} ${pct(right, of)}`)
    .join(' · ');
  const money = (value: number | null) => (value === null ? 'n/a' : usd(value));
  return [
    `Quality against the documents' expected values (${report.scored} results scored):`,
    `  correct results      ${report.correct}/${report.scored} (${pct(report.correct, report.scored)}): every expected field right`,
    `  field accuracy       ${fields}`,
    `  cost per result      ${money(report.costPerValidUsd)} per valid result · ${money(report.costPerCorrectUsd)} per correct result`,
    `  quality gates        caught ${report.gate.caught} valid but wrong answers (check_failed), which cost ${usd(report.gate.costUsd)} before escalating`,
  ].join('\n');
}

function jsonLines(path: string): unknown[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return {};
      }
    });
}
