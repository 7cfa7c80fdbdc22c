/**
 * The fake provider's state, shared by its routes: the models' scripts, the call log, the batch store. One object,
 * handed to each route, instead of a closure over the whole server.
 */
import type { FakeBatchStore } from './fake-batches';
import { costMicroUsd } from '../catalog/pricing';
import type { FakeBehavior, FakeBill, FakeCall, FakeProviderOptions } from './fake-types';

export interface ModelState {
  behavior: FakeBehavior;
  /** Calls since the last `setModel`: the function's `callIndex` and the queue position. */
  callIndex: number;
}

export interface FakeState {
  options: FakeProviderOptions;
  models: Map<string, ModelState>;
  calls: FakeCall[];
  callLogLimit: number;
  /** The last call's sequence number (chat calls and Files/Batches requests share it). */
  seq: number;
  batches: FakeBatchStore;
  /** Aborted on close(), so pending delays end and no timer keeps the process alive. */
  closing: AbortController;
}

/** Appends to the call log, dropping the oldest past `callLogLimit`. */
export function logCall(state: FakeState, call: FakeCall): void {
  state.calls.push(call);
  if (state.calls.length > state.callLogLimit) state.calls.splice(0, state.calls.length - state.callLogLimit);
}

/** Chat calls at list price, batch lines at the batch rate, by `state.options.prices`. */
export function bill(state: FakeState): FakeBill {
  const price = (model: string) => state.options.prices?.[model];
  const cost = (model: string, usage: FakeCall['usage'], batch: boolean) => {
    const p = price(model);
    if (!p || !usage) return 0;
    const tokens = {
      inputTokens: usage.promptTokens,
      cachedInputTokens: usage.cachedTokens,
      cacheWriteTokens: 0,
      outputTokens: usage.completionTokens,
    };
    return costMicroUsd(tokens, p, { batch });
  };
  let chatMicroUsd = 0;
  for (const call of state.calls) if (call.kind === undefined) chatMicroUsd += cost(call.model, call.usage, false);
  let batchMicroUsd = 0;
  for (const line of state.batches.lines) batchMicroUsd += cost(line.model, line.usage, true);
  return { chatMicroUsd, batchMicroUsd, totalMicroUsd: chatMicroUsd + batchMicroUsd };
}
