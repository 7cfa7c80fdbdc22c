/**
 * The batch activities: count and page through the input (ids and locators only, so documents stay out of the
 * parent's history), load one item as chat messages, and write its line through the idempotent sink.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { CascadeConfigError } from '../../catalog/errors';
import { largestContextWindow } from '../../routing/route';
import type { StartRule } from '../../catalog/types';
import type { RoutePlan } from '../../routing/types';
import { countPromptTokens } from '../../catalog/node/tokens';
import type {
  BatchCursor,
  BatchItemRef,
  BatchOutputs,
  BatchPage,
  BatchSource,
} from '../../workflows/batch/definitions';
import type { ChatMessage, OutputSchema } from '../../workflows/definitions';
import { readEntries, readEntry } from '../../inputs/batch-source';
import { supersedingLine, type ResultSink } from './sink';
import { RoutingResultSink } from './sinks/route';
import { itemStartTier } from './start-tier';
import { redactSecrets } from '../../catalog/redact';

/** Options of {@link createBatchActivities}. */
export interface BatchActivityOptions {
  /**
   * Where result and error lines go. @default files for plain paths, S3 objects for `s3://`, table rows for
   * `postgres://…#table` (a {@link RoutingResultSink})
   */
  sink?: ResultSink;
}

export interface LoadBatchItemInput {
  source: BatchSource;
  item: BatchItemRef;
  schema: OutputSchema;
  instructions?: string;
  route: RoutePlan;
  startRules?: StartRule[];
}

/** An item ready for the cascade, or the per-item error that replaces any model call. */
export type LoadBatchItemResult =
  | { kind: 'ok'; messages: ChatMessage[]; estimatedInputTokens: number; startTier: number }
  | { kind: 'error'; code: string; reason: string };

/**
 * Documents travel in the item workflow's history (its cascade input); Temporal rejects payloads over 2 MB, so a
 * bigger document is an item error, not a stuck workflow.
 */
export const MAX_ITEM_BYTES = 1_500_000;

/** Builds the batch activities; the worker registers them next to `callModel`. */
export function createBatchActivities(options: BatchActivityOptions = {}) {
  const sink = options.sink ?? new RoutingResultSink();
  /** Whether an item is done: it has a result, or (unless failures are to be run again) a final error line. */
  const isRecorded = async (outputs: BatchOutputs, retryFailed = false) => {
    const results = await sink.recordedIds(outputs.resultsPath);
    const errors = retryFailed ? new Set<string>() : await sink.recordedIds(outputs.errorsPath);
    return (id: string) => results.has(id) || errors.has(id);
  };

  return {
    /** Counts the input's items and those an earlier run already recorded (for progress only). */
    async countBatchItems(input: {
      source: BatchSource;
      outputs: BatchOutputs;
      retryFailed?: boolean;
    }): Promise<{ total: number; alreadyDone: number }> {
      const recorded = await isRecorded(input.outputs, input.retryFailed);
      let total = 0;
      let alreadyDone = 0;
      for (let cursor: BatchCursor | undefined = { index: 0, offset: 0 }; cursor;) {
        const page = readOrFail(() => readEntries(input.source, cursor!, 1000));
        total += page.entries.length;
        alreadyDone += page.entries.filter((entry) => recorded(entry.id)).length;
        cursor = page.exhausted ? undefined : page.next;
      }
      return { total, alreadyDone };
    },

    /** One page of item refs from `cursor`, leaving out items already in the results or errors file. */
    async readBatchPage(input: {
      source: BatchSource;
      outputs: BatchOutputs;
      cursor: BatchCursor;
      pageSize: number;
      retryFailed?: boolean;
    }): Promise<BatchPage> {
      const recorded = await isRecorded(input.outputs, input.retryFailed);
      const page = readOrFail(() => readEntries(input.source, input.cursor, input.pageSize));
      const items = page.entries
        .filter((entry) => !recorded(entry.id))
        .map(({ id, at, file }) => (file === undefined ? { id, at } : { id, at, file }));
      return { items, next: page.next, exhausted: page.exhausted, skipped: page.entries.length - items.length };
    },

    /** Reads one item and builds its messages; empty, malformed, oversized or unreadable items come back as errors. */
    async loadBatchItem(input: LoadBatchItemInput): Promise<LoadBatchItemResult> {
      return loadItem(input);
    },

    /** Appends one result or error line unless a line with its key (`key`, else `id`) is there (a retried write). */
    async writeBatchResult(input: {
      path: string;
      line: { id: string; key?: string } & Record<string, unknown>;
      /** With a result line: the errors file whose earlier lines of this item it supersedes. */
      errorsPath?: string;
    }): Promise<{ written: boolean }> {
      const ok = input.line.status === 'ok';
      // Error lines carry provider messages: scrubbed once more here (results are the user's data, left as they are).
      // `final`: whether the line is the item's last word (`failed`), or spend that a later run goes on from.
      const line = ok
        ? input.line
        : (JSON.parse(
            redactSecrets(JSON.stringify({ ...input.line, final: input.line.status === 'failed' })),
          ) as typeof input.line);
      const key = input.line.key ?? input.line.id;
      const written = await sink.append(input.path, key, line);
      // The item's final word: its earlier error lines (undone, retryable, or failed before --retry-failed) are marked
      // superseded by one line naming them. Also on a retried write, in case the worker died between the two appends.
      const errorsPath = ok ? input.errorsPath : input.path;
      if (errorsPath && (ok || input.line.status === 'failed') && sink.linesOf) {
        const earlier = await sink.linesOf(errorsPath, input.line.id);
        const note = supersedingLine(input.line.id, key, ok ? 'ok' : 'failed', earlier);
        if (note) await sink.append(errorsPath, note.key, note);
      }
      return { written };
    },
  };
}

