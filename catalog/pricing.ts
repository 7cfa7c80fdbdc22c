/**
 * Price maths in integer micro-USD. Pure and deterministic: imported by workflow code.
 *
 * Each USD-per-1M price becomes an integer number of pico-USD per token (1 USD = 1e12 pico-USD), so
 * multiplying by integer token counts is exact. Products and sums are BigInt (a billion tokens at $75/M
 * is 7.5e16 pico-USD, past 2^53), and the total is rounded once, half up, to micro-USD.
 */
import { CascadeConfigError, ConfigErrorCode } from './errors';
import type { ModelPrice, ModelSpec, TokenUsage } from './types';

// BigInt(...) calls, not BigInt literals: the workflow bundler's swc pass targets ES2017, which lacks them.
const ZERO = BigInt(0);
const ONE = BigInt(1);
const TWO = BigInt(2);
const PICO_PER_MICRO = BigInt(1_000_000);
/** Batch factors are carried as integer parts per million so the discount does not add a second rounding. */
const PPM = BigInt(1_000_000);

/** Options of {@link costMicroUsd}. */
export interface CostOptions {
  /** Bill at the batch API's discount (`price.batchDiscount`, none when absent). */
  batch?: boolean;
}

/** USD per 1M tokens → integer pico-USD per token. */
function picoPerToken(usdPerMTok: number): bigint {
  return BigInt(Math.round(usdPerMTok * 1e6));
}

function tokens(count: number, name: string): bigint {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`${name} must be a non-negative integer token count, got ${count}`);
  }
  return BigInt(count);
}

/** Integer division rounding half up; both operands non-negative. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator / TWO) / denominator;
}

function divideUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - ONE) / denominator;
}

/** The rates in force for a request: the long-context tier's once the prompt passes its threshold. */
function ratesFor(price: ModelPrice, inputTokens: number) {
  const tier = price.longContext;
  if (tier !== undefined && inputTokens > tier.thresholdTokens) {
    return {
      input: tier.inputUsdPerMTok,
      cachedInput: tier.cachedInputUsdPerMTok ?? tier.inputUsdPerMTok,
      cacheWrite: tier.cacheWriteUsdPerMTok ?? tier.inputUsdPerMTok,
      output: tier.outputUsdPerMTok,
    };
  }
  return {
    input: price.inputUsdPerMTok,
    cachedInput: price.cachedInputUsdPerMTok ?? price.inputUsdPerMTok,
    cacheWrite: price.cacheWriteUsdPerMTok ?? price.inputUsdPerMTok,
    output: price.outputUsdPerMTok,
  };
}

/**
 * The price of `model` in force on `isoDate` (`YYYY-MM-DD`, or a full ISO timestamp whose date part is used):
 * the entry with the latest `effectiveFrom` not after that date.
 * @throws CascadeConfigError `MissingPrice` when no entry is in force yet.
 */
export function priceAt(model: ModelSpec, isoDate: string): ModelPrice {
  const day = isoDate.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    throw new RangeError(`priceAt needs an ISO date (YYYY-MM-DD), got "${isoDate}"`);
  }
  let inForce: ModelPrice | undefined;
  for (const price of model.prices) {
    // ISO dates compare correctly as strings.
    if (price.effectiveFrom <= day && (inForce === undefined || price.effectiveFrom > inForce.effectiveFrom)) {
      inForce = price;
    }
  }
  if (inForce === undefined) {
    const known = model.prices.map((price) => price.effectiveFrom).join(', ') || 'none';
    throw new CascadeConfigError({
      code: ConfigErrorCode.MissingPrice,
      message: `${model.ref} has no price in force on ${day} (prices start: ${known}); add a price with an earlier effectiveFrom`,
    });
  }
  return inForce;
}

/**
 * Cost of one call in integer micro-USD, rounded once (half up).
 * `usage.inputTokens` includes cached and cache-write tokens (OpenAI's convention); past the long-context
 * threshold every token of the request bills at the long-context rates.
 */
