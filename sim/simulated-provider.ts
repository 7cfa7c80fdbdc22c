/**
 * A "simulated" model for the demo and the benchmarks: answers shaped by the JSON Schema the request
 * carries, with configurable pass rate, failure mix, HTTP error rates and latency, deterministic per seed.
 *
 * ## Schema contract (callers must follow it)
 * The simulator finds the expected output schema in one of two places:
 * 1. `response_format: { type: 'json_schema', json_schema: { schema } }`, for providers with native
 *    structured output;
 * 2. otherwise the system (or developer) message, where the caller embeds the schema as JSON between the
 *    markers `<json_schema>` and `</json_schema>`, which is what a cascade must do anyway for providers
 *    without `json_schema` support (the schema goes into the prompt and ajv enforces it). Use
 *    `embedSchemaInPrompt` to produce that text.
 * With no schema found, the answer is plain text (and always "passes").
 *
 * Determinism: every call draws from a PRNG keyed by `seed:model:callIndex`, so outcomes do not depend on
 * how calls to different models interleave. (`promptCaching` adds state: which prefixes a model has seen.)
 */
import type { FakeBehavior, FakeCallContext, FakeReply } from './fake-types';
import { countTextTokens, messageText } from './openai-wire';
import { DIFFICULTIES, difficultyOfText, tierForDifficulty, type Difficulty } from './difficulty';
import { keyedRng, pick, type Rng } from './prng';
import { corruptForSchema, sampleFromSchema } from './schema-sample';

/** Opening marker of a schema embedded in a system message. */
export const SCHEMA_OPEN_MARKER = '<json_schema>';
/** Closing marker of a schema embedded in a system message. */
export const SCHEMA_CLOSE_MARKER = '</json_schema>';

/** How a simulated model behaves. Rates are probabilities in [0, 1]. */
export interface SimProfile {
  /** Share of (non-error) answers that validate against the schema. */
  passRate: number;
  /** Of the failing answers, the share that is broken JSON (the rest parse but violate the schema). Default 0.3. */
  invalidJsonRate?: number;
  /** Of the broken-JSON answers, the share reported as `finish_reason: 'length'` (truncated). Default 0. */
  lengthRate?: number;
  /** Share of calls refused (`message.refusal`), drawn before the pass/fail roll. Default 0. */
  refusalRate?: number;
  /** HTTP error shares, drawn first; 429s carry `retry-after` when `retryAfterSeconds` is set. */
  errorRates?: { status503?: number; status429?: number; retryAfterSeconds?: number };
  /** Latency, uniform in `mean ± jitter` ms. Default: none. */
  latencyMs?: { mean: number; jitter: number };
  /** When true, a system prompt seen before by this model is billed as cached (OpenAI: ≥1024 tokens, 128-token steps). */
  promptCaching?: boolean;
  /**
   * Pass rate by the item's true difficulty (easy, medium, hard) for requests whose text carries it
   * (sim/difficulty.ts); `passRate` for the others.
   */
  passRateByDifficulty?: readonly number[];
  /**
   * Classifier prompts (a schema whose `tier` is an enum): the share answered from the item's true difficulty; the
   * rest from a neighbouring difficulty (easy ↔ medium ↔ hard). Default 0.8.
   */
  classifyAccuracy?: number;
  /** Completion tokens billed for every answer (classifier answers excepted), instead of counting them. */
  completionTokens?: number;
  seed?: number;
}

/**
 * The text a caller puts in its system message for providers without `json_schema` support.
 * @param schema - the JSON Schema the answer must satisfy.
 */
export function embedSchemaInPrompt(schema: unknown): string {
  return `Answer with JSON only, matching this JSON Schema:\n${SCHEMA_OPEN_MARKER}\n${JSON.stringify(schema)}\n${SCHEMA_CLOSE_MARKER}`;
}

/**
 * The JSON Schema a Chat Completions request asks for (see the contract at the top of this file).
 * @param body - the request body.
 * @returns the schema, or undefined when the request carries none (or it does not parse).
 */
export function extractRequestSchema(body: unknown): object | undefined {
  const b = (body ?? {}) as {
    response_format?: { type?: string; json_schema?: { schema?: unknown } };
    messages?: unknown;
  };
  const native = b.response_format?.type === 'json_schema' ? b.response_format.json_schema?.schema : undefined;
  if (native !== null && typeof native === 'object') return native;
  const messages = Array.isArray(b.messages) ? (b.messages as Array<{ role?: string; content?: unknown }>) : [];
  for (const m of messages) {
    if (m.role !== 'system' && m.role !== 'developer') continue;
    const text = messageText(m.content);
    const start = text.indexOf(SCHEMA_OPEN_MARKER);
    const end = text.indexOf(SCHEMA_CLOSE_MARKER, start + 1);
    if (start < 0 || end < 0) continue;
    try {
      const parsed: unknown = JSON.parse(text.slice(start + SCHEMA_OPEN_MARKER.length, end));
      if (parsed !== null && typeof parsed === 'object') return parsed;
    } catch {
      // A malformed embedded schema is the caller's bug; answer as if there were none.
    }
  }
  return undefined;
}

/**
 * A fake-provider behaviour that plays a model with the given profile.
 * @param profile - pass rate, failure mix, error rates, latency, seed.
 */
