/**
 * Synthetic ledgers for benchmarks and tests: realistic requests (tasks, tiers, failovers, escalations, classifier
 * calls, sessions, users, gateway keys, experiment arms, batches) priced with the catalog's own maths, made fast and
 * deterministically from a seed, and written in bulk through the store's exactly-once path.
 */
import { costMicroUsd } from '../catalog/pricing';
import type { ModelPrice } from '../catalog/types';
import type { AttemptFacts, LedgerContext, RequestKind } from './rows';
import { attemptRowOf, requestRowOf } from './rows';
import type { LedgerOperation } from './write/apply';
import type { LedgerStore } from './store';

const SOURCE = 'https://example.com/synthetic-prices';
const price = (input: number, output: number, cached = input / 10): ModelPrice => ({
  inputUsdPerMTok: input,
  outputUsdPerMTok: output,
  cachedInputUsdPerMTok: cached,
  source: SOURCE,
  effectiveFrom: '2025-01-01',
});

/** A route of three tiers, two candidates each, at list prices of the kind the default catalog carries. */
const TIERS = [
  {
    name: 'economy',
    candidates: [
      { ref: 'deepseek/deepseek-chat', provider: 'deepseek', price: price(0.27, 1.1) },
      { ref: 'mistral/mistral-small-latest', provider: 'mistral', price: price(0.1, 0.3) },
    ],
  },
  {
    name: 'standard',
    candidates: [
      { ref: 'openai/gpt-4o-mini', provider: 'openai', price: price(0.15, 0.6) },
      { ref: 'gemini/gemini-2.0-flash', provider: 'gemini', price: price(0.1, 0.4) },
    ],
  },
  {
    name: 'premium',
    candidates: [
      { ref: 'openai/gpt-4o', provider: 'openai', price: price(2.5, 10) },
      { ref: 'anthropic/claude-sonnet-4', provider: 'anthropic', price: price(3, 15, 0.3) },
    ],
  },
];
const CLASSIFIER = { ref: 'mistral/ministral-3b-latest', provider: 'mistral', price: price(0.04, 0.04) };
const TASKS = ['invoice', 'receipt', 'support-triage', 'contract-terms', 'summarize', 'resume', 'email-intent', 'po'];

/** A small fast PRNG (mulberry32): the same seed gives the same ledger. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticOptions {
  /** How many requests. */
  requests: number;
  /** Requests start evenly spread over [startMs, endMs). */
  startMs: number;
  endMs: number;
  /** @default 1 */
  seed?: number;
  /** Share of requests that are still running (attempts, no end). @default 0 */
  runningShare?: number;
  /** Tag on every request's workflow id, so several generated sets can live in one store. @default 'synthetic' */
  prefix?: string;
}

export interface SyntheticRequest {
  context: LedgerContext;
  attempts: AttemptFacts[];
  /** Absent for a request still running. */
  end?: { outcome: 'ok' | 'failed'; failure?: string; baselineMicroUsd: number; finishedAtMs: number };
}