export function costMicroUsd(usage: TokenUsage, price: ModelPrice, options: CostOptions = {}): number {
  const input = tokens(usage.inputTokens, 'inputTokens');
  const cached = tokens(usage.cachedInputTokens, 'cachedInputTokens');
  const cacheWrite = tokens(usage.cacheWriteTokens, 'cacheWriteTokens');
  const output = tokens(usage.outputTokens, 'outputTokens');
  const uncached = input - cached - cacheWrite > ZERO ? input - cached - cacheWrite : ZERO;
  const rates = ratesFor(price, usage.inputTokens);

  const pico =
    uncached * picoPerToken(rates.input) +
    cached * picoPerToken(rates.cachedInput) +
    cacheWrite * picoPerToken(rates.cacheWrite) +
    output * picoPerToken(rates.output);

  const discount = options.batch === true ? (price.batchDiscount ?? 0) : 0;
  const factorPpm = BigInt(Math.round((1 - discount) * 1e6));
  return Number(divideHalfUp(pico * factorPpm, PICO_PER_MICRO * PPM));
}

/**
 * Largest possible cost of a call before it is made, for budget reservations: every input token uncached,
 * the full `maxOutputTokens` produced, long-context rates past the threshold; rounded up.
 */
export function worstCaseMicroUsd(
  price: ModelPrice,
  inputTokens: number,
  maxOutputTokens: number,
  options: CostOptions = {},
): number {
  const rates = ratesFor(price, inputTokens);
  const pico =
    tokens(inputTokens, 'inputTokens') * picoPerToken(rates.input) +
    tokens(maxOutputTokens, 'maxOutputTokens') * picoPerToken(rates.output);
  const discount = options.batch === true ? (price.batchDiscount ?? 0) : 0;
  const factorPpm = BigInt(Math.round((1 - discount) * 1e6));
  return Number(divideUp(pico * factorPpm, PICO_PER_MICRO * PPM));
}

/**
 * Smallest budget a request or batch may set: one micro-USD, the ledger's unit. Budgets are floored to whole
 * micro-USD, so anything smaller would be a budget of $0 reported as "$0.000000 left".
 */
export const MIN_BUDGET_USD = 0.000001;

/**
 * Why `usd` cannot be a budget, or undefined when it can: the one rule for `maxCostUsd` (a request's, a step's, a
 * batch's, a flag's). It must be finite and at least one micro-USD.
 */
export function budgetProblem(usd: number): string | undefined {
  if (usd >= MIN_BUDGET_USD && Number.isFinite(usd)) return undefined;
  return `must be at least $${MIN_BUDGET_USD.toFixed(6)} (the ledger counts whole micro-dollars)`;
}

/*
 * Money at the edges. Inside the project every amount is an integer number of micro-USD (sums, ledgers, budgets,
 * grants); USD appears only where a person or a wire format reads it. These three functions are the only places a
 * factor of 1e6 converts between the two:
 * - `microToUsd`: any micro-USD amount shown or sent as USD (exact for the integers we hold);
 * - `usdToMicro`: an amount that was spent or billed, given in USD (a report's total), rounded to the nearest;
 * - `budgetMicroUsd`: a cap given in USD (`maxCostUsd`, a batch item's grant), rounded DOWN so a cap is never raised,
 *   after dropping binary floating-point noise below a thousandth of a micro-USD ($0.000249 × 1e6 is
 *   248.99999999999997 in floating point: a bare Math.floor would make it 248).
 */

/** Micro-USD → USD, for display and wire formats (sums stay in micro-USD). */
export function microToUsd(micro: number): number {
  return micro / 1e6;
}

/** USD spent or billed → integer micro-USD, rounded to the nearest. */
export function usdToMicro(usd: number): number {
  return Math.round(usd * 1e6);
}

/** A budget or grant in USD → whole micro-USD the holder may spend: rounded down, never up. */
export function budgetMicroUsd(usd: number): number {
  return Math.floor(Math.round(usd * 1e9) / 1e3);
}

/** Micro-USD as `$0.000123` (six decimals: every digit of an integer micro-USD amount). */
export function formatMicroUsd(micro: number): string {
  return `${micro < 0 ? '-' : ''}$${microToUsd(Math.abs(micro)).toFixed(6)}`;
}
