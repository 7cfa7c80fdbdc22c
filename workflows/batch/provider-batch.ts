/**
 * The batch parent's provider-batch phase for one page: plan the split, submit each batch file (idempotently), wait
 * durably with back-off polling, collect the answers. Items then run as usual; those with an answer go on from it.
 * Cancelling the workflow (or the cancel signal) cancels the provider batches in flight.
 */
import { CancellationScope, condition, isCancellation, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ProviderBatchActivities } from '../../activities/batch/provider-batch';
import {
  TERMINAL_BATCH_STATUSES,
  pollDelayMs,
  providerBatchKey,
  providerBatchTier,
} from '../../routing/provider-batch';
import type { BatchItemRef, PlannedBatchInput, ProviderBatchPage } from './definitions';

/** Each answer of a collected batch, by item id: where it is spooled and what it cost. */
export interface PriorAnswer {
  spoolPath: string;
  costMicroUsd: number;
}

const batchActivities = proxyActivities<ProviderBatchActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});
// A status read is cheap and must not hold the workflow up for long when the provider is slow.
const { pollProviderBatch } = proxyActivities<ProviderBatchActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** What the phase needs from the parent loop. */
export interface ProviderBatchHooks {
  /** Micro-USD the batch may still reserve (undefined: no budget). */
  room: () => number | undefined;
  /** Holds (positive) or releases (negative) a reservation against the batch budget. */
  hold: (microUsd: number) => void;
  /** The cancel signal arrived. */
  cancelled: () => boolean;
}

/**
 * Sends the page's batchable items as provider batches and collects them; returns their answers by item id.
 * Items that did not fit the budget, or that the tier does not start on, get no answer and run synchronously.
 */
export async function runProviderBatchPage(
  input: PlannedBatchInput,
  items: BatchItemRef[],
  hooks: ProviderBatchHooks,
): Promise<Map<string, PriorAnswer>> {
  const answers = new Map<string, PriorAnswer>();
  const tier = providerBatchTier(input.route);
  const first = items[0];
  if (!tier || !first) return answers;
  const page: ProviderBatchPage = {
    source: input.source,
    outputs: input.outputs,
    items,
    schema: input.schema,
    route: input.route,
    tierIndex: tier.tierIndex,
    ...(input.instructions !== undefined && { instructions: input.instructions }),
    ...(input.startRules && { startRules: input.startRules }),
    ...(input.checks && { checks: input.checks }),
    ...(input.schemaInPrompt === false && { schemaInPrompt: false }),
  };
  const plan = await batchActivities.planProviderBatch(page);
  const chunks = plan.chunks.map((chunk, index) => ({
    ...chunk,
    key: providerBatchKey(workflowInfo().workflowId, first.at.index, index),
  }));
  const { maxInFlight } = tier.candidate.batch;
  for (let start = 0; start < chunks.length && !hooks.cancelled(); start += maxInFlight) {
    const wave = chunks.slice(start, start + maxInFlight).filter((chunk) => {
      // Budgets reserve the batch-priced worst case; a file that does not fit stays synchronous.
      const room = hooks.room();
      if (room !== undefined && chunk.worstCaseMicroUsd > room) return false;
      hooks.hold(chunk.worstCaseMicroUsd);
      return true;
    });
    await Promise.all(
      wave.map(async (chunk) => {
        try {
          const collected = await runOne(input, page, chunk.ids, chunk.key, tier.candidate.provider, hooks);
          for (const answer of collected.answers) {
            answers.set(answer.id, { spoolPath: collected.spoolPath, costMicroUsd: answer.costMicroUsd });
          }
        } finally {
          hooks.hold(-chunk.worstCaseMicroUsd);
        }
      }),
    );
  }
  return answers;
}

/** One batch file: submit (or find), wait, collect; a cancellation cancels it at the provider first. */
async function runOne(
  input: PlannedBatchInput,
  page: ProviderBatchPage,
  ids: string[],
  key: string,
  provider: string,
  hooks: ProviderBatchHooks,
) {
  const providerBatchId = await batchActivities.startProviderBatch({ page, ids, key });
  const target = { provider, providerBatchId };
  let cancelSent = false;
  try {
    for (let polls = 0; ; polls++) {
      // A durable timer between polls; the cancel signal cuts the wait short.
      await condition(() => hooks.cancelled() && !cancelSent, pollDelayMs(polls, input.providerBatchPollMs));
      if (hooks.cancelled() && !cancelSent) {
        cancelSent = true;
        await batchActivities.cancelProviderBatch(target);
      }
      const status = await pollProviderBatch(target);
      if (TERMINAL_BATCH_STATUSES.has(status.status)) break;
    }
  } catch (error) {
    if (isCancellation(error) && !cancelSent) {
      // The workflow was cancelled: the provider batch must not run (and bill) on without anyone to collect it.
      await CancellationScope.nonCancellable(() => batchActivities.cancelProviderBatch(target));
    }
    throw error;
  }
  return batchActivities.collectProviderBatch({ page, ids, providerBatchId });
}
