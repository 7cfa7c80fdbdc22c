/**
 * The labelled items of an eval: the `report --labels` format (`inputs/labels.ts`). Either one file whose items carry
 * their text and their `expected` values (`{"id", "text", "expected"}`, a labelled batch input), or a file of
 * `{"id", "expected"}` lines beside a batch input holding the texts (`--input`).
 */
import { readFileSync } from 'node:fs';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { itemFromValue } from '../../inputs/batch-source';
import { inputValues, readLabels } from '../../inputs/labels';
import type { Label } from '../../inputs/score';
import type { EvalItem } from './run';

/** Texts by item id, resolved as the batch resolves ids (`id`, else `line-<n>` / `index-<i>`). */
function readTexts(path: string): Map<string, string> {
  const text = readFileSync(path, 'utf8');
  const values = inputValues(text, path);
  const texts = new Map<string, string>();
  for (const [value, fallbackId] of values) {
    const { id, content } = itemFromValue(value, fallbackId);
    if ('text' in content) texts.set(id, content.text);
  }
  return texts;
}

/** Every labelled item with its text, in the labels' order; an item without a text is an error naming it. */
export function readEvalItems(
  labelsPath: string,
  inputPath?: string,
): { items: EvalItem[]; labels: Map<string, Label> } {
  const labels = readLabels(labelsPath);
  const invalid = (message: string): never => {
    throw new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
  };
  if (labels.size === 0) {
    invalid(
      `--labels ${labelsPath}: no item carries "expected" values ({"id": …, "text": …, "expected": {…}} per line)`,
    );
  }
  const texts = readTexts(inputPath ?? labelsPath);
  const items: EvalItem[] = [];
  for (const id of labels.keys()) {
    const text = texts.get(id);
    if (text === undefined) {
      invalid(
        inputPath
          ? `--input ${inputPath} has no text for labelled item "${id}"`
          : `--labels ${labelsPath}: item "${id}" has no text; put its "text" beside "expected", or give the texts with --input <file>`,
      );
    }
    items.push({ id, text: text! });
  }
  return { items, labels };
}
