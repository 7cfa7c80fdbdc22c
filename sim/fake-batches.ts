/**
 * OpenAI's Files and Batches APIs for the fake provider: upload a JSONL file (`purpose=batch`), create a batch over
 * it, watch it go validating → in_progress → finalizing → completed (or expired, failed, cancelling → cancelled),
 * download its output and error files. Each line is answered exactly as a chat call would be (the same scripted
 * behaviours and faults), and billed at the batch rate. Time is the fake's own `BatchTiming`, so tests wait seconds.
 */
import { randomId } from './openai-wire';
import type { FakeBatchBehavior, FakeBatchLine, FakeBatchTiming } from './fake-types';
import {
  batchObject,
  fileObject,
  invalid,
  validateBatchFile,
  type BatchStatus,
  type StoredBatch,
  type StoredFile,
} from './fake-batch-wire';

export { fileObject } from './fake-batch-wire';

/** How the provider answers one line: what a chat call with this body would have answered. */
export type LineAnswer = (body: unknown) => Promise<{ status: number; body: unknown; usage?: FakeBatchLine['usage'] }>;

export const DEFAULT_BATCH_TIMING: FakeBatchTiming = { validatingMs: 50, inProgressMs: 200, finalizingMs: 50 };

/** The store behind `/v1/files` and `/v1/batches`: state, transitions and the line answers. */
export class FakeBatchStore {
  readonly files = new Map<string, StoredFile>();
  readonly batches = new Map<string, StoredBatch>();
  /** Every line answered inside a batch, in order (they are not chat calls: `calls` never lists them). */
  readonly lines: FakeBatchLine[] = [];
  behavior: FakeBatchBehavior = 'complete';
  timing: FakeBatchTiming = DEFAULT_BATCH_TIMING;

  constructor(private readonly answer: LineAnswer) {}

  upload(bytes: Buffer, filename: string, purpose: string): Record<string, unknown> {
    const file: StoredFile = { id: randomId('file-'), bytes, filename, purpose, createdAt: Date.now() };
    this.files.set(file.id, file);
    return fileObject(file);
  }

  create(params: Record<string, unknown>): { status: number; body: Record<string, unknown> } {
    const inputFileId = typeof params.input_file_id === 'string' ? params.input_file_id : '';
    const file = this.files.get(inputFileId);
    if (!file) return invalid(404, `No such File object: ${inputFileId}`, 'input_file_id');
    if (file.purpose !== 'batch') return invalid(400, 'The input file must be uploaded with purpose "batch".');
    if (params.endpoint !== '/v1/chat/completions') {
      return invalid(400, 'The fake provider runs batches for /v1/chat/completions only.', 'endpoint');
    }
    if (params.completion_window !== '24h') return invalid(400, 'completion_window must be "24h".');
    const now = Date.now();
    const batch: StoredBatch = {
      id: randomId('batch_'),
      inputFileId,
      endpoint: params.endpoint,
      completionWindow: '24h',
      metadata: (params.metadata as Record<string, string> | undefined) ?? null,
      createdAt: now,
      status: 'validating',
      times: { validating: now },
      behavior: this.behavior,
      timing: this.timing,
      requestCounts: { total: 0, completed: 0, failed: 0 },
    };
    this.batches.set(batch.id, batch);
    return { status: 200, body: batchObject(batch) };
  }

  async retrieve(id: string): Promise<StoredBatch | undefined> {
    const batch = this.batches.get(id);
    if (batch) await this.advance(batch);
    return batch;
  }

  async cancel(id: string): Promise<StoredBatch | undefined> {
    const batch = await this.retrieve(id);
    if (!batch) return undefined;
    if (batch.status === 'validating' || batch.status === 'in_progress') this.enter(batch, 'cancelling');
    return batch;
  }

  /** Newest first, as the real list is; `after` is the id of the last batch of the previous page. */
  async list(limit: number, after: string | undefined): Promise<Record<string, unknown>> {
    const all = [...this.batches.values()].reverse();
    const start = after === undefined ? 0 : all.findIndex((batch) => batch.id === after) + 1;
    const page = all.slice(start, start + limit);
    for (const batch of page) await this.advance(batch);
    return {
      object: 'list',
      data: page.map(batchObject),
      first_id: page[0]?.id ?? null,
      last_id: page[page.length - 1]?.id ?? null,
      has_more: start + limit < all.length,
    };
  }

