/**
 * Runs an eval plan on Temporal: every labelled item through every eval route (one candidate, gates on or off) as
 * an ordinary cascade, then reads each item's answer, cost and gate verdicts. A rejected answer is not in the
 * ledger, so it is read from the workflow's history (the `callModel` result keeps it); each check's own verdict is
 * the same `runChecks` the worker applies, run once per check so a table shows what each check alone rejects.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { checkName } from '../../catalog/check-name';
import { runChecks, todayDay } from '../../activities/checks';
import { CascadeError, runCascade } from '../../client/cascade-client';
import type { SchemaInput } from '../../client/schema-input';
import { ledgerCostMicroUsd, type AttemptRecord } from '../../workflows/definitions';
import { readHistory } from '../report/history';
import type { EvalRun } from './plan';
import type { EvalAnswer } from './score';

export interface EvalItem {
  id: string;
  text: string;
}

export interface EvalRequest {
  schema: SchemaInput;
  schemaName?: string;
  instructions?: string;
  concurrency: number;
  /** Prefixes every workflow id, so two evals on one cluster never meet. */
  idPrefix: string;
}

/** What an item's request gave, before scoring: the answer's row and the answer. */
export async function runItem(
  temporal: { client: Client; taskQueue: string },
  run: EvalRun,
  item: EvalItem,
  request: EvalRequest,
  now = Date.now(),
): Promise<EvalAnswer> {
  const workflowId = `${request.idPrefix}-${run.route}-${item.id}`;
  let attempts: AttemptRecord[];
  let output: unknown;
  try {
    const result = await runCascade(
      temporal.client,
      {
        task: run.route,
        schema: request.schema,
        ...(request.schemaName && { schemaName: request.schemaName }),
        ...(request.instructions !== undefined && { instructions: request.instructions }),
        input: item.text,
        searchAttributes: false,
      },
      { taskQueue: temporal.taskQueue, workflowId },
    );
    attempts = result.attempts;
    output = result.output;
  } catch (error) {
    if (!(error instanceof CascadeError)) throw error;
    attempts = error.attempts;
  }
  // The candidate's last answer: after a truncated one, the more-tokens retry is the answer the gates judged.
  const answerRow = attempts.findLast(
    (row) => row.reason !== 'verify' && row.reason !== 'agreement' && row.ref === run.ref,
  );
  if (output === undefined && answerRow?.outcome === 'check_failed') {
    output = await rejectedAnswer(temporal.client, workflowId);
  }
  const answer: EvalAnswer = {
    id: item.id,
    ...(output !== undefined && { answer: output }),
    accepted: answerRow?.outcome === 'ok',
    costMicroUsd: ledgerCostMicroUsd(attempts),
    verdicts: {},
  };
  if (run.gates === 'on' && output !== undefined) answer.verdicts = await verdicts(run, attempts, output, item, now);
  return answer;
}

/** Per check (alone) and per gate that judged the answer: whether it rejected it. */
async function verdicts(
  run: EvalRun,
  attempts: readonly AttemptRecord[],
  output: unknown,
  item: EvalItem,
  now: number,
): Promise<Record<string, boolean>> {
  const verdict: Record<string, boolean> = {};
  for (const spec of run.checks) {
    // Custom checks live in the worker's registry: they are judged in `all gates` only.
    if (spec.check === 'custom') continue;
    const failures = await runChecks(output, [spec], { input: item.text, today: todayDay(now) });
    verdict[checkName(spec)] = failures.length > 0;
  }
  const answerRow = attempts.findLast((row) => row.reason !== 'verify' && row.reason !== 'agreement');
  const failedBy = new Set((answerRow?.failedChecks ?? []).map((failure) => failure.check));
  for (const [reason, name] of [
    ['verify', 'verifier'],
    ['agreement', 'agreement'],
  ] as const) {
    const gateRow = attempts.find((row) => row.reason === reason);
    // A gate call without a verdict (its call failed) judged nothing; a rejection names the gate on the answer's row.
    if (!gateRow || (gateRow.outcome !== 'ok' && gateRow.outcome !== 'check_failed')) continue;
    const label = reason === 'verify' ? `verifier ${run.verifier}` : `agreement with ${run.agreement?.with}`;
    verdict[label] = failedBy.has(name);
  }
  return verdict;
}

/** The answer the checks or a gate rejected: the last answer's `callModel` result in the workflow's history. */
async function rejectedAnswer(client: Client, workflowId: string): Promise<unknown> {
  const history = await readHistory(client, { workflowId } as WorkflowExecutionInfo);
  for (const activity of [...history.activities].reverse()) {
    if (activity.input.reason === 'verify' || activity.input.reason === 'agreement') continue;
    const end = activity.end;
    if (end?.kind !== 'completed') continue;
    const { output, rawText } = end.result;
    if (output !== undefined) return output;
    if (rawText === undefined) return undefined;
    try {
      return JSON.parse(rawText) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Runs `work` over `count` indexes with at most `limit` in flight; results in index order. */
export async function pool<T>(count: number, limit: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  });
  await Promise.all(lanes);
  return results;
}