/** The requests of a synthetic ledger, one at a time (constant memory). */
export function* syntheticRequests(options: SyntheticOptions): Generator<SyntheticRequest> {
  const random = prng(options.seed ?? 1);
  const prefix = options.prefix ?? 'synthetic';
  const span = options.endMs - options.startMs;
  for (let index = 0; index < options.requests; index++) {
    const startedAtMs = options.startMs + Math.floor((span * index) / options.requests);
    const task = TASKS[Math.min(TASKS.length - 1, Math.floor(-Math.log(1 - random()) * 2.5))]!;
    const inBatch = random() < 0.3;
    const viaGateway = !inBatch && random() < 0.4;
    const kind: RequestKind = inBatch ? 'batch-item' : viaGateway ? 'gateway' : random() < 0.2 ? 'step' : 'cascade';
    const batch = Math.floor(index / 1000);
    // A session is a few requests close together in time, as a conversation or a job is.
    const session = Math.floor(index / 6);
    const context: LedgerContext = {
      workflowId: inBatch ? `${prefix}-batch-${batch}` : `${prefix}-${index}`,
      runId: `run-${inBatch ? batch : index}`,
      kind,
      task,
      startedAtMs,
      ...(inBatch && { batchId: `${prefix}-batch-${batch}`, itemId: `item-${index}` }),
      ...(kind === 'step' && { step: 'extract' }),
      sessionId: `session-${session}`,
      userId: `user-${session % 500}`,
      ...(viaGateway && { gatewayKey: `key-${Math.floor(random() * 20)}` }),
      ...(session % 5 < 2 && {
        experiments: [{ experiment: 'start-standard', arm: session % 5 === 0 ? 'control' : 'variant' } as const],
      }),
      ...(random() < 0.1 && { tags: ['priority'] }),
    };
    const attempts: AttemptFacts[] = [];
    let at = startedAtMs;
    const inputTokens = Math.round(300 + Math.exp(6 + random() * 2.5));
    const add = (
      tier: string,
      candidate: (typeof TIERS)[number]['candidates'][number],
      fact: Partial<AttemptFacts>,
    ) => {
      const outcome = fact.outcome ?? 'ok';
      const billed = !['provider_error', 'rate_limited', 'timeout'].includes(outcome);
      const usage = billed
        ? {
            inputTokens,
            cachedInputTokens: random() < 0.3 ? Math.floor(inputTokens * 0.6) : 0,
            cacheWriteTokens: 0,
            outputTokens: Math.round(80 + random() * 700),
          }
        : { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };
      const latencyMs = Math.round(billed ? 250 + Math.exp(6 + random() * 2) : 50 + random() * 2000);
      at += latencyMs;
      attempts.push({
        seq: attempts.length + 1,
        tier,
        provider: candidate.provider,
        ref: candidate.ref,
        reason: fact.reason ?? 'first',
        outcome,
        billed,
        usage,
        costMicroUsd: billed ? costMicroUsd(usage, candidate.price) : 0,
        latencyMs,
        tries: fact.tries ?? 1,
        priceSource: candidate.price.source,
        priceEffectiveFrom: candidate.price.effectiveFrom,
        ...(outcome === 'provider_error' && { status: 503, error: '503 Service Unavailable' }),
      });
    };
    if (random() < 0.1) add('classify', CLASSIFIER, { reason: 'classify' });
    let tier = random() < 0.75 ? 0 : 1;
    let reason: AttemptFacts['reason'] = 'first';
    let ok = false;
    while (tier < TIERS.length && !ok) {
      const { name, candidates } = TIERS[tier]!;
      let candidate = random() < 0.85 ? candidates[0]! : candidates[1]!;
      if (random() < 0.05) {
        add(name, candidate, { reason, outcome: 'provider_error', tries: 2 });
        reason = 'failover';
        candidate = candidate === candidates[0] ? candidates[1]! : candidates[0]!;
      }
      const pass = random() < [0.72, 0.85, 0.96][tier]!;
      add(name, candidate, { reason, outcome: pass ? 'ok' : random() < 0.7 ? 'schema_violation' : 'check_failed' });
      ok = pass;
      tier++;
      reason = 'escalation';
    }
    const premium = TIERS[2]!.candidates[0]!.price;
    const answer = attempts.find((attempt) => attempt.outcome === 'ok' && attempt.reason !== 'classify');
    const running = random() < (options.runningShare ?? 0);
    yield {
      context,
      attempts,
      ...(!running && {
        end: {
          outcome: ok ? 'ok' : 'failed',
          ...(!ok && { failure: 'CascadeExhaustedError' }),
          baselineMicroUsd: answer ? costMicroUsd(answer.usage, premium) : 0,
          finishedAtMs: at,
        },
      }),
    };
  }
}

/** The store operations of one synthetic request: its attempt rows, and its end when it finished. */
export function syntheticOperations(request: SyntheticRequest): LedgerOperation[] {
  let at = request.context.startedAtMs;
  const operations: LedgerOperation[] = request.attempts.map((attempt) => {
    at += attempt.latencyMs;
    return { op: 'attempt', row: attemptRowOf(attempt, request.context, at) };
  });
  if (request.end)
    operations.push({
      op: 'request',
      row: requestRowOf(request.context, { ...request.end, attempts: request.attempts }),
    });
  return operations;
}

export interface GenerateResult {
  requests: number;
  attempts: number;
  ms: number;
}

/**
 * Writes a synthetic ledger into a store in bulk (transactions of `chunk` requests), exactly once like any write:
 * generating the same seed twice adds nothing the second time.
 */
export async function generateLedger(
  store: Pick<LedgerStore, 'apply'>,
  options: SyntheticOptions & { chunk?: number; onProgress?: (done: number) => void },
): Promise<GenerateResult> {
  const started = Date.now();
  const chunk = options.chunk ?? 2000;
  let operations: LedgerOperation[] = [];
  let requests = 0;
  let attempts = 0;
  for (const request of syntheticRequests(options)) {
    operations.push(...syntheticOperations(request));
    requests++;
    attempts += request.attempts.length;
    if (requests % chunk === 0) {
      await store.apply(operations);
      operations = [];
      options.onProgress?.(requests);
    }
  }
  if (operations.length > 0) await store.apply(operations);
  return { requests, attempts, ms: Date.now() - started };
}
