/**
 * The provider-batch activities: a page's first-tier attempts sent as one provider batch (OpenAI's Files + Batches
 * wire format). `planProviderBatch` splits the page under the provider's limits; `startProviderBatch` uploads the
 * JSONL and creates the batch, idempotently (it first looks for a batch carrying the same key in its metadata);
 * `pollProviderBatch` is the cheap status read; `collectProviderBatch` downloads the output and error files, judges
 * each line as `callModel` judges an answer (ajv, checks), prices it at the batch rate and spools the answers where
 * the item workflows read them (`loadProviderBatchAnswer`): answers never travel through the parent's history.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { APIError, toFile } from 'openai';
import { costMicroUsd, microToUsd, worstCaseMicroUsd } from '../../catalog/pricing';
import { PROVIDER_BATCH_METADATA_KEY, splitBatchRequests } from '../../catalog/provider-batch';
import { outputTokensFor } from '../../catalog/route';
import type { CandidatePlan } from '../../catalog/types';
import type {
  ProviderBatchAnswer,
  ProviderBatchPage,
  ProviderBatchPlan,
  ProviderBatchStatus,
} from '../../workflows/batch/definitions';
import {
  OUTCOME_BY_FAILURE_TYPE,
  type AttemptRecord,
  type CallModelInput,
  type CallModelResult,
} from '../../workflows/definitions';
import { applyChecks } from '../checks/apply';
import type { CheckFunction } from '../checks';
import { buildRequest } from '../cascade/build-request';
import { classifyProviderError } from '../cascade/classify-error';
import { judge } from '../cascade/judge';
import type { ProviderClients } from '../cascade/providers';
import { usableUsage } from '../cascade/usage';
import { loadItem } from './io';

export interface ProviderBatchDeps {
  clients: ProviderClients;
  checks?: Readonly<Record<string, CheckFunction>>;
}

/** Most recent batches looked through for an earlier submission of the same key. */
const MAX_LISTED_BATCHES = 2_000;

/** One line of the page: the item's id and its chat request, as the batch file carries it. */
interface PageRequest {
  id: string;
  call: CallModelInput;
  line: string;
  worstCaseMicroUsd: number;
  tierIndex: number;
}

/** One line of an output or error file. */
interface ResultLine {
  custom_id: string;
  response: { status_code: number; body: unknown } | null;
  error: { code: string; message: string } | null;
}

/** Where a provider batch's answers are spooled: beside the batch's results file (workers share the filesystem). */
export function spoolPathOf(resultsPath: string, providerBatchId: string): string {
  return `${resultsPath}.provider-batches/${providerBatchId}.json`;
}

