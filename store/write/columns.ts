/** Rows as the tables' columns: the one place a row's fields are mapped to SQL values and back. */
import type { SqlValue } from '../engine/types';
import { COUNTERS, type Counters, type RollupCell } from '../rollup/counters';
import { armsText, parseArms, type AttemptRow, type LedgerContext, type RequestRow } from '../rows';
import { requestScope } from '../keys';

export const keyBytes = (hex: string): Buffer => Buffer.from(hex, 'hex');
export const keyHex = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('hex') : String(value));
const flag = (value: boolean): number => (value ? 1 : 0);
const text = (value: string | undefined): SqlValue => (value === undefined ? null : value);

export const CONTEXT_COLUMNS = [
  'request_key',
  'workflow_id',
  'run_id',
  'scope',
  'kind',
  'task',
  'step',
  'batch_id',
  'item_id',
  'session_id',
  'user_id',
  'gateway_key',
  'experiments',
  'tags',
  'started_at',
] as const;

export function contextValues(requestKey: string, context: LedgerContext): SqlValue[] {
  return [
    keyBytes(requestKey),
    context.workflowId,
    context.runId,
    requestScope(context),
    context.kind,
    context.task,
    text(context.step),
    text(context.batchId),
    text(context.itemId),
    text(context.sessionId),
    text(context.userId),
    text(context.gatewayKey),
    context.experiments?.length ? armsText(context.experiments) : null,
    context.tags?.length ? context.tags.join(',') : null,
    context.startedAtMs,
  ];
}

export const ATTEMPT_COLUMNS = [
  'request_key',
  'attempt_key',
  'seq',
  'activity_attempt',
  'tier',
  'provider',
  'model_ref',
  'reason',
  'reason_detail',
  'outcome',
  'billed',
  'estimated',
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'output_tokens',
  'cost_micro',
  'latency_ms',
  'status',
  'error',
  'price_source',
  'price_effective_from',
  'provider_batch_id',
  'at',
] as const;

export function attemptValues(row: AttemptRow): SqlValue[] {
  return [
    keyBytes(row.requestKey),
    keyBytes(row.key),
    row.seq,
    row.activityAttempt,
    row.tier,
    row.provider,
    row.ref,
    row.reason,
    text(row.reasonDetail),
    row.outcome,
    flag(row.billed),
    flag(row.estimated),
    row.usage.inputTokens,
    row.usage.cachedInputTokens,
    row.usage.cacheWriteTokens,
    row.usage.outputTokens,
    row.costMicroUsd,
    row.latencyMs,
    row.status ?? null,
    text(row.error),
    row.priceSource,
    row.priceEffectiveFrom,
    text(row.providerBatchId),
    row.atMs,
  ];
}

/** The columns a request's end sets, and their values (`UPDATE … SET` order). */
export const FINISH_COLUMNS = [
  'finished_at',
  'outcome',
  'failure',
  'final_tier',
  'final_ref',
  'attempts',
  'billed_attempts',
  'cost_micro',
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'output_tokens',
  'baseline_micro',
  'latency_ms',
] as const;

export function finishValues(row: RequestRow): SqlValue[] {
  return [
    row.finishedAtMs,
    row.outcome,
    text(row.failure),
    text(row.finalTier),
    text(row.finalRef),
    row.attempts,
    row.billedAttempts,
    row.costMicroUsd,
    row.usage.inputTokens,
    row.usage.cachedInputTokens,
    row.usage.cacheWriteTokens,
    row.usage.outputTokens,
    row.baselineMicroUsd,
    row.latencyMs,
  ];
}

export const ROLLUP_COLUMNS = ['dim', 'bucket', 'task', 'key', ...COUNTERS] as const;

export function rollupValues(cell: RollupCell, counters: Counters): SqlValue[] {
  return [cell.dim, cell.bucket, cell.task, cell.key, ...COUNTERS.map((name) => counters[name] ?? 0)];
}

