/**
 * `report --labels … --batch <id>`: the labels' verdicts on a batch's answers, recorded in the ledger store against
 * the requests that gave them, so store reports (and the dashboard) show labelled runs' cost per correct result.
 * Pure: the scoring is inputs/score.ts's; this only says which stored request each verdict belongs to.
 */
import type { LabelVerdict } from '../../store/rows';
import type { StoredRequest } from '../../store/query/rows';
import type { Label, ResultLine, Score } from '../../inputs/score';

/** Each scored item's verdict: right when every labelled field was (the items `scoreResults` scored). */
export function itemVerdicts(
  lines: readonly ResultLine[],
  labels: ReadonlyMap<string, Label>,
  score: Pick<Score, 'wrongIds'>,
): Map<string, boolean> {
  const wrong = new Set(score.wrongIds);
  const verdicts = new Map<string, boolean>();
  for (const line of lines)
    if ((line.status === 'ok' || line.status === undefined) && labels.has(line.id))
      verdicts.set(line.id, !wrong.has(line.id));
  return verdicts;
}

/** The item a stored request of batch `batchId` ran: inline (its scope) or an item workflow (`<batch>/<item>`). */
export function itemIdOf(request: Pick<StoredRequest, 'context'>, batchId: string): string | undefined {
  const { itemId, workflowId } = request.context;
  if (itemId !== undefined) return itemId;
  return workflowId.startsWith(`${batchId}/`) ? workflowId.slice(batchId.length + 1) : undefined;
}

/** A verdict per item, on the item's request that answered (its latest round that finished ok). */
export function requestVerdicts(
  requests: readonly StoredRequest[],
  batchId: string,
  verdicts: ReadonlyMap<string, boolean>,
): LabelVerdict[] {
  const answered = new Map<string, StoredRequest>();
  for (const request of requests) {
    const item = itemIdOf(request, batchId);
    if (item === undefined || request.outcome !== 'ok' || !verdicts.has(item)) continue;
    const seen = answered.get(item);
    if (!seen || request.context.startedAtMs >= seen.context.startedAtMs) answered.set(item, request);
  }
  return [...answered].map(([item, request]) => ({ requestKey: request.key, correct: verdicts.get(item)! }));
}