/** Reads one item and builds its messages; empty, malformed, oversized or unreadable items come back as errors. */
export function loadItem(input: LoadBatchItemInput): LoadBatchItemResult {
  const entry = readOrFail(() => readEntry(input.source, input.item));
  if (!entry || entry.id !== input.item.id) {
    return {
      kind: 'error',
      code: 'unreadable',
      reason: `item ${input.item.id} is no longer at its place in the input (was the input changed during the batch?)`,
    };
  }
  if (!('text' in entry.content)) return { kind: 'error', ...entry.content };
  const text = entry.content.text;
  if (Buffer.byteLength(text) > MAX_ITEM_BYTES) {
    return {
      kind: 'error',
      code: 'too_large',
      reason: `the item is ${Buffer.byteLength(text)} bytes, over the ${MAX_ITEM_BYTES}-byte limit of one item`,
    };
  }
  const messages: ChatMessage[] = [
    ...(input.instructions ? [{ role: 'system' as const, content: input.instructions }] : []),
    { role: 'user', content: text },
  ];
  const estimatedInputTokens = countPromptTokens(messages, input.schema.jsonSchema);
  const largest = largestContextWindow(input.route);
  if (estimatedInputTokens >= largest) {
    return {
      kind: 'error',
      code: 'too_large',
      reason: `the prompt is about ${estimatedInputTokens} tokens, more than the largest context window of route "${input.route.task}" (${largest})`,
    };
  }
  const startTier = itemStartTier(input.route, input.startRules, estimatedInputTokens, text);
  return { kind: 'ok', messages, estimatedInputTokens, startTier };
}

export type BatchActivities = ReturnType<typeof createBatchActivities>;

/** A missing or unreadable input mid-batch will not heal by retrying: fail the activity for good, saying why. */
function readOrFail<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      error instanceof CascadeConfigError ||
      code === 'ENOENT' ||
      code === 'EACCES' ||
      code === 'EISDIR' ||
      code === 'ENOTDIR'
    ) {
      throw ApplicationFailure.create({
        type: 'BatchInputUnreadable',
        message: (error as Error).message,
        nonRetryable: true,
      });
    }
    throw error;
  }
}
