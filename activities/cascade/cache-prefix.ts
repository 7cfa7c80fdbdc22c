/**
 * Prompt-cache awareness: the part of a task's prompt that is the same on every request (instructions, schema), as
 * the request builder really lays it out for each candidate, and what it costs per 1,000 requests with and without
 * the provider's prompt cache. Providers cache a prompt's longest repeated PREFIX past a minimum length, so what
 * matters is how many stable tokens come before the first variable one, and whether stable text follows it.
 */
import { costMicroUsd } from '../../catalog/pricing';
import { countTextTokens } from '../../catalog/node/tokens';
import type { Catalog } from '../../catalog/types';
import type { CandidatePlan, RoutePlan } from '../../routing/types';
import type { ChatMessage, OutputSchema } from '../../workflows/definitions';
import { buildRequest } from './build-request';

/** The minimum cacheable prefix when a provider declares none: OpenAI's 1,024 tokens. */
export const DEFAULT_MIN_CACHEABLE_TOKENS = 1024;
/** Stable text after the variable part worth a warning, tokens (a closing sentence is not). */
const STABLE_TAIL_WARNING_TOKENS = 32;
/** Instructions that look templated: a date, a time or a placeholder makes them vary per request. */
const VARIABLE_LOOKING = /\{\{|\$\{|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}(:\d{2})?\b/;

export interface PrefixRow {
  tier: string;
  ref: string;
  structuredOutput: CandidatePlan['structuredOutput'];
  /** Tokens of the prompt's stable prefix (response_format schema included, where sent). */
  prefixTokens: number;
  /** The provider's minimum cacheable prefix (catalog `minCacheableTokens`, default 1,024). */
  minCacheableTokens: number;
  reachesMinimum: boolean;
  /** Stable tokens that come after the variable part: never cached. */
  stableAfterVariableTokens: number;
  /** What the stable prefix costs per 1,000 requests, uncached and read from the cache (micro-USD). */
  per1kUncachedMicroUsd: number;
  per1kCachedMicroUsd: number;
}

export interface PrefixAnalysis {
  task: string;
  rows: PrefixRow[];
  warnings: string[];
}

/** What the analysis needs of a request: its messages with the variable part replaced by `variable`. */
export interface PrefixRequest {
  task: string;
  route: RoutePlan;
  schema: OutputSchema;
  schemaInPrompt?: boolean;
  /** The conversation with its variable text (the input) given as the argument. */
  messagesWith: (variable: string) => ChatMessage[];
  /** Instructions the task's catalog gives (checked for variable-looking text). */
  instructions?: string;
}

/** The prompt as one text in the order a provider reads it: response_format schema, then each message. */
function promptText(candidate: CandidatePlan, request: PrefixRequest, variable: string): string {
  const built = buildRequest({
    task: request.task,
    tier: '',
    candidate,
    schema: request.schema,
    // Media come after their message's text, so the stable prefix is in the text alone.
    messages: request.messagesWith(variable).map(({ media: _media, ...message }) => message),
    maxOutputTokens: 1,
    timeoutMs: 1,
    maxRetryAfterMs: 0,
    reason: 'first',
    ...(request.schemaInPrompt === false && { schemaInPrompt: false }),
  });
  const format = built.response_format?.type === 'json_schema' ? JSON.stringify(built.response_format) : '';
  return [format, ...built.messages.map((m) => `<${m.role}>${typeof m.content === 'string' ? m.content : ''}`)].join(
    '\n',
  );
}

function commonPrefixLength(a: string, b: string): number {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index++;
  return index;
}

function commonSuffixLength(a: string, b: string, limit: number): number {
  let index = 0;
  while (index < limit && a[a.length - 1 - index] === b[b.length - 1 - index]) index++;
  return index;
}

/** Two different variable texts: what differs between the two prompts is exactly what varies per request. */
const VARIABLE_A = '\u0001variable input A\u0001';
const VARIABLE_B = '\u0002other input B\u0002';

/** The stable prefix of one candidate's prompt, its tokens, and its cost per 1,000 requests. */
export function prefixRow(catalog: Catalog, tier: string, candidate: CandidatePlan, request: PrefixRequest): PrefixRow {
  const a = promptText(candidate, request, VARIABLE_A);
  const b = promptText(candidate, request, VARIABLE_B);
  const head = commonPrefixLength(a, b);
  const tail = commonSuffixLength(a, b, Math.min(a.length, b.length) - head);
  const prefixTokens = countTextTokens(a.slice(0, head));
  const minCacheableTokens = catalog.providers[candidate.provider]?.minCacheableTokens ?? DEFAULT_MIN_CACHEABLE_TOKENS;
  const reachesMinimum = prefixTokens >= minCacheableTokens;
  const usage = { inputTokens: prefixTokens, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };
  const uncached = costMicroUsd(usage, candidate.price);
  const cached = costMicroUsd({ ...usage, cachedInputTokens: prefixTokens }, candidate.price);
  return {
    tier,
    ref: candidate.ref,
    structuredOutput: candidate.structuredOutput,
    prefixTokens,
    minCacheableTokens,
    reachesMinimum,
    stableAfterVariableTokens: tail > 0 ? countTextTokens(a.slice(a.length - tail)) : 0,
    per1kUncachedMicroUsd: uncached * 1000,
    // Below the provider's minimum nothing is cached: the cached column is the uncached cost.
    per1kCachedMicroUsd: (reachesMinimum ? cached : uncached) * 1000,
  };
}

/** Every candidate of the route, tier by tier, with the warnings a prompt author can act on. */
export function analysePrefix(catalog: Catalog, request: PrefixRequest): PrefixAnalysis {
  const rows = request.route.tiers.flatMap((tier) =>
    tier.candidates.map((candidate) => prefixRow(catalog, tier.name, candidate, request)),
  );
  const warnings: string[] = [];
  const short = rows.filter((row) => !row.reachesMinimum);
  if (short.length > 0) {
    const worst = short.reduce((a, b) => (a.prefixTokens < b.prefixTokens ? a : b));
    warnings.push(
      `task "${request.task}": the stable prefix (${worst.prefixTokens} tokens on ${worst.ref}) is below the ` +
        `provider's minimum cacheable length (${worst.minCacheableTokens}) on ${short.length} of ${rows.length} ` +
        'candidates: it is billed in full on every request',
    );
  }
  const tailed = rows.find((row) => row.stableAfterVariableTokens >= STABLE_TAIL_WARNING_TOKENS);
  if (tailed) {
    warnings.push(
      `task "${request.task}": ${tailed.stableAfterVariableTokens} stable tokens come after the variable input ` +
        `(${tailed.ref}): they are never cached; put instructions before the input`,
    );
  }
  if (request.instructions && VARIABLE_LOOKING.test(request.instructions)) {
    warnings.push(
      `task "${request.task}": the instructions contain a date, time or placeholder: if that text changes per ` +
        'request, nothing after it is cached; keep variable text in the input',
    );
  }
  return { task: request.task, rows, warnings };
}
