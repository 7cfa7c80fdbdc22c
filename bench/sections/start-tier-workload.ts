/**
 * The start-tier benchmark's workload: three tiers of real default-catalog prices whose models pass by difficulty,
 * the start policies compared, the benchmark's catalog, and the oracle's start (the cascade arithmetic).
 */
import { defaultCatalog } from '../../catalog/node/load';
import { parseCatalog } from '../../catalog/node/parse';
import { priceAt } from '../../catalog/pricing';
import type { Catalog } from '../../catalog/types';
import type { SimProfile } from '../../sim/simulated-provider';
import { bestStart } from '../../cli/tune/cascade-math';

export const TIERS = ['economy', 'standard', 'premium'] as const;
/** Real default-catalog models whose prices each tier (and the classifier) borrows. */
export const MODELS = {
  economy: 'mistral/mistral-small-latest',
  standard: 'gemini/gemini-2.5-flash',
  premium: 'openai/gpt-4o',
  classifier: 'openai/gpt-4o-mini',
} as const;
/** Pass rate of each tier's model on easy, medium and hard items. */
export const PASS_BY_DIFFICULTY: Record<(typeof TIERS)[number], number[]> = {
  economy: [0.95, 0.5, 0.05],
  standard: [0.98, 0.9, 0.1],
  premium: [0.99, 0.97, 0.93],
};
/** Completion tokens billed per answer: a multi-field extraction; the classifier's answers are counted. */
export const ANSWER_TOKENS = 600;
/** Classifier accuracies on the difficulty level (a wrong guess is a neighbouring level). */
export const ACCURACIES = [0.85, 0.95] as const;
/** The rule a team would write: dispute-like words → premium. */
export const RULES = [{ tier: 'premium', inputMatches: 'disputed|credit note|reconcil' }];
/**
 * The classifier may choose economy or premium: by the arithmetic (and the oracle) standard is never the cheapest
 * start on this workload. `classifier` is the model key (its accuracy).
 */
export const CLASSIFY_TIERS = ['economy', 'premium'];
export const POLICIES = [
  { key: 'fixed', label: 'fixed start at economy', rules: false },
  { key: 'rules', label: 'start rules only (keywords)', rules: true },
  { key: 'classifier-85', label: 'classifier only, 85 % accurate', rules: false, classifier: 0 },
  { key: 'classifier-95', label: 'classifier only, 95 % accurate', rules: false, classifier: 1 },
  { key: 'rules-classifier-95', label: 'rules, then classifier (95 %)', rules: true, classifier: 1 },
  { key: 'oracle', label: 'oracle (knows the difficulty)', rules: false },
] as const;

export type Role = keyof typeof MODELS;
export const ref = (role: Role, suffix = '') =>
  `${MODELS[role].split('/')[0]}/st${suffix}.${MODELS[role].split('/')[1]}`;
export const classifierRef = (index: number) => ref('classifier', String(index));
export const modelId = (fullRef: string) => fullRef.slice(fullRef.indexOf('/') + 1);

export function catalogFor(baseURL: string): Catalog {
  const models: Record<string, unknown> = {};
  const refs: [string, Role][] = [
    ...TIERS.map((tier) => [ref(tier), tier] as [string, Role]),
    ...ACCURACIES.map((_, index) => [classifierRef(index), 'classifier'] as [string, Role]),
  ];
  for (const [modelRef, role] of refs) {
    const { inputUsdPerMTok, outputUsdPerMTok, source, effectiveFrom } = priceOf(role);
    models[modelRef] = {
      contextWindow: 128_000,
      maxOutputTokens: 4_096,
      prices: [{ inputUsdPerMTok, outputUsdPerMTok, source, effectiveFrom }],
    };
  }
  const tiers = TIERS.map((name) => ({ name, candidates: [ref(name)] }));
  const routes = Object.fromEntries(
    POLICIES.map((policy) => [
      policy.key,
      {
        tiers,
        ...(policy.rules && { startRules: RULES }),
        ...('classifier' in policy && { classify: { model: classifierRef(policy.classifier), tiers: CLASSIFY_TIERS } }),
      },
    ]),
  );
  return parseCatalog(
    {
      providers: Object.fromEntries(
        Object.values(MODELS).map((real) => [real.split('/')[0], { baseURL, structuredOutput: 'json_schema' }]),
      ),
      models,
      routes,
      // One try per candidate and no repairs: each policy makes exactly the calls its start tier implies.
      tierDefaults: {
        repairAttempts: 0,
        triesPerCandidate: 1,
        timeoutMs: 30_000,
        maxRetryAfterMs: 5_000,
        maxOutputTokens: 512,
      },
    },
    'start-tier benchmark catalog',
  );
}

function priceOf(role: Role) {
  return priceAt(defaultCatalog().models[MODELS[role]]!, new Date().toISOString());
}

/** Mean cost of one answer of a tier, micro-USD: ~300 prompt tokens (instructions, schema, item) and the answer. */
function answerMicroUsd(tier: (typeof TIERS)[number]): number {
  const price = priceOf(tier);
  return 300 * price.inputUsdPerMTok + ANSWER_TOKENS * price.outputUsdPerMTok;
}

/** The oracle's start for a difficulty: the lowest expected cost per valid result (the cascade arithmetic). */
export function oracleStart(difficulty: number): string {
  const tiers = TIERS.map((tier) => ({
    passRate: PASS_BY_DIFFICULTY[tier][difficulty]!,
    costMicroUsd: answerMicroUsd(tier),
  }));
  return TIERS[bestStart(tiers).best.start]!;
}

export function profile(passRateByDifficulty: number[] | undefined, seed: number, classifyAccuracy = 0.9): SimProfile {
  return { passRate: 0.9, passRateByDifficulty, classifyAccuracy, completionTokens: ANSWER_TOKENS, seed };
}
