/**
 * The demo's quality section: results scored against the documents' expected values with the library's scoring
 * (field accuracy, cost per correct result beside cost per valid result) and what the quality gates caught
 * (answers billed as `check_failed`, read from the worker's attempt log, and what they cost).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Label, Score } from '../../inputs/score';
import { scoreBatchFiles } from '../report/score';
import { microToUsd } from '../../catalog/pricing';
import { usd } from '../format';
import { formatScore } from '../score-format';

export interface QualityReport extends Score {
  gate: { caught: number; costUsd: number };
}

/** Scores the results and errors files against the expected values; counts `check_failed` attempts in `worker.log`. */
export function qualityReport(
  files: { results: string; errors: string; workerLog: string },
  expected: ReadonlyMap<string, Label>,
): QualityReport {
  const score = scoreBatchFiles({ resultsPath: files.results, errorsPath: files.errors }, expected);
  let caught = 0;
  let caughtMicro = 0;
  for (const line of jsonLines(files.workerLog) as { message?: string; outcome?: string; costMicroUsd?: number }[]) {
    if (line.message !== 'llm_attempt' || line.outcome !== 'check_failed') continue;
    caught++;
    caughtMicro += line.costMicroUsd ?? 0;
  }
  return { ...score, gate: { caught, costUsd: microToUsd(caughtMicro) } };
}

export function formatQuality(report: QualityReport): string {
  return [
    formatScore(report, "Quality against the documents' expected values"),
    // Rejected, not "wrong": a gate also turns away right answers; `llm-cascade eval` measures how many of each.
    `  quality gates        rejected ${report.gate.caught} answers that validated (check_failed), which cost ${usd(report.gate.costUsd)} before escalating; \`llm-cascade eval\` shows how many were wrong`,
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
