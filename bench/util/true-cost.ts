/**
 * What the upstream actually billed, from its call log: each answered call's usage times the price of the real
 * model it stands for. Computed here in exact integer pico-USD, independently of llm-cascade's own pricing code.
 */
import type { FakeCall } from '../../sim/fake-types';
import type { ModelPrice } from '../../catalog/types';
import { allModels, priceOf } from '../setup/fixtures';
import { callText } from '../upstream/upstream';

const PICO_PER_MICRO = BigInt(1_000_000);

/** USD per 1M tokens → pico-USD per token, exactly (prices have at most 6 decimals per 1M tokens). */
function picoPerToken(usdPerMTok: number): bigint {
  const pico = Math.round(usdPerMTok * 1e6);
  if (Math.abs(pico - usdPerMTok * 1e6) > 1e-6) throw new Error(`price ${usdPerMTok} has more than 6 decimals`);
  return BigInt(pico);
}

let prices: Map<string, ModelPrice> | undefined;

function priceOfModelId(id: string): ModelPrice {
  prices ??= new Map(allModels().map((m) => [m.id, priceOf(m)]));
  const price = prices.get(id);
  if (!price) throw new Error(`no benchmark model answers to "${id}"`);
  return price;
}

/** Billed cost of one call in pico-USD: 0 for calls that were not answered with usage (errors). */
export function callCostPico(call: FakeCall): bigint {
  if (call.status !== 200 || !call.usage) return BigInt(0);
  const price = priceOfModelId(call.model);
  const cached = BigInt(call.usage.cachedTokens);
  const uncached = BigInt(call.usage.promptTokens) - cached;
  return (
    uncached * picoPerToken(price.inputUsdPerMTok) +
    cached * picoPerToken(price.cachedInputUsdPerMTok ?? price.inputUsdPerMTok) +
    BigInt(call.usage.completionTokens) * picoPerToken(price.outputUsdPerMTok)
  );
}

/** Total billed cost of some calls: exact pico-USD, and micro-USD (rounded half up) for comparison. */
export function trueCost(calls: readonly FakeCall[]): { pico: bigint; micro: number; usd: number } {
  const pico = calls.reduce((sum, call) => sum + callCostPico(call), BigInt(0));
  const micro = Number((pico + PICO_PER_MICRO / BigInt(2)) / PICO_PER_MICRO);
  return { pico, micro, usd: Number(pico) / 1e12 };
}

/** Calls grouped by the request marker their user message carries (`[req:marker] …`). */
export function groupByMarker(calls: readonly FakeCall[]): Map<string, FakeCall[]> {
  const groups = new Map<string, FakeCall[]>();
  for (const call of calls) {
    const marker = /\[req:([^\]]+)\]/.exec(callText(call))?.[1];
    if (marker) groups.set(marker, [...(groups.get(marker) ?? []), call]);
  }
  return groups;
}
