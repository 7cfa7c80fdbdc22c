/**
 * The bundled sample dataset: 65 invoices, receipts and support emails written for this project (fictional
 * businesses and people). tsc does not copy data files to lib/, so they are read from the source tree, found
 * from the package root.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findProjectRoot } from '../server/temporal-cli';

/** One document of the dataset. */
export interface SampleDocument {
  id: string;
  text: string;
}

/** Absolute path of `demo/data/documents.jsonl`. */
export function datasetPath(): string {
  return join(findProjectRoot(), 'demo', 'data', 'documents.jsonl');
}

/** Every document of the dataset, in file order (kinds interleaved, like a real inbox). */
export function loadDataset(path = datasetPath()): SampleDocument[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `the demo dataset ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); ` +
        'run the demo from a checkout of llm-cascade, where demo/data/ is part of the repository',
    );
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SampleDocument);
}

/**
 * The input file of a demo run: the bundled file itself, or with `limit` the first `limit` documents written
 * to `<dir>/input.jsonl` (the file interleaves kinds, so any prefix mixes them).
 */
export function demoInput(dir: string, limit?: number): { path: string; count: number } {
  const documents = loadDataset();
  if (limit === undefined || limit >= documents.length) return { path: datasetPath(), count: documents.length };
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'input.jsonl');
  const lines = documents.slice(0, limit).map((d) => JSON.stringify(d));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, count: lines.length };
}