/** `ON CONFLICT` clause adding a rollup row's counters to the row already there. */
export const ROLLUP_UPSERT = `ON CONFLICT (dim, bucket, task, key) DO UPDATE SET ${COUNTERS.map(
  (name) => `${name} = rollup.${name} + excluded.${name}`,
).join(', ')}`;

/** A `requests` row (SQL) as its context. */
export function contextOf(row: Record<string, unknown>): LedgerContext {
  const optional = (column: string) =>
    row[column] === null || row[column] === undefined ? undefined : String(row[column]);
  const scope = String(row.scope);
  const round = /~retry(\d+)$/.exec(scope);
  return {
    workflowId: String(row.workflow_id),
    runId: String(row.run_id),
    kind: String(row.kind) as LedgerContext['kind'],
    task: String(row.task),
    startedAtMs: Number(row.started_at),
    ...(optional('step') !== undefined && { step: optional('step') }),
    ...(optional('item_id') !== undefined && { itemId: optional('item_id'), round: round ? Number(round[1]) : 0 }),
    ...(optional('batch_id') !== undefined && { batchId: optional('batch_id') }),
    ...(optional('session_id') !== undefined && { sessionId: optional('session_id') }),
    ...(optional('user_id') !== undefined && { userId: optional('user_id') }),
    ...(optional('gateway_key') !== undefined && { gatewayKey: optional('gateway_key') }),
    ...(optional('experiments') !== undefined && { experiments: parseArms(optional('experiments')) }),
    ...(optional('tags') !== undefined && { tags: optional('tags')!.split(',') }),
  };
}

/** An `attempts` row (SQL) as an attempt row of its request. */
export function attemptOf(row: Record<string, unknown>, context: LedgerContext): AttemptRow {
  return {
    key: keyHex(row.attempt_key),
    requestKey: keyHex(row.request_key),
    context,
    seq: Number(row.seq),
    activityAttempt: Number(row.activity_attempt),
    tier: String(row.tier),
    provider: String(row.provider),
    ref: String(row.model_ref),
    reason: String(row.reason) as AttemptRow['reason'],
    ...(row.reason_detail != null && { reasonDetail: String(row.reason_detail) }),
    outcome: String(row.outcome) as AttemptRow['outcome'],
    billed: Number(row.billed) === 1,
    estimated: Number(row.estimated) === 1,
    usage: {
      inputTokens: Number(row.input_tokens),
      cachedInputTokens: Number(row.cached_input_tokens),
      cacheWriteTokens: Number(row.cache_write_tokens),
      outputTokens: Number(row.output_tokens),
    },
    costMicroUsd: Number(row.cost_micro),
    latencyMs: Number(row.latency_ms),
    ...(row.status != null && { status: Number(row.status) }),
    ...(row.error != null && { error: String(row.error) }),
    priceSource: String(row.price_source),
    priceEffectiveFrom: String(row.price_effective_from),
    ...(row.provider_batch_id != null && { providerBatchId: String(row.provider_batch_id) }),
    atMs: Number(row.at),
  };
}

const BYTEA = new Set(['request_key', 'attempt_key']);
const TEXT = new Set([
  'workflow_id',
  'run_id',
  'scope',
  'kind',
  'task',
  'step',
  'batch_id',
  'item_id',
  'session_id',
  'user_id',
  'gateway_key',
  'experiments',
  'tags',
  'outcome',
  'failure',
  'final_tier',
  'final_ref',
  'tier',
  'provider',
  'model_ref',
  'reason',
  'reason_detail',
  'error',
  'price_source',
  'price_effective_from',
  'provider_batch_id',
  'dim',
  'key',
]);

/** The PostgreSQL type of a column of the store's tables (for bulk inserts of one array per column). */
export function pgType(column: string): string {
  return BYTEA.has(column) ? 'bytea' : TEXT.has(column) ? 'text' : 'bigint';
}
