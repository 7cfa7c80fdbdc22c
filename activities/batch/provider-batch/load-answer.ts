/** `loadProviderBatchAnswer`: one item's answer from the spool a collected batch left (undefined: none for it). */
import type { ProviderBatchAnswer } from '../../../workflows/batch/definitions';
import type { AnswerSpool } from './spool';

/** One item's answer from the spool (undefined when the batch had none for it). */
export function createLoadProviderBatchAnswer(spool: AnswerSpool) {
  return async function loadProviderBatchAnswer(input: {
    /** The spool's key (an absolute path from workers before the blob store). */
    spoolPath: string;
    id: string;
  }): Promise<ProviderBatchAnswer | undefined> {
    const answers = await spool.read(input.spoolPath);
    return answers.find((answer) => answer.id === input.id);
  };
}
