/**
 * Turns a batch request into a checked `BatchInput`, failing with a `CascadeConfigError` that says what to fix
 * before anything starts: input missing, unreadable or not parsable at the top level, duplicate item ids, an
 * output that cannot be written, an unknown task, a schema that does not compile, out-of-range numbers.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { planBatch, requestChecks } from '../routing/node/plan';
import { checkRequestNumbers } from '../routing/request';
import type { Catalog } from '../catalog/types';
import type { BatchInput, BatchSource } from '../workflows/batch/definitions';
import type { RequestOptions } from '../workflows/definitions';
import { batchStartAttributes } from '../workflows/definitions/search-attributes';
import { LEDGER_POINTER, WHERE_THE_LEDGER_IS, toJsonSchema, type SchemaInput } from './prepare';
import { checkBatchFiles } from './batch-files';

/**
 * A batch extraction: every item of `input` through the task's route, results to `output`. Its instructions,
 * checks, schema prompt and search attributes are a request's (`RequestOptions`); its budget is the whole batch's.
 */
export interface BatchRequest<S extends SchemaInput = SchemaInput> extends Pick<
  RequestOptions,
  'instructions' | 'checks' | 'schemaInPrompt' | 'searchAttributes'
> {
  /** Task type: names the route in the catalog. */
  task: string;
  /** The output contract: zod (converted here, at the edge) or JSON Schema. */
  schema: S;
  /** @default the schema's title, or 'output' */
  schemaName?: string;
  /** A `.jsonl` or `.json` file or a directory of text files, or an explicit source. */
  input: string | BatchSource;
  /** Results JSONL, one line per ok item. */
  output: string;
  /** Errors JSONL, one line per failed item. @default `<output without .jsonl>.errors.jsonl` */
  errors?: string;
  /** Names the batch (letters, digits, `.`, `_`, `-`, `:`); the same id resumes it. @default derived from task, input and output paths */
  batchId?: string;
  /** Items in flight at once. @default 16 */
  concurrency?: number;
  /** Budget of the whole batch in USD. */
  maxCostUsd?: number;
  /** Start every item at this tier, instead of the route's start rules applied per item. */
  startTier?: string;
  /** @default 100 */
  pageSize?: number;
  /** Continue-as-new threshold in history events (the server's suggestion applies too). @default 10000 */
  maxHistoryEvents?: number;
  /** Longest total wait of one item for providers that are down or rate-limited, ms. @default 900000 */
  maxWaitMs?: number;
  /** Rounds an item that failed for a transient reason is run again later in the batch. @default 2 */
  retryRounds?: number;
  /** Delay before the first retry round, ms (doubles per round). @default 30000 */
  retryDelayMs?: number;
  /** Run again items whose earlier run ended in a failure line. @default false */
  retryFailed?: boolean;
  /**
   * Send the route's first tier as provider batches (its first candidate's provider must declare `batch` in the
   * catalog): billed at the batch rate, answers within the provider's completion window. @default false
   */
  providerBatch?: boolean;
  /** First wait between provider batch status polls, ms (doubles per poll, capped at 15 min). @default 1000 */
  providerBatchPollMs?: number;
  /**
   * Run each item as a child workflow of its own (a page per item in the Temporal UI) instead of inline in the
   * batch workflow; about 1.5× the server work per item. @default false
   */
  itemWorkflows?: boolean;
}

/** Most children in flight: Temporal allows 2,000 pending children per execution; stay well under. */
export const MAX_CONCURRENCY = 500;

function invalid(code: ConfigErrorCode, message: string): never {
  throw new CascadeConfigError({ code, message });
}

/**
 * Checks a batch request against the filesystem (and, as a pre-check only, against `catalog` when given) and
 * builds the workflow input. The worker's catalog plans the route when the batch starts.
 */
