/**
 * A cascade as an OpenAI Agents SDK `Model`: each `getResponse` is one whole cascade (tiers, failover, escalation,
 * budget, ledger) whose answer is an assistant message or validated function calls. Run inside an activity of
 * `@temporalio/openai-agents` (its `invokeModelActivity`), the cascade's workflow id derives from that activity, so a
 * retried activity attaches to the cascade it started instead of paying again.
 */
import { Context } from '@temporalio/activity';
import { Usage, type Model, type ModelRequest, type ModelResponse, type StreamEvent } from '@openai/agents-core';
import { APIError } from 'openai';
import { CascadeError } from '../../client/cascade-client';
import { FailureType, type RequestMetadata } from '../../workflows/definitions';
import { cascadeMetadata, type CascadeRunner, type RunnerResult } from '../contract/runner';
import { outputItems, prepareRequest } from './items';

/** Options of a cascade model. */
export interface CascadeAgentsModelSettings {
  /** Budget of each model call (one cascade) in USD. */
  maxCostUsd?: number;
  /** Start each call at this tier, overriding the route's start rules. */
  startTier?: string;
  metadata?: RequestMetadata;
  /**
   * The idempotency key of a call: the same key attaches to the same cascade. @default inside an activity, the
   * activity's workflow, run and activity ids (stable across the activity's retries); elsewhere none
   */
  idempotencyKey?: (request: ModelRequest) => string | undefined;
}

/**
 * A failed cascade as the Agents SDK (and `@temporalio/openai-agents`' activity, which classifies model errors the way
 * OpenAI's API errors are classified) should see it: an `APIError` with the gateway's status for that failure and
 * `x-should-retry: false` when retrying cannot help (the budget is spent, every tier answered and none validated).
 * The ledger stays on the error (`cascade`), and in the cascade's own workflow.
 */
export class CascadeModelError extends APIError {
  override readonly name = 'CascadeModelError';
  constructor(readonly cascade: CascadeError) {
    const status = STATUS_OF[cascade.type] ?? 500;
    const headers = new Headers(status === 503 ? { 'retry-after': '30' } : { 'x-should-retry': 'false' });
    const message = `${cascade.type}: ${cascade.message}`;
    super(status, { message, type: cascade.type, code: cascade.type, param: null }, message, headers);
    this.cause = cascade;
  }
}

const STATUS_OF: Record<string, number> = {
  [FailureType.BudgetExceeded]: 402,
  [FailureType.CascadeExhausted]: 502,
  [FailureType.CascadeUnavailable]: 503,
  [FailureType.ConfigError]: 400,
};

export class CascadeAgentsModel implements Model {
  constructor(
    readonly task: string,
    private readonly runner: CascadeRunner,
    private readonly settings: CascadeAgentsModelSettings = {},
  ) {}

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    const prepared = prepareRequest(request);
    const key = this.settings.idempotencyKey ? this.settings.idempotencyKey(request) : activityKey();
    let result: RunnerResult;
    try {
      result = await this.runner.run({
        task: this.task,
        schemaName: prepared.contract.schemaName,
        schema: prepared.contract.schema,
        messages: prepared.messages,
        ...(key && { idempotencyKey: key }),
        ...(this.settings.maxCostUsd !== undefined && { maxCostUsd: this.settings.maxCostUsd }),
        ...(this.settings.startTier !== undefined && { startTier: this.settings.startTier }),
        ...(this.settings.metadata && { metadata: this.settings.metadata }),
        ...(request.signal && { signal: request.signal }),
      });
    } catch (error) {
      throw error instanceof CascadeError ? new CascadeModelError(error) : error;
    }
    const { inputTokens, cachedInputTokens, outputTokens } = result.totals;
    return {
      usage: new Usage({
        requests: result.attempts.length,
        inputTokens,
        outputTokens,
        totalTokens: inputTokens + outputTokens,
        inputTokensDetails: { cached_tokens: cachedInputTokens },
      }),
      output: outputItems(prepared.contract, result),
      responseId: result.workflowId,
      providerData: { cascade: cascadeMetadata(result) },
    };
  }

  /** The whole validated answer as one response: a cascade's answer is judged whole before anything is returned. */
  async *getStreamedResponse(request: ModelRequest): AsyncIterable<StreamEvent> {
    const response = await this.getResponse(request);
    yield { type: 'response_started' };
    for (const item of response.output) {
      if (item.type === 'message' && item.role === 'assistant') {
        for (const part of item.content)
          if (part.type === 'output_text') yield { type: 'output_text_delta', delta: part.text };
      }
    }
    yield {
      type: 'response_done',
      response: {
        id: response.responseId ?? '',
        usage: {
          requests: response.usage.requests,
          inputTokens: response.usage.inputTokens,
          outputTokens: response.usage.outputTokens,
          totalTokens: response.usage.totalTokens,
          inputTokensDetails: response.usage.inputTokensDetails,
          outputTokensDetails: response.usage.outputTokensDetails,
        },
        output: response.output,
        providerData: response.providerData,
      },
    } as StreamEvent;
  }
}

/** Inside an activity: its workflow, run and activity ids, the same on every retry of that activity. */
function activityKey(): string | undefined {
  let info;
  try {
    info = Context.current().info;
  } catch {
    return undefined;
  }
  const execution = info.workflowExecution;
  return execution ? `${execution.workflowId}/${execution.runId}/${info.activityId}` : undefined;
}
