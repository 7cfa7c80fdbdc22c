/**
 * A page of a batch as provider-batch lines: which items go into the batch (loaded, starting at the batch tier), each
 * one's chat request and worst case. Deterministic, so the plan, start and collect activities see the same lines.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { worstCaseMicroUsd } from '../../../catalog/pricing';
import { outputTokensFor } from '../../../routing/route';
import type { CandidatePlan } from '../../../routing/types';
import type { ProviderBatchPage } from '../../../workflows/batch/definitions';
import type { CallModelInput } from '../../../workflows/definitions';
import { buildRequest } from '../../cascade/build-request';
import { loadItem } from '../io';

/** One line of the page: the item's id and its chat request, as the batch file carries it. */
export interface PageRequest {
  id: string;
  call: CallModelInput;
  line: string;
  worstCaseMicroUsd: number;
  tierIndex: number;
}

export function candidateOf(page: ProviderBatchPage): CandidatePlan & { batch: NonNullable<CandidatePlan['batch']> } {
  const candidate = page.route.tiers[page.tierIndex]?.candidates[0];
  if (!candidate?.batch) {
    throw ApplicationFailure.create({
      type: 'ProviderBatchConfigError',
      message: `tier ${page.tierIndex} of route "${page.route.task}" has no candidate with a Batch API`,
      nonRetryable: true,
    });
  }
  return candidate as CandidatePlan & { batch: NonNullable<CandidatePlan['batch']> };
}

/**
 * The page's batchable items as batch lines, in input order: loaded without error and starting at the batch tier
 * (start rules may send an item higher). Deterministic, so plan, start and collect see the same lines.
 */
export function pageRequests(page: ProviderBatchPage): PageRequest[] {
  const candidate = candidateOf(page);
  const tier = page.route.tiers[page.tierIndex]!;
  const requests: PageRequest[] = [];
  for (const item of page.items) {
    const loaded = loadItem({ ...page, item });
    if (loaded.kind !== 'ok' || loaded.startTier !== page.tierIndex) continue;
    const maxOutputTokens = outputTokensFor(page.route, page.tierIndex, candidate, loaded.estimatedInputTokens);
    const call: CallModelInput = {
      task: page.route.task,
      tier: tier.name,
      candidate,
      schema: page.schema,
      messages: loaded.messages,
      maxOutputTokens,
      timeoutMs: tier.options.timeoutMs,
      maxRetryAfterMs: tier.options.maxRetryAfterMs,
      ...(page.checks && { checks: page.checks }),
      ...(page.schemaInPrompt === false && { schemaInPrompt: false }),
      reason: 'first',
    };
    const body = buildRequest(call);
    const line = JSON.stringify({ custom_id: item.id, method: 'POST', url: '/v1/chat/completions', body });
    const worstCase = worstCaseMicroUsd(candidate.price, loaded.estimatedInputTokens, maxOutputTokens, {
      batch: true,
    });
    requests.push({ id: item.id, call, line, worstCaseMicroUsd: worstCase, tierIndex: page.tierIndex });
  }
  return requests;
}
