/**
 * Scoring a batch's files against labels (`llm-cascade batch` on a labelled input, `llm-cascade report --labels`):
 * the results and errors files hold every item's output and spend, so no Temporal cluster is needed.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { readLabels, readResultLines } from '../../inputs/labels';
import { scoreResults, type Label, type Score } from '../../inputs/score';
import { formatScore } from '../score-format';
import { moneyJson } from '../json-money';

export function scoreBatchFiles(
  files: { resultsPath: string; errorsPath: string },
  labels: ReadonlyMap<string, Label>,
): Score {
  return scoreResults([...readResultLines(files.resultsPath), ...readResultLines(files.errorsPath)], labels);
}

/** The errors file `batch` writes beside a results file by default. */
export function defaultErrorsPath(resultsPath: string): string {
  return `${resultsPath.replace(/\.jsonl$/i, '')}.errors.jsonl`;
}

export interface ScoreReportFlags {
  labels: string;
  results?: string;
  errors?: string;
  format: string;
}

/** `report --labels <file> --results <results.jsonl>`: the score as text or JSON. */
export function scoreReport(flags: ScoreReportFlags): string {
  const invalid = (message: string): never => {
    throw new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
  };
  if (!flags.results) invalid('--labels needs --results <results.jsonl>: the batch output to score');
  const resultsPath = resolve(flags.results!);
  if (!existsSync(resultsPath)) invalid(`--results: cannot read ${resultsPath} (ENOENT)`);
  if (flags.format === 'csv') invalid('--labels prints a table or JSON (--format table|json), not csv');
  const labels = readLabels(resolve(flags.labels));
  if (labels.size === 0) {
    invalid(
      `--labels ${resolve(flags.labels)}: no item carries "expected" values ({"id": …, "expected": {…}} per line)`,
    );
  }
  const errorsPath = resolve(flags.errors ?? defaultErrorsPath(resultsPath));
  const score = scoreBatchFiles({ resultsPath, errorsPath }, labels);
  if (flags.format === 'json') return `${JSON.stringify(moneyJson({ resultsPath, errorsPath, ...score }))}\n`;
  return `${formatScore(score, `Quality of ${resultsPath} against ${resolve(flags.labels)}`)}\n`;
}
