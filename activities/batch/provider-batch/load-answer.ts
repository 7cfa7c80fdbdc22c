/** `loadProviderBatchAnswer`: one item's answer from the spool a collected batch left (undefined: none for it). */
import { readFileSync } from 'node:fs';
import type { ProviderBatchAnswer } from '../../../workflows/batch/definitions';

/** One item's answer from the spool (undefined when the batch had none for it). */
export function createLoadProviderBatchAnswer() {
  return async function loadProviderBatchAnswer(input: {
    spoolPath: string;
    id: string;
  }): Promise<ProviderBatchAnswer | undefined> {
    const answers = JSON.parse(readFileSync(input.spoolPath, 'utf8')) as ProviderBatchAnswer[];
    return answers.find((answer) => answer.id === input.id);
  };
}
