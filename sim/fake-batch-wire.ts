/**
 * The fake Batches API's records and their wire objects: a stored file, a stored batch and its statuses, the
 * `file` and `batch` objects OpenAI returns, and the validation a batch file goes through.
 */
import type { FakeBatchBehavior, FakeBatchTiming } from './fake-types';

export interface StoredFile {
  id: string;
  bytes: Buffer;
  filename: string;
  purpose: string;
  createdAt: number;
}

export type BatchStatus =
  'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export interface StoredBatch {
  id: string;
  inputFileId: string;
  endpoint: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  createdAt: number;
  status: BatchStatus;
  /** Epoch ms of each status reached, for the `*_at` fields. */
  times: Partial<Record<BatchStatus, number>>;
  behavior: FakeBatchBehavior;
  timing: FakeBatchTiming;
  requestCounts: { total: number; completed: number; failed: number };
  outputFileId?: string;
  errorFileId?: string;
  errors?: { object: 'list'; data: { code: string; message: string; line: number | null }[] };
  /** Set while the lines are being answered, so concurrent reads do not answer them twice. */
  answering?: Promise<void>;
}

/** The real API's validation of a batch file: JSON lines, POST to the batch's endpoint, unique custom ids. */
export function validateBatchFile(
  text: string,
  endpoint: string,
): { lines: number; problem?: { code: string; message: string; line: number | null } } {
  const seen = new Set<string>();
  const lines = text.split('\n').filter((line) => line.trim());
  for (const [index, line] of lines.entries()) {
    let request: { custom_id?: unknown; method?: unknown; url?: unknown; body?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      return {
        lines: lines.length,
        problem: { code: 'invalid_json_line', message: 'This line is not parseable as valid JSON.', line: index + 1 },
      };
    }
    if (typeof request.custom_id !== 'string' || seen.has(request.custom_id)) {
      return {
        lines: lines.length,
        problem: { code: 'duplicate_custom_id', message: 'custom_id must be a unique string.', line: index + 1 },
      };
    }
    seen.add(request.custom_id);
    if (request.method !== 'POST' || request.url !== endpoint) {
      return {
        lines: lines.length,
        problem: { code: 'invalid_url', message: `url must be ${endpoint} (POST).`, line: index + 1 },
      };
    }
  }
  if (lines.length === 0)
    return { lines: 0, problem: { code: 'empty_file', message: 'The input file is empty.', line: null } };
  return { lines: lines.length };
}

export function invalid(status: number, message: string, param: string | null = null) {
  return { status, body: { error: { message, type: 'invalid_request_error', param, code: null } } };
}

function seconds(ms: number | undefined): number | null {
  return ms === undefined ? null : Math.floor(ms / 1000);
}

export function fileObject(file: StoredFile): Record<string, unknown> {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes.length,
    created_at: seconds(file.createdAt),
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    status_details: null,
  };
}

export function batchObject(batch: StoredBatch): Record<string, unknown> {
  const at = (status: BatchStatus) => seconds(batch.times[status]);
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    errors: batch.errors ?? null,
    input_file_id: batch.inputFileId,
    completion_window: batch.completionWindow,
    status: batch.status,
    output_file_id: batch.outputFileId ?? null,
    error_file_id: batch.errorFileId ?? null,
    created_at: seconds(batch.createdAt),
    in_progress_at: at('in_progress'),
    expires_at: seconds(batch.createdAt + 24 * 3600_000),
    finalizing_at: at('finalizing'),
    completed_at: at('completed'),
    failed_at: at('failed'),
    expired_at: at('expired'),
    cancelling_at: at('cancelling'),
    cancelled_at: at('cancelled'),
    request_counts: batch.requestCounts,
    metadata: batch.metadata,
  };
}