export function simulatedBehavior(profile: SimProfile): FakeBehavior {
  const seenPrefixes = new Set<string>();
  return (ctx: FakeCallContext): FakeReply => {
    const rng = keyedRng(profile.seed ?? 0, ctx.model, ctx.callIndex);
    const lat = profile.latencyMs;
    const delayMs = lat ? Math.max(0, Math.round(lat.mean + (rng() * 2 - 1) * lat.jitter)) : 0;
    const e = profile.errorRates ?? {};
    const roll = rng();
    const p503 = e.status503 ?? 0;
    const p429 = e.status429 ?? 0;
    if (roll < p503) return { kind: 'error', status: 503, delayMs };
    if (roll < p503 + p429) {
      const headers = e.retryAfterSeconds !== undefined ? { 'retry-after': String(e.retryAfterSeconds) } : undefined;
      return { kind: 'error', status: 429, delayMs, ...(headers && { headers }) };
    }
    const cached = profile.promptCaching ? { cachedTokens: cachedTokens(ctx, seenPrefixes) } : undefined;
    const forced = profile.completionTokens !== undefined ? { completionTokens: profile.completionTokens } : undefined;
    const usage = cached || forced ? { ...cached, ...forced } : undefined;
    if (rng() < (profile.refusalRate ?? 0)) {
      return {
        kind: 'refusal',
        refusal: "I'm sorry, but I can't help with that request.",
        delayMs,
        ...(usage && { usage }),
      };
    }
    const schema = extractRequestSchema(ctx.body);
    const difficulty = difficultyOfText(requestText(ctx.body));
    const classify = classifierAnswer(schema, difficulty, profile.classifyAccuracy ?? 0.8, rng);
    if (classify)
      return { kind: 'content', content: JSON.stringify(classify), delayMs, ...(cached && { usage: cached }) };
    const passRate =
      difficulty !== undefined ? (profile.passRateByDifficulty?.[difficulty] ?? profile.passRate) : profile.passRate;
    const pass = rng() < passRate;
    if (!schema) return { kind: 'content', content: 'This is a simulated answer.', delayMs, ...(usage && { usage }) };
    const valid = sampleFromSchema(schema, rng);
    if (pass) return { kind: 'content', content: JSON.stringify(valid), delayMs, ...(usage && { usage }) };
    if (rng() < (profile.invalidJsonRate ?? 0.3)) {
      const finishReason = rng() < (profile.lengthRate ?? 0) ? 'length' : 'stop';
      return { kind: 'content', content: brokenJson(valid, rng), finishReason, delayMs, ...(usage && { usage }) };
    }
    const wrong = corruptForSchema(valid, schema, rng);
    return { kind: 'content', content: JSON.stringify(wrong), delayMs, ...(usage && { usage }) };
  };
}

/** Every message's text of a request, joined. */
function requestText(body: unknown): string {
  const messages = (body as { messages?: Array<{ content?: unknown }> } | undefined)?.messages;
  return Array.isArray(messages) ? messages.map((m) => messageText(m.content)).join('\n') : '';
}

/**
 * A classifier's answer `{ tier, reason }` from the item's true difficulty: the right level with probability
 * `accuracy`, else a neighbouring level (as a real classifier errs), named as a tier of the ones offered.
 */
function classifierAnswer(
  schema: object | undefined,
  difficulty: Difficulty | undefined,
  accuracy: number,
  rng: Rng,
): { tier: string; reason: string } | undefined {
  const tiers = (schema as { properties?: { tier?: { enum?: unknown } } } | undefined)?.properties?.tier?.enum;
  if (difficulty === undefined || !Array.isArray(tiers) || tiers.length === 0) return undefined;
  const neighbours = [difficulty - 1, difficulty + 1].filter((level) => level >= 0 && level < DIFFICULTIES.length);
  const level = (rng() < accuracy ? difficulty : pick(rng, neighbours)) as Difficulty;
  return { tier: tierForDifficulty(level, tiers.map(String)), reason: `the request looks ${DIFFICULTIES[level]}` };
}

/** JSON text cut off part-way (as a model that stopped early); guaranteed not to parse. */
function brokenJson(value: unknown, rng: Rng): string {
  const text = JSON.stringify(value);
  const cut = text.slice(0, Math.max(1, Math.floor(text.length * (0.3 + 0.5 * rng()))));
  try {
    JSON.parse(cut);
    return `${cut},`; // a prefix of a scalar may still parse ("12" of "123"): make it invalid for sure
  } catch {
    return cut;
  }
}

/** OpenAI-style prompt caching of a repeated system prompt: ≥1024 tokens, in 128-token increments. */
function cachedTokens(ctx: FakeCallContext, seen: Set<string>): number {
  const messages = Array.isArray(ctx.body?.messages)
    ? (ctx.body.messages as Array<{ role?: string; content?: unknown }>)
    : [];
  const prefix = messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => messageText(m.content))
    .join('\n');
  const key = `${ctx.model}\n${prefix}`;
  const hit = seen.has(key);
  seen.add(key);
  const tokens = countTextTokens(prefix);
  if (!hit || tokens < 1024) return 0;
  return Math.min(ctx.promptTokens, Math.floor(tokens / 128) * 128);
}
