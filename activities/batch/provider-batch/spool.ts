/**
 * The provider-batch spool: a collected batch's answers (judged, priced) in the worker's blob store, where each
 * item workflow reads its own (`loadProviderBatchAnswer`), so answers never travel through the batch's history and
 * any worker host can read them. The object's name is a hash of the results file and the batch id (keyed under
 * encryption), and its bytes are sealed with the payload keys.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { BlobKind, BlobSeal, logicalKey, nameKey, type BlobStore } from '../../../blobs';
import type { EncryptionOptions } from '../../../codec/keys';
import type { ProviderBatchAnswer } from '../../../workflows/batch/definitions';

export class AnswerSpool {
  private readonly seal: BlobSeal;
  private readonly names?: Buffer;

  constructor(
    readonly blobs: BlobStore,
    encryption?: EncryptionOptions,
  ) {
    this.seal = new BlobSeal(encryption);
    this.names = encryption ? nameKey(encryption) : undefined;
  }

  /** The key of a batch's answers: the same for every retry of its collection, so a retry overwrites. */
  keyOf(resultsPath: string, providerBatchId: string): string {
    return logicalKey(BlobKind.ProviderBatches, [resultsPath, providerBatchId], this.names);
  }

  /** Stores a batch's answers; returns the key the items read them by (recorded in history as `spoolPath`). */
  async write(resultsPath: string, providerBatchId: string, answers: ProviderBatchAnswer[]): Promise<string> {
    const key = this.keyOf(resultsPath, providerBatchId);
    await this.blobs.put(key, await this.seal.seal(Buffer.from(JSON.stringify(answers), 'utf8')));
    return key;
  }

  /** A batch's answers. A `spoolPath` that is an absolute path was written beside the results by an older worker. */
  async read(spoolPath: string): Promise<ProviderBatchAnswer[]> {
    const stored = isAbsolute(spoolPath) ? await readFile(spoolPath) : await this.blobs.get(spoolPath);
    if (!stored) {
      throw new Error(
        `the provider batch's answers are not in the blob store (${this.blobs.where}): every worker of this task ` +
          'queue needs the same blob store (a shared directory, or an S3 bucket on several hosts)',
      );
    }
    const text = Buffer.from(await this.seal.open(stored, "a provider batch's answers")).toString('utf8');
    return JSON.parse(text) as ProviderBatchAnswer[];
  }
}
