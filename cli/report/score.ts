/**
 * Scoring a batch's files against labels (`llm-cascade batch` on a labelled input, `llm-cascade report --labels`):
 * the results and errors files hold every item's output and spend, so no Temporal cluster is needed.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { readLabels, readResultLines } from '../../inputs/labels';
import { scoreResults, type Label, type ResultLine, type Score } from '../../inputs/score';
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

/** What scoring read: the files, their lines and labels, and the score. */
export interface ScoredFiles {
  resultsPath: string;
  errorsPath: string;
  lines: ResultLine[];
  labels: ReadonlyMap<string, Label>;
  score: Score;
}

/** Verdicts recorded in the ledger store (`--batch`): where, and on how many of the batch's requests. */
export interface RecordedVerdicts {
  store: string;
  batchId: string;
  recorded: number;
}

/** `report --labels <file> --results <results.jsonl>`: reads and scores the files. */
export function scoreFiles(flags: ScoreReportFlags): ScoredFiles {
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
  const lines = [...readResultLines(resultsPath), ...readResultLines(errorsPath)];
  return { resultsPath, errorsPath, lines, labels, score: scoreResults(lines, labels) };
}

/** The score as text or JSON, with where its verdicts were recorded. */
export function scoreText(scored: ScoredFiles, flags: ScoreReportFlags, recorded?: RecordedVerdicts): string {
  const { resultsPath, errorsPath, score } = scored;
  if (flags.format === 'json')
    return `${JSON.stringify(moneyJson({ resultsPath, errorsPath, ...score, ...(recorded && { recorded }) }))}\n`;
  const note = !recorded
    ? ''
    : `\n${recorded.recorded} verdict(s) recorded on batch ${recorded.batchId}'s requests in the ledger store ${recorded.store}` +
      (recorded.recorded === 0 ? ' (none answered there: --batch takes the batch workflow id, batch-<batch id>)' : '');
  return `${formatScore(score, `Quality of ${resultsPath} against ${resolve(flags.labels)}`)}${note}\n`;
}

/** `report --labels` from the files alone. */
export function scoreReport(flags: ScoreReportFlags): string {
  return scoreText(scoreFiles(flags), flags);
}
