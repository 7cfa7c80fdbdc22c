/** The simulated models' behaviour per tier, shared by the demo and the simulated catalog. */
import type { SimProfile } from './simulated-provider';

/**
 * How each tier behaves. Cheap models fail the schema often enough that escalation pays off; every tier sees
 * an occasional overload (503) and rate limit (429, Retry-After 1 s), which fail over to the tier's next
 * provider after the retry budget.
 */
export const TIER_PROFILES: Readonly<Record<string, SimProfile>> = {
  economy: {
    passRate: 0.7,
    invalidJsonRate: 0.25,
    errorRates: { status503: 0.03, status429: 0.02, retryAfterSeconds: 1 },
    latencyMs: { mean: 1200, jitter: 600 },
  },
  standard: {
    passRate: 0.9,
    invalidJsonRate: 0.15,
    errorRates: { status503: 0.02, status429: 0.02, retryAfterSeconds: 1 },
    latencyMs: { mean: 1800, jitter: 800 },
  },
  premium: {
    passRate: 0.99,
    invalidJsonRate: 0.1,
    errorRates: { status503: 0.01, status429: 0.01, retryAfterSeconds: 1 },
    latencyMs: { mean: 3000, jitter: 1200 },
  },
};

