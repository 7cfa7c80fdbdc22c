/**
 * Idempotent starts: a request's workflow id is its key's id and its Idempotency-Key, so a retry attaches to the run
 * it started (after checking the body is the same) instead of paying again; the key's budget is reserved before the
 * start and settled to what the run cost when it ends, whoever sees it end.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { CascadeConfigError } from '../catalog/errors';
import { microToUsd } from '../catalog/pricing';
import { CascadeError, startCascade, toCascadeError } from '../client/cascade-client';
import type { cascadeWorkflow } from '../workflows/cascade/workflow';
import { ledgerCostMicroUsd, type CascadeResult } from '../workflows/definitions';
import type { GatewayKey } from './config';
import type { GatewayContext } from './context';
import { GatewayError } from './errors';
import type { ParsedChatRequest } from './openai-request';

/** Memo fields of a gateway request's workflow. */
const MEMO_FINGERPRINT = 'gatewayRequest';
const MEMO_KEY = 'gatewayKey';

export interface Run {
  handle: WorkflowHandle<typeof cascadeWorkflow>;
  replayed: boolean;
  /** Settle the key's reservation with this request's cost when it ends (false: another request owns it). */
  settles: boolean;
  /** The grant, when the key's remaining budget (not its per-request cap) limited it. */
  keyLimited?: number;
}

/**
 * Reserves the key's budget, then starts the cascade with the reservation as its budget; when the workflow id
 * exists already (a retry, or the same key used twice) attaches to it after checking the request is the same.
 */
export async function startOrAttach(
  context: GatewayContext,
  parsed: ParsedChatRequest,
  workflowId: string,
  key: GatewayKey | undefined,
  wait: boolean,
): Promise<Run> {
  let grantMicroUsd: number | undefined;
  let reservation: 'none' | 'new' | 'existing' | 'settled' = 'none';
  if (key) {
    const reserved = await context.budgets.reserve(key, workflowId);
    if (reserved.kind === 'refused') {
      const limit = `${reserved.reason} budget of key ${key.id}`;
      throw new GatewayError({
        status: 429,
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        message: `You exceeded the ${limit}: $${microToUsd(reserved.spentMicroUsd)} spent or reserved of $${microToUsd(reserved.limitMicroUsd)}`,
        headers: { 'x-should-retry': 'false' },
      });
    }
    if (reserved.kind === 'granted') {
      grantMicroUsd = reserved.grantMicroUsd;
      reservation = reserved.existing ? 'existing' : 'new';
    } else reservation = 'settled';
  }
  if (reservation !== 'settled') {
    try {
      const started = await startCascade(
        context.client,
        {
          ...parsed.request,
          maxCostUsd: grantMicroUsd === undefined ? context.config.maxRequestUsd : microToUsd(grantMicroUsd),
        },
        {
          catalog: context.catalog,
          taskQueue: context.taskQueue,
          workflowId,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: { [MEMO_FINGERPRINT]: parsed.fingerprint, ...(key ? { [MEMO_KEY]: key.id } : {}) },
        },
      );
      // The key's remaining budget, not its per-request cap, set this request's budget: when that is too small for
      // any call, the answer is the key's budget refusal (429), not the request's own (402).
      const keyLimited =
        key && grantMicroUsd !== undefined && grantMicroUsd < context.budgets.limitsOf(key).perRequestMicroUsd
          ? grantMicroUsd
          : undefined;
      return { handle: started.handle, replayed: false, settles: reservation !== 'none', keyLimited };
    } catch (error) {
      const attach = error instanceof WorkflowExecutionAlreadyStartedError;
      // A fresh reservation for a request that never started (bad request) or that attaches to a run it does not
      // own is released; an existing one belongs to the run and is settled by whoever sees it end.
      if (key && reservation === 'new') await context.budgets.release(key, workflowId);
      if (!attach) throw error;
    }
  }
  const handle = context.client.workflow.getHandle<typeof cascadeWorkflow>(workflowId);
  const description = await handle.describe().catch((error: unknown) => {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    // The key's ledger remembers a settled request longer than the namespace keeps its workflow.
    throw new GatewayError({
      status: 409,
      type: 'invalid_request_error',
      code: 'idempotency_key_expired',
      param: 'Idempotency-Key',
      message: 'The request with this Idempotency-Key ran, and Temporal no longer keeps its record: use a new key',
      headers: { 'x-should-retry': 'false' },
    });
  });
  if (description.memo?.[MEMO_FINGERPRINT] !== parsed.fingerprint) {
    throw new GatewayError({
      status: 409,
      type: 'invalid_request_error',
      code: 'idempotency_key_reused',
      param: 'Idempotency-Key',
      message: 'This Idempotency-Key was used with a different request body: use a new key for a new request',
      headers: { 'x-cascade-workflow-id': workflowId, 'x-should-retry': 'false' },
    });
  }
  if (!wait && description.status.name === 'RUNNING') {
    throw new GatewayError({
      status: 409,
      type: 'invalid_request_error',
      code: 'request_in_progress',
      message:
        'The request with this Idempotency-Key is still running: retry later, or without Prefer: respond-async to wait for it',
      headers: { 'x-cascade-workflow-id': workflowId, 'retry-after': '1' },
    });
  }
  return { handle, replayed: true, settles: reservation === 'existing' };
}

const isBudgetFailure = (failure: unknown) => failure instanceof CascadeError && failure.kind === 'budget';

/** Waits for the cascade and settles the key's reservation to what it cost (failed cascades included). */
export async function settleWhenDone(
  context: GatewayContext,
  run: Run,
  key: GatewayKey | undefined,
): Promise<CascadeResult> {
  const id = run.handle.workflowId;
  try {
    const result = await run.handle.result();
    if (key && run.settles) await context.budgets.settle(key, id, result.totals.costMicroUsd);
    return result;
  } catch (error) {
    const failure = toCascadeError(error, id);
    if (key && run.settles && failure instanceof CascadeError) {
      const cost = failure.totals?.costMicroUsd ?? ledgerCostMicroUsd(failure.attempts);
      await context.budgets.settle(key, id, cost);
    }
    // The worker's catalog refused the request while planning it: no attempt ran, nothing was spent.
    if (key && run.settles && failure instanceof CascadeConfigError) await context.budgets.settle(key, id, 0);
    const spent = failure instanceof CascadeError && failure.attempts.some((a) => a.costMicroUsd > 0);
    if (key && run.keyLimited !== undefined && isBudgetFailure(failure) && !spent) {
      throw new GatewayError({
        status: 429,
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        message: `You exceeded the budget of key ${key.id}: the $${microToUsd(run.keyLimited)} it has left cannot pay for one call of this request`,
        headers: { 'x-should-retry': 'false', 'x-cascade-workflow-id': id },
      });
    }
    // Anything else (Temporal unreachable, the run timed out) leaves the reservation open: a retry settles it,
    // and one nobody settles is charged in full when it expires.
    throw failure;
  }
}
