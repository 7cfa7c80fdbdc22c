/**
 * Imports LiteLLM's `model_prices_and_context_window.json` (its common chat subset) into catalog-file models.
 * LiteLLM prices are USD per token as Python floats; ours are USD per 1M tokens with a source and a date.
 */
import type { CatalogFile, FileModelSpec, FilePriceSpec } from './file-schema';

/** Options of {@link importLiteLLM}. */
export interface ImportLiteLLMOptions {
  /** `litellm_provider` → our provider id; overrides and extends {@link LITELLM_PROVIDER_IDS}. */
  providers?: Record<string, string>;
  /** Date (YYYY-MM-DD) from which the imported prices apply, e.g. the snapshot's date. */
  effectiveFrom: string;
  /** Source used where an entry has no `source` of its own. @default the LiteLLM map's URL */
  source?: string;
}

export interface ImportLiteLLMResult {
  /** Keyed by our model ref, `<provider>/<model>`. */
  models: Record<string, FileModelSpec>;
  skipped: { key: string; reason: string }[];
}

/** LiteLLM's provider names for the providers of the default catalog. */
export const LITELLM_PROVIDER_IDS: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gemini',
  mistral: 'mistral',
  deepseek: 'deepseek',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  openrouter: 'openrouter',
};

export const LITELLM_MAP_URL = 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json';

const RESERVED_KEYS = new Set(['sample_spec', 'fallback_generalizations']);
const ABOVE_TIER = /^input_cost_per_token_above_(\d+)k_tokens$/;

/** USD per token → USD per 1M tokens, with the float noise of the multiplication rounded away (1e-9). */
function perMTok(perToken: number): number {
  return Math.round(perToken * 1e15) / 1e9;
}