  body(batch: StoredBatch): Record<string, unknown> {
    return batchObject(batch);
  }

  /** Moves a batch along its clock; answers its lines once when it leaves in_progress. */
  private async advance(batch: StoredBatch): Promise<void> {
    const { validatingMs, inProgressMs, finalizingMs } = batch.timing;
    const since = (status: BatchStatus) => Date.now() - (batch.times[status] ?? Infinity);
    if (batch.status === 'validating' && since('validating') >= validatingMs) {
      const text = this.files.get(batch.inputFileId)?.bytes.toString('utf8') ?? '';
      const { lines, problem } = validateBatchFile(text, batch.endpoint);
      if (problem) {
        batch.errors = { object: 'list', data: [problem] };
        this.enter(batch, 'failed');
        return;
      }
      batch.requestCounts.total = lines;
      this.enter(batch, 'in_progress');
    }
    if (batch.status === 'in_progress' && since('in_progress') >= inProgressMs) {
      // A held batch follows the store's behaviour, so a test can release it.
      const behavior = batch.behavior === 'hold' ? this.behavior : batch.behavior;
      if (behavior === 'hold') return;
      batch.answering ??= this.answerLines(batch, behavior === 'expire' ? 'expired' : 'finalizing');
      await batch.answering;
    }
    if (batch.status === 'cancelling' && since('cancelling') >= finalizingMs) {
      batch.answering ??= this.answerLines(batch, 'cancelled');
      await batch.answering;
    }
    if (batch.status === 'finalizing' && since('finalizing') >= finalizingMs) this.enter(batch, 'completed');
  }

  private enter(batch: StoredBatch, status: BatchStatus): void {
    batch.status = status;
    batch.times[status] = Date.now();
  }

  private requests(batch: StoredBatch): Array<{ custom_id: string; method: string; url: string; body: unknown }> {
    const text = this.files.get(batch.inputFileId)?.bytes.toString('utf8') ?? '';
    return text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => JSON.parse(line) as { custom_id: string; method: string; url: string; body: unknown });
  }

  /**
   * Answers every line (or, for an expired or cancelled batch, none: OpenAI lists those with a `batch_expired` or
   * `batch_cancelled` error) and writes the output and error files.
   */
  private async answerLines(batch: StoredBatch, end: 'finalizing' | 'expired' | 'cancelled'): Promise<void> {
    const output: string[] = [];
    const errors: string[] = [];
    for (const request of this.requests(batch)) {
      const id = randomId('batch_req_');
      if (end !== 'finalizing') {
        const code = end === 'expired' ? 'batch_expired' : 'batch_cancelled';
        const message =
          end === 'expired'
            ? 'This request could not be executed before the completion window expired.'
            : 'This request was not executed because the batch was cancelled.';
        errors.push(JSON.stringify({ id, custom_id: request.custom_id, response: null, error: { code, message } }));
        batch.requestCounts.failed++;
        continue;
      }
      const answer = await this.answer(request.body);
      const model = (request.body as { model?: unknown } | null)?.model;
      const line: FakeBatchLine = {
        batchId: batch.id,
        customId: request.custom_id,
        model: typeof model === 'string' ? model : '',
        status: answer.status,
      };
      if (answer.usage) line.usage = answer.usage;
      this.lines.push(line);
      const response = { status_code: answer.status, request_id: randomId('req_'), body: answer.body };
      const text = JSON.stringify({ id, custom_id: request.custom_id, response, error: null });
      if (answer.status === 200) {
        output.push(text);
        batch.requestCounts.completed++;
      } else {
        errors.push(text);
        batch.requestCounts.failed++;
      }
    }
    if (output.length > 0) batch.outputFileId = this.store(output, `${batch.id}_output.jsonl`);
    if (errors.length > 0) batch.errorFileId = this.store(errors, `${batch.id}_error.jsonl`);
    this.enter(batch, end);
  }

  private store(lines: string[], filename: string): string {
    const file: StoredFile = {
      id: randomId('file-'),
      bytes: Buffer.from(lines.join('\n') + '\n'),
      filename,
      purpose: 'batch_output',
      createdAt: Date.now(),
    };
    this.files.set(file.id, file);
    return file.id;
  }
}
