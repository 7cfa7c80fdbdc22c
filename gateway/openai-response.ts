/**
 * OpenAI's chat-completions wire format at the front door, the answer side: a `CascadeResult` becomes a
 * `chat.completion` (or its streamed chunks) with the cascade's extra field and headers. Pure: no HTTP, no Temporal.
 */
import { createHash } from 'node:crypto';
import { tierPath as ledgerTierPath, type CascadeResult, type JsonValue } from '../workflows/definitions';

/** The documented extra field of every answer: cost, attempts, tier path, workflow id and the ledger. */
export interface CascadeExtra {
  workflow_id: string;
  cost_usd: number;
  baseline_cost_usd: number;
  attempts: number;
  tier_path: string[];
  final_tier: string;
  /** True when this answer is a retry (same Idempotency-Key) attached to an earlier request's workflow. */
  replayed: boolean;
  ledger: CascadeResult['attempts'];
}

/** Tiers in the order the attempts visited them, repeats collapsed: `['economy', 'standard']`. */
export function tierPath(result: Pick<CascadeResult, 'attempts'>): string[] {
  return ledgerTierPath(result.attempts);
}

export function usageOf(result: Pick<CascadeResult, 'totals'>) {
  const { inputTokens, cachedInputTokens, outputTokens } = result.totals;
  return {
    prompt_tokens: inputTokens,
    completion_tokens: outputTokens,
    total_tokens: inputTokens + outputTokens,
    prompt_tokens_details: { cached_tokens: cachedInputTokens },
  };
}

export function cascadeExtra(result: CascadeResult, replayed: boolean): CascadeExtra {
  return {
    workflow_id: result.workflowId,
    cost_usd: result.totalCostUsd,
    baseline_cost_usd: result.baselineCostUsd,
    attempts: result.attempts.length,
    tier_path: tierPath(result),
    final_tier: result.finalTier,
    replayed,
    ledger: result.attempts,
  };
}

/** Response headers that carry the ledger's summary. */
export function cascadeHeaders(result: CascadeResult, replayed: boolean): Record<string, string> {
  return {
    'x-cascade-workflow-id': result.workflowId,
    'x-cascade-cost-usd': String(result.totalCostUsd),
    'x-cascade-attempts': String(result.attempts.length),
    'x-cascade-tier-path': tierPath(result).join(','),
    'x-cascade-model': result.finalModel,
    ...(replayed ? { 'x-cascade-replayed': 'true' } : {}),
  };
}

/** Derived from the workflow id, so a retried request (same Idempotency-Key) gets the same completion id. */
function completionId(workflowId: string): string {
  return `chatcmpl-${createHash('sha256').update(workflowId).digest('hex').slice(0, 24)}`;
}

export function chatCompletion(result: CascadeResult, created: number, replayed: boolean) {
  return {
    id: completionId(result.workflowId),
    object: 'chat.completion',
    created,
    model: result.finalModel,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: JSON.stringify(result.output as JsonValue), refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: usageOf(result),
    system_fingerprint: null,
    cascade: cascadeExtra(result, replayed),
  };
}

/** The validated answer as server-sent events: one content chunk, a finish chunk, usage if asked, `[DONE]`. */
export function streamEvents(result: CascadeResult, created: number, replayed: boolean, includeUsage: boolean): string {
  const base = {
    id: completionId(result.workflowId),
    object: 'chat.completion.chunk',
    created,
    model: result.finalModel,
    system_fingerprint: null,
  };
  const events: unknown[] = [
    {
      ...base,
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', content: JSON.stringify(result.output) },
          logprobs: null,
          finish_reason: null,
        },
      ],
    },
    {
      ...base,
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      cascade: cascadeExtra(result, replayed),
    },
  ];
  if (includeUsage) events.push({ ...base, choices: [], usage: usageOf(result) });
  return `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`;
}