function numberAt(entry: Record<string, unknown>, key: string): number | undefined {
  const value = entry[key];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function positiveInt(entry: Record<string, unknown>, key: string): number | undefined {
  const value = numberAt(entry, key);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Long-context tier from `*_above_<N>k_tokens` keys; with several tiers, the lowest threshold. */
function longContextOf(entry: Record<string, unknown>, notes: string[]): FilePriceSpec['longContext'] {
  const thresholds = Object.keys(entry)
    .map((key) => ABOVE_TIER.exec(key)?.[1])
    .filter(
      (n): n is string => n !== undefined && numberAt(entry, `input_cost_per_token_above_${n}k_tokens`) !== undefined,
    )
    .map(Number)
    .sort((a, b) => a - b);
  const lowest = thresholds[0];
  if (lowest === undefined) return undefined;
  if (thresholds.length > 1)
    notes.push(`several long-context tiers (${thresholds.map((n) => `${n}k`).join(', ')}): imported the lowest`);
  const at = (prefix: string) => numberAt(entry, `${prefix}_above_${lowest}k_tokens`);
  const input = at('input_cost_per_token')!;
  const output = at('output_cost_per_token') ?? numberAt(entry, 'output_cost_per_token')!;
  const cached = at('cache_read_input_token_cost');
  const cacheWrite = at('cache_creation_input_token_cost');
  return {
    thresholdTokens: lowest * 1000,
    inputUsdPerMTok: perMTok(input),
    outputUsdPerMTok: perMTok(output),
    ...(cached !== undefined && { cachedInputUsdPerMTok: perMTok(cached) }),
    ...(cacheWrite !== undefined && { cacheWriteUsdPerMTok: perMTok(cacheWrite) }),
  };
}

/** Batch discount when input and output batch prices (where given) are the same fraction of list price. */
function batchDiscountOf(entry: Record<string, unknown>, input: number, output: number, notes: string[]) {
  const batchInput = numberAt(entry, 'input_cost_per_token_batches');
  if (batchInput === undefined || input === 0) return undefined;
  const discount = Math.round((1 - batchInput / input) * 1e6) / 1e6;
  const batchOutput = numberAt(entry, 'output_cost_per_token_batches');
  const outputDiscount =
    batchOutput === undefined || output === 0 ? discount : Math.round((1 - batchOutput / output) * 1e6) / 1e6;
  if (discount < 0 || discount >= 1 || Math.abs(outputDiscount - discount) > 1e-6) {
    notes.push('batch prices are not one consistent discount: batchDiscount left out');
    return undefined;
  }
  return discount;
}

type Converted = { ref: string; model: FileModelSpec } | { reason: string };

function convertEntry(key: string, entry: Record<string, unknown>, options: ImportLiteLLMOptions): Converted {
  if (entry.mode !== 'chat') return { reason: `mode ${JSON.stringify(entry.mode ?? null)} is not chat` };
  const litellmProvider = entry.litellm_provider;
  if (typeof litellmProvider !== 'string') return { reason: 'no litellm_provider' };
  const provider = options.providers?.[litellmProvider] ?? LITELLM_PROVIDER_IDS[litellmProvider];
  if (provider === undefined) {
    return {
      reason: `litellm_provider "${litellmProvider}" has no provider id: pass providers: { "${litellmProvider}": "<id>" }`,
    };
  }
  const input = numberAt(entry, 'input_cost_per_token');
  const output = numberAt(entry, 'output_cost_per_token');
  if (input === undefined || output === undefined)
    return { reason: 'no input_cost_per_token/output_cost_per_token price' };
  const contextWindow = positiveInt(entry, 'max_input_tokens') ?? positiveInt(entry, 'max_tokens');
  if (contextWindow === undefined) return { reason: 'no max_input_tokens or max_tokens' };

  const notes: string[] = [];
  let maxOutputTokens = positiveInt(entry, 'max_output_tokens') ?? positiveInt(entry, 'max_tokens') ?? contextWindow;
  if (maxOutputTokens > contextWindow) {
    notes.push(`max_output_tokens ${maxOutputTokens} capped at the context window`);
    maxOutputTokens = contextWindow;
  }
  const cached = numberAt(entry, 'cache_read_input_token_cost') ?? numberAt(entry, 'input_cost_per_token_cache_hit');
  const cacheWrite = numberAt(entry, 'cache_creation_input_token_cost');
  const batchDiscount = batchDiscountOf(entry, input, output, notes);
  const longContext = longContextOf(entry, notes);
  if (typeof entry.deprecation_date === 'string') notes.push(`deprecation_date ${entry.deprecation_date}`);

  const price: FilePriceSpec = {
    inputUsdPerMTok: perMTok(input),
    outputUsdPerMTok: perMTok(output),
    ...(cached !== undefined && { cachedInputUsdPerMTok: perMTok(cached) }),
    ...(cacheWrite !== undefined && { cacheWriteUsdPerMTok: perMTok(cacheWrite) }),
    ...(batchDiscount !== undefined && { batchDiscount }),
    ...(longContext !== undefined && { longContext }),
    source:
      typeof entry.source === 'string' && entry.source !== '' ? entry.source : (options.source ?? LITELLM_MAP_URL),
    effectiveFrom: options.effectiveFrom,
    notes: [`imported from LiteLLM key "${key}"`, ...notes].join('; '),
  };
  // Keys are a bare model id or prefixed with the provider: `together_ai/Qwen/...`, `vertex_ai/...` for
  // litellm_provider `vertex_ai-language-models`. Only that prefix goes; the model id may hold more slashes.
  const prefix = key.slice(0, Math.max(key.indexOf('/'), 0));
  const prefixed = prefix !== '' && (litellmProvider === prefix || litellmProvider.startsWith(`${prefix}-`));
  const modelId = prefixed ? key.slice(prefix.length + 1) : key;
  const model: FileModelSpec = {
    contextWindow,
    maxOutputTokens,
    ...(entry.supports_response_schema === true && { structuredOutput: 'json_schema' as const }),
    prices: [price],
  };
  return { ref: `${provider}/${modelId}`, model };
}

/**
 * Converts LiteLLM price-map entries into catalog-file models. Skips `sample_spec`, non-chat modes, unknown
 * providers and entries without prices or context window, each with its reason.
 */
export function importLiteLLM(json: Record<string, unknown>, options: ImportLiteLLMOptions): ImportLiteLLMResult {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.effectiveFrom)) {
    throw new RangeError(`effectiveFrom must be a date as YYYY-MM-DD, got "${options.effectiveFrom}"`);
  }
  const result: ImportLiteLLMResult = { models: {}, skipped: [] };
  for (const [key, entry] of Object.entries(json)) {
    if (RESERVED_KEYS.has(key)) {
      result.skipped.push({ key, reason: 'reserved key documenting the map, not a model' });
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      result.skipped.push({ key, reason: 'entry is not an object' });
      continue;
    }
    const converted = convertEntry(key, entry as Record<string, unknown>, options);
    if ('reason' in converted) result.skipped.push({ key, reason: converted.reason });
    else if (result.models[converted.ref] !== undefined)
      result.skipped.push({ key, reason: `duplicate of ${converted.ref}` });
    else result.models[converted.ref] = converted.model;
  }
  return result;
}

/**
 * Adds imported models to a catalog file: new refs are added whole; for known refs the imported price joins the
 * price history unless one already starts on that date (limits and capabilities stay as the file has them).
 */
export function mergeImported(catalogFile: CatalogFile, imported: ImportLiteLLMResult): CatalogFile {
  const models: Record<string, FileModelSpec> = { ...catalogFile.models };
  for (const [ref, model] of Object.entries(imported.models)) {
    const existing = models[ref];
    if (existing === undefined) {
      models[ref] = model;
      continue;
    }
    const dates = new Set(existing.prices.map((price) => price.effectiveFrom));
    const added = model.prices.filter((price) => !dates.has(price.effectiveFrom));
    models[ref] = { ...existing, prices: [...existing.prices, ...added] };
  }
  return { ...catalogFile, models };
}
