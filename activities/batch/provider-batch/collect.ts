/**
 * `collectProviderBatch`: downloads a finished batch's output and error files, judges each line as `callModel`
 * judges an answer (ajv, checks), prices it at the batch rate and spools the answers where the items read them
 * (`loadProviderBatchAnswer`, from the worker's blob store): answers never travel through the batch's history.
 */
import { APIError } from 'openai';
import { costMicroUsd, microToUsd } from '../../../catalog/pricing';
import type { ProviderBatchAnswer, ProviderBatchPage } from '../../../workflows/batch/definitions';
import {
  NO_USAGE,
  OUTCOME_BY_FAILURE_TYPE,
  attemptRowBase,
  type AttemptRecord,
  type CallModelResult,
} from '../../../workflows/definitions';
import { applyChecks } from '../../checks/apply';
import type { CheckFunction } from '../../checks';
import { classifyProviderError } from '../../cascade/classify-error';
import { judge } from '../../cascade/judge';
import type { ProviderClients } from '../../cascade/providers';
import { usableUsage } from '../../cascade/usage';
import { candidateOf, pageRequests, type PageRequest } from './page';
import type { AnswerSpool } from './spool';

/** One line of an output or error file. */
interface ResultLine {
  custom_id: string;
  response: { status_code: number; body: unknown } | null;
  error: { code: string; message: string } | null;
}

/**
 * Downloads a finished batch's output and error files, turns each line into the item's attempt (priced at the
 * batch rate) and spools them. Items without a line (expired, cancelled, never run) get an unbilled row.
 * Returns, per item, only what the parent's budget needs.
 */
export function createCollectProviderBatch(
  clients: ProviderClients,
  checks: Readonly<Record<string, CheckFunction>> | undefined,
  spool: AnswerSpool,
) {
  return async function collectProviderBatch(input: {
    page: ProviderBatchPage;
    ids: string[];
    providerBatchId: string;
  }): Promise<{ spoolPath: string; answers: { id: string; outcome: string; costMicroUsd: number }[] }> {
    const candidate = candidateOf(input.page);
    const client = clients.get(candidate.provider);
    const batch = await client.batches.retrieve(input.providerBatchId);
    const lines = new Map<string, ResultLine>();
    for (const fileId of [batch.output_file_id, batch.error_file_id]) {
      if (!fileId) continue;
      const text = await (await client.files.content(fileId)).text();
      for (const raw of text.split('\n')) {
        if (!raw.trim()) continue;
        const line = JSON.parse(raw) as ResultLine;
        lines.set(line.custom_id, line);
      }
    }
    const wanted = new Set(input.ids);
    const answers: ProviderBatchAnswer[] = [];
    for (const request of pageRequests(input.page)) {
      if (!wanted.has(request.id)) continue;
      answers.push(await answerOf(request, lines.get(request.id), batch.id, batch.status, checks));
    }
    // One object, written whole (both drivers publish it at once): no item workflow reads half of it.
    const spoolPath = await spool.write(input.page.outputs.resultsPath, batch.id, answers);
    return {
      spoolPath,
      answers: answers.map(({ id, attempt }) => ({
        id,
        outcome: attempt.outcome,
        costMicroUsd: attempt.costMicroUsd,
      })),
    };
  };
}

/** One item's batch line as its attempt: judged like a synchronous answer, billed at the batch rate. */
async function answerOf(
  request: PageRequest,
  line: ResultLine | undefined,
  providerBatchId: string,
  batchStatus: string,
  checks: Readonly<Record<string, CheckFunction>> | undefined,
): Promise<ProviderBatchAnswer> {
  const { call } = request;
  const base = {
    ...attemptRowBase(
      {
        seq: 1,
        tier: call.tier,
        tierIndex: request.tierIndex,
        candidateIndex: 0,
        reason: 'first',
        reasonDetail: `provider batch ${providerBatchId}`,
        maxOutputTokens: call.maxOutputTokens,
      },
      call.candidate,
    ),
    latencyMs: 0,
    tries: 1,
    providerBatchId,
    customId: request.id,
  };
  const response = line?.response;
  if (!response || response.status_code !== 200) {
    // Not billed: the line expired, was cancelled, or the provider answered it with an error status.
    const status = response?.status_code;
    const outcome =
      status === undefined
        ? 'timeout'
        : (OUTCOME_BY_FAILURE_TYPE[classifyStatus(status, response?.body)] ?? 'provider_error');
    const error =
      line?.error?.code ?? (status === undefined ? `no answer (batch ${batchStatus})` : `HTTP ${status} in the batch`);
    const attempt: AttemptRecord = {
      ...base,
      outcome,
      billed: false,
      usage: { ...NO_USAGE },
      costMicroUsd: 0,
      costUsd: 0,
      error,
      ...(status !== undefined && { status }),
    };
    return { id: request.id, attempt };
  }
  const judged = await applyChecks(judge(response.body, call), call, checks);
  const usage = usableUsage((response.body as { usage?: unknown } | null)?.usage) ?? { ...NO_USAGE };
  const cost = costMicroUsd(usage, call.candidate.price, { batch: true });
  const result: CallModelResult = { ...judged, usage, costMicroUsd: cost, latencyMs: 0, tries: 1 };
  const attempt: AttemptRecord = {
    ...base,
    outcome: judged.outcome,
    billed: true,
    usage,
    costMicroUsd: cost,
    costUsd: microToUsd(cost),
    ...(judged.validationErrors && { validationErrors: judged.validationErrors }),
    ...(judged.failedChecks && { failedChecks: judged.failedChecks }),
    ...(judged.outcome !== 'ok' && {
      error: judged.validationErrors?.slice(0, 3).join('; ') ?? judged.outcome,
    }),
  };
  return { id: request.id, attempt, result };
}

/** The failure type a synchronous call with this status and body would have had. */
function classifyStatus(status: number, body: unknown): string {
  const error = APIError.generate(status, (body as { error?: object } | null)?.error, undefined, new Headers());
  return classifyProviderError(error, { maxRetryAfterMs: 0 }).type;
}