export function createProviderBatchActivities({ clients, checks }: ProviderBatchDeps) {
  return {
    /** Splits a page's batchable items (loaded, starting at the batch tier) into batch files within the limits. */
    async planProviderBatch(page: ProviderBatchPage): Promise<ProviderBatchPlan> {
      const requests = pageRequests(page);
      const { batch } = candidateOf(page);
      const split = splitBatchRequests(
        requests.map((request) => Buffer.byteLength(request.line) + 1),
        batch,
      );
      return {
        chunks: split.chunks.map((chunk) => ({
          ids: chunk.map((index) => requests[index]!.id),
          worstCaseMicroUsd: chunk.reduce((sum, index) => sum + requests[index]!.worstCaseMicroUsd, 0),
        })),
      };
    },

    /** Uploads the chunk's JSONL and creates its batch, unless a batch with this key exists (a retried submission). */
    async startProviderBatch(input: { page: ProviderBatchPage; ids: string[]; key: string }): Promise<string> {
      const client = clients.get(candidateOf(input.page).provider);
      let seen = 0;
      // Newest first: a batch this submission created before a crash is among the latest, so the scan stops early.
      for await (const existing of client.batches.list({ limit: 100 })) {
        if (existing.metadata?.[PROVIDER_BATCH_METADATA_KEY] === input.key) return existing.id;
        if (++seen >= MAX_LISTED_BATCHES) break;
      }
      const wanted = new Set(input.ids);
      const lines = pageRequests(input.page).filter((request) => wanted.has(request.id));
      const jsonl = lines.map((request) => request.line).join('\n') + '\n';
      const file = await client.files.create({
        file: await toFile(Buffer.from(jsonl), `${input.key.replace(/[^\w.-]+/g, '_')}.jsonl`),
        purpose: 'batch',
      });
      const created = await client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata: { [PROVIDER_BATCH_METADATA_KEY]: input.key },
      });
      Context.current().log.info('provider batch created', { providerBatchId: created.id, requests: lines.length });
      return created.id;
    },

    /** The batch's status: the cheap read the workflow polls with back-off. */
    async pollProviderBatch(input: { provider: string; providerBatchId: string }): Promise<ProviderBatchStatus> {
      const batch = await clients.get(input.provider).batches.retrieve(input.providerBatchId);
      const counts = batch.request_counts ?? { completed: 0, failed: 0, total: 0 };
      return { providerBatchId: batch.id, status: batch.status, ...counts };
    },

    /** Asks the provider to cancel the batch (lines not yet run are not billed). */
    async cancelProviderBatch(input: { provider: string; providerBatchId: string }): Promise<string> {
      const batch = await clients.get(input.provider).batches.cancel(input.providerBatchId);
      return batch.status;
    },

    /**
     * Downloads a finished batch's output and error files, turns each line into the item's attempt (priced at the
     * batch rate) and spools them. Items without a line (expired, cancelled, never run) get an unbilled row.
     * Returns, per item, only what the parent's budget needs.
     */
    async collectProviderBatch(input: {
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
      const spoolPath = spoolPathOf(input.page.outputs.resultsPath, batch.id);
      mkdirSync(dirname(spoolPath), { recursive: true });
      // Written whole then renamed: a crash mid-write leaves no half file for an item workflow to read.
      writeFileSync(`${spoolPath}.tmp`, JSON.stringify(answers));
      renameSync(`${spoolPath}.tmp`, spoolPath);
      return {
        spoolPath,
        answers: answers.map(({ id, attempt }) => ({
          id,
          outcome: attempt.outcome,
          costMicroUsd: attempt.costMicroUsd,
        })),
      };
    },

    /** One item's answer from the spool (undefined when the batch had none for it). */
    async loadProviderBatchAnswer(input: { spoolPath: string; id: string }): Promise<ProviderBatchAnswer | undefined> {
      const answers = JSON.parse(readFileSync(input.spoolPath, 'utf8')) as ProviderBatchAnswer[];
      return answers.find((answer) => answer.id === input.id);
    },
  };
}

export type ProviderBatchActivities = ReturnType<typeof createProviderBatchActivities>;

function candidateOf(page: ProviderBatchPage): CandidatePlan & { batch: NonNullable<CandidatePlan['batch']> } {
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
function pageRequests(page: ProviderBatchPage): PageRequest[] {
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
    seq: 1,
    tier: call.tier,
    tierIndex: request.tierIndex,
    candidateIndex: 0,
    ref: call.candidate.ref,
    provider: call.candidate.provider,
    model: call.candidate.model,
    reason: 'first' as const,
    reasonDetail: `provider batch ${providerBatchId}`,
    maxOutputTokens: call.maxOutputTokens,
    priceSource: call.candidate.price.source,
    priceEffectiveFrom: call.candidate.price.effectiveFrom,
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
      usage: { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 },
      costMicroUsd: 0,
      costUsd: 0,
      error,
      ...(status !== undefined && { status }),
    };
    return { id: request.id, attempt };
  }
  const judged = await applyChecks(judge(response.body, call), call, checks);
  const usage = usableUsage((response.body as { usage?: unknown } | null)?.usage) ?? {
    inputTokens: 0,
    cachedInputTokens: 0,
    cacheWriteTokens: 0,
    outputTokens: 0,
  };
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