export function prepareBatch(catalog: Catalog | undefined, request: BatchRequest, now: string): BatchInput {
  if (!request.task) invalid(ConfigErrorCode.InvalidRequest, 'task is required: name a route of the catalog');
  if (catalog) {
    const plan = { task: request.task, startTier: request.startTier, checks: request.checks };
    planBatch(catalog, { ...plan, ...(request.providerBatch && { providerBatch: true }) }, now);
  }
  const jsonSchema = toJsonSchema(request.schema);
  const title = typeof jsonSchema.title === 'string' ? jsonSchema.title : undefined;
  checkNumber('concurrency', request.concurrency, 1, MAX_CONCURRENCY);
  checkNumber('pageSize', request.pageSize, 1, 10_000);
  checkNumber('maxHistoryEvents', request.maxHistoryEvents, 100, 50_000);
  checkNumber('retryRounds', request.retryRounds, 0, 10);
  checkNumber('retryDelayMs', request.retryDelayMs, 0, 86_400_000);
  // A batch's budget and its items' wait obey the rules of a single request's.
  checkRequestNumbers(request);
  const { source, resultsPath, errorsPath } = checkBatchFiles(request);
  const batchId = request.batchId ?? defaultBatchId(request.task, source.path, resultsPath);
  if (!/^[A-Za-z0-9._:-]{1,120}$/.test(batchId)) {
    invalid(
      ConfigErrorCode.InvalidRequest,
      `batch id "${batchId}" may hold only letters, digits, ".", "_", "-" and ":" (at most 120)`,
    );
  }
  const checks = request.checks === undefined ? undefined : requestChecks(request.checks);
  return {
    batchId,
    source,
    outputs: { resultsPath, errorsPath },
    task: request.task,
    schema: { name: request.schemaName ?? title ?? 'output', jsonSchema },
    ...(request.instructions !== undefined && { instructions: request.instructions }),
    ...(request.startTier !== undefined && { startTier: request.startTier }),
    concurrency: request.concurrency ?? 16,
    maxCostUsd: request.maxCostUsd,
    pageSize: request.pageSize ?? 100,
    maxHistoryEvents: request.maxHistoryEvents,
    searchAttributes: request.searchAttributes ?? true,
    ...(request.maxWaitMs !== undefined ? { maxWaitMs: request.maxWaitMs } : {}),
    ...(request.retryRounds !== undefined ? { retryRounds: request.retryRounds } : {}),
    ...(request.retryDelayMs !== undefined ? { retryDelayMs: request.retryDelayMs } : {}),
    ...(request.retryFailed ? { retryFailed: true } : {}),
    ...(request.providerBatch ? { providerBatch: true } : {}),
    ...(request.providerBatchPollMs !== undefined && { providerBatchPollMs: request.providerBatchPollMs }),
    ...(request.itemWorkflows && { itemWorkflows: true }),
    ...(checks?.length && { checks }),
    ...(request.schemaInPrompt !== undefined && { schemaInPrompt: request.schemaInPrompt }),
  };
}

/** Same task, input and output: same batch, so running the same command again resumes it. */
export function defaultBatchId(task: string, inputPath: string, resultsPath: string): string {
  const hash = createHash('sha256').update(`${inputPath}\0${resultsPath}`).digest('hex').slice(0, 12);
  return `${task.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60)}-${hash}`;
}

function checkNumber(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
    invalid(ConfigErrorCode.InvalidRequest, `${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/** What the Temporal UI shows about a batch from its start. */
export function batchPresentation(input: BatchInput) {
  const budget = input.maxCostUsd === undefined ? 'none' : `$${input.maxCostUsd}`;
  const details = [
    `**batch** ${input.batchId} · **task** ${input.task} · **schema** ${input.schema.name} · **budget** ${budget} · **concurrency** ${input.concurrency}`,
    '',
    `- input: \`${input.source.path}\` (${input.source.kind})`,
    `- results: \`${input.outputs.resultsPath}\``,
    `- errors: \`${input.outputs.errorsPath}\``,
    '',
    `Route: planned by the worker's catalog when the batch starts${input.startTier ? ` (every item from tier ${input.startTier})` : ''}.`,
    '',
    WHERE_THE_LEDGER_IS,
  ].join('\n');
  return {
    staticSummary:
      `batch ${input.batchId}: ${input.task} → ${input.schema.name} over ${basename(input.source.path)}${LEDGER_POINTER}`.slice(
        0,
        200,
      ),
    staticDetails: details,
    memo: {
      batchId: input.batchId,
      task: input.task,
      schema: input.schema.name,
      input: input.source.path,
      results: input.outputs.resultsPath,
    },
    typedSearchAttributes: input.searchAttributes === false ? undefined : batchStartAttributes(input.task),
  };
}
