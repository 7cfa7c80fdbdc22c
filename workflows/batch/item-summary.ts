/**
 * What a finished batch item reports, built one way however it ended (a provider batch's answer, a cascade's, a
 * failure): its summary for the parent's totals, and its line in the results or errors file. Pure, sandbox-safe.
 */
import { costMicroUsd, microToUsd } from '../../catalog/pricing';
import type { RoutePlan } from '../../routing/types';
import { ledgerCostMicroUsd, type AttemptRecord, type JsonValue } from '../definitions';
import type { BatchErrorLine, BatchItemSummary, BatchResultLine } from './definitions';
import { costsOfLedger, escalatedFrom } from './state';

/** How an item ended, besides its ledger: the answer's tier and model, its baseline, whether it escalated. */
export interface ItemEnding {
  status: BatchItemSummary['status'];
  /** The answer's tier and model (an ok item), else the last attempt's. */
  finalTier?: string;
  finalModel?: string;
  baselineMicroUsd: number;
  escalated: boolean;
  reason?: string;
}

/** The item's summary for its parent: small, no output, no ledger (its cost and attempts come from the ledger). */
export function itemSummary(id: string, ledger: readonly AttemptRecord[], ending: ItemEnding): BatchItemSummary {
  return {
    id,
    status: ending.status,
    costMicroUsd: ledgerCostMicroUsd(ledger),
    attempts: ledger.length,
    finalTier: ending.finalTier,
    finalModel: ending.finalModel,
    baselineMicroUsd: ending.baselineMicroUsd,
    escalated: ending.escalated,
    costs: costsOfLedger(ledger),
    ...(ending.reason !== undefined && { reason: ending.reason.slice(0, 300) }),
  };
}

/** A failed item's summary: its last attempt names where it stopped, and no answer means no baseline. */
export function failedSummary(
  id: string,
  reason: string,
  ledger: readonly AttemptRecord[],
  startTier: number,
): BatchItemSummary {
  const last = ledger[ledger.length - 1];
  return itemSummary(id, ledger, {
    status: 'failed',
    finalTier: last?.tier,
    finalModel: last?.ref,
    baselineMicroUsd: 0,
    escalated: escalatedFrom(ledger, startTier),
    reason,
  });
}

/** An ok item's line in the results file, from its summary. */
export function resultLine(summary: BatchItemSummary, output: JsonValue): BatchResultLine {
  const costMicro = summary.costMicroUsd;
  return {
    id: summary.id,
    status: 'ok',
    output,
    costUsd: microToUsd(costMicro),
    costMicroUsd: costMicro,
    attempts: summary.attempts,
    finalTier: summary.finalTier!,
    finalModel: summary.finalModel!,
  };
}

/** A failed, retryable or undone item's line in the errors file, keyed by this run of the item. */
export function errorLine(
  id: string,
  runKey: string,
  status: BatchErrorLine['status'],
  code: string,
  reason: string,
  ledger: AttemptRecord[],
): BatchErrorLine & Record<string, unknown> {
  const costMicro = ledgerCostMicroUsd(ledger);
  // Keyed by this run of the item: a repeated write is dropped, a later run writes its own line.
  return {
    id,
    key: `${id}@${runKey}`,
    status,
    code,
    reason,
    costUsd: microToUsd(costMicro),
    costMicroUsd: costMicro,
    ledger,
  };
}

/** A provider batch attempt's cost at the batch rate and at the candidate's synchronous price, for the report. */
export function batchSavings(route: RoutePlan, attempt: AttemptRecord) {
  const price = route.tiers[attempt.tierIndex]?.candidates[attempt.candidateIndex]?.price;
  const sync = price && attempt.billed ? costMicroUsd(attempt.usage, price) : attempt.costMicroUsd;
  return {
    providerBatch: true,
    providerBatchMicroUsd: attempt.costMicroUsd,
    providerBatchSyncMicroUsd: sync,
  };
}
