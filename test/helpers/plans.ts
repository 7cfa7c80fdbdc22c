/** Builders for routes and ledger rows in pure tests. */
import type { ModelPrice, TierOptions } from '../../catalog/types';
import type { CandidatePlan, RoutePlan } from '../../routing/types';
import type { AttemptOutcome, AttemptRecord } from '../../workflows/definitions';
import { BILLED_OUTCOMES } from '../../workflows/definitions';

export const TEST_PRICE: ModelPrice = {
  inputUsdPerMTok: 1,
  outputUsdPerMTok: 2,
  source: 'test',
  effectiveFrom: '2025-01-01',
};

export function candidate(ref: string, overrides: Partial<CandidatePlan> = {}): CandidatePlan {
  const [provider, ...model] = ref.split('/');
  return {
    ref,
    provider: provider!,
    model: model.join('/'),
    structuredOutput: 'json_schema',
    contextWindow: 100_000,
    maxOutputTokens: 1_000,
    price: TEST_PRICE,
    ...overrides,
  };
}

export const TEST_TIER_OPTIONS: TierOptions = {
  repairAttempts: 0,
  triesPerCandidate: 2,
  timeoutMs: 5_000,
  maxRetryAfterMs: 10_000,
};

/** A route from `[[tierName, [refs…]], …]`. */
export function route(tiers: [string, (string | CandidatePlan)[], Partial<TierOptions>?][], startTier = 0): RoutePlan {
  return {
    task: 'test',
    startTier,
    tiers: tiers.map(([name, refs, options]) => ({
      name,
      candidates: refs.map((r) => (typeof r === 'string' ? candidate(r) : r)),
      options: { ...TEST_TIER_OPTIONS, ...options },
    })),
  };
}

/** A ledger row for the candidate at (tierIndex, candidateIndex) of a route. */
export function row(
  plan: RoutePlan,
  tierIndex: number,
  candidateIndex: number,
  outcome: AttemptOutcome,
  extra: Partial<AttemptRecord> = {},
): AttemptRecord {
  const tier = plan.tiers[tierIndex]!;
  const c = tier.candidates[candidateIndex]!;
  const billed = (BILLED_OUTCOMES as readonly string[]).includes(outcome);
  return {
    seq: 1,
    tier: tier.name,
    tierIndex,
    candidateIndex,
    ref: c.ref,
    provider: c.provider,
    model: c.model,
    reason: 'first',
    reasonDetail: '',
    outcome,
    billed,
    usage: { inputTokens: billed ? 100 : 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: billed ? 50 : 0 },
    costMicroUsd: billed ? 200 : 0,
    costUsd: billed ? 0.0002 : 0,
    latencyMs: 10,
    tries: 1,
    maxOutputTokens: 1_000,
    priceSource: 'test',
    priceEffectiveFrom: '2025-01-01',
    ...extra,
  };
}
