/**
 * Reading labels and results for scoring (see `score.ts`). Labels come from a batch input whose items carry an
 * `expected` object beside their text (`{"id": "a1", "text": "…", "expected": {"total": 12.5}}`), or from a
 * file of `{"id": …, "expected": {…}}` lines; ids are resolved exactly as the batch resolves them (`id`, else
 * `line-<n>` in JSONL, `index-<i>` in a JSON array). The label never reaches the prompt (`batch-source.ts`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { itemFromValue, parseJsonArray } from './batch-source';
import { LABEL_FIELD, type Label, type ResultLine } from './score';

/**
 * Labels by item id from a `.jsonl`/`.ndjson` or `.json` file; an empty map for a directory or a file without
 * labels. Lines that are not JSON are left out (the batch reports them as error lines); an `expected` that is not
 * an object is an error naming the item.
 */
export function readLabels(path: string, flag = '--labels'): Map<string, Label> {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.FileNotFound,
      message: `${flag}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    });
  }
  const labels = new Map<string, Label>();
  if (isDirectory) return labels;
  const text = readFileSync(path, 'utf8');
  // Most inputs carry no labels: skip parsing every line of a large file for nothing.
  if (!text.includes(`"${LABEL_FIELD}"`)) return labels;
  const items = inputValues(text, path);
  for (const [value, fallbackId] of items) {
    if (!value || typeof value !== 'object' || Array.isArray(value) || !(LABEL_FIELD in value)) continue;
    const label = (value as Record<string, unknown>)[LABEL_FIELD];
    const { id } = itemFromValue(value, fallbackId);
    if (!label || typeof label !== 'object' || Array.isArray(label)) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `${flag} ${path}: item ${id}: "${LABEL_FIELD}" must be an object of expected values by field, e.g. {"total": 12.5}`,
      });
    }
    labels.set(id, label as Label);
  }
  return labels;
}

/** The lines of a batch's results or errors file (missing file: none); broken or id-less lines are skipped. */
export function readResultLines(path: string): ResultLine[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (!line.trim()) return [];
      try {
        const value = JSON.parse(line) as Partial<ResultLine> | null;
        return value && typeof value.id === 'string' ? [value as ResultLine] : [];
      } catch {
        return [];
      }
    });
}

/**
 * The values of an input file with the id a batch gives an item that names none: a JSON array's elements
 * (`index-<i>`) or a JSONL file's parseable lines (`line-<n>`; blank and unparseable lines are skipped here, the
 * batch reports them).
 */
export function inputValues(text: string, path: string): [unknown, string][] {
  if (extname(path).toLowerCase() === '.json')
    return parseJsonArray(text, path).map((value, index) => [value, `index-${index}`]);
  return text.split('\n').flatMap((line, index): [unknown, string][] => {
    if (!line.trim()) return [];
    try {
      return [[JSON.parse(line) as unknown, `line-${index + 1}`]];
    } catch {
      return [];
    }
  });
}
