/**
 * The classifier start tier, as pure functions: the small model's prompt and schema, whether its call fits the
 * budget, and the start tier its answer (or its failure) gives. Sandbox-safe: the workflow decides with it, the
 * worker's planner builds the prompt with it. Unit-tested in test/unit/classify.test.ts.
 */
import { formatMicroUsd, worstCaseMicroUsd } from '../catalog/pricing';
import type { CandidatePlan } from './types';

/** The ledger's tier name (and the report's group) of a classifier call. */
export const CLASSIFY_TIER = 'classify';
/** Default max_tokens of the classifier's answer: a tier name and one sentence. */
export const CLASSIFY_MAX_OUTPUT_TOKENS = 200;
/** The request text the classifier reads at most: it needs the gist, not the whole document. */
export const CLASSIFY_MAX_INPUT_CHARS = 6_000;

/** A message of the classifier's conversation (the shape of a request's messages; request.ts imports this file). */
export interface ClassifyMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What planning adds to a request whose start no rule decided: the classifier's call, ready to run. */
export interface ClassifyPlan {
  /** The classifier's models, tried in order: the next only when one gives no answer (down, throttled, refused). */
  candidates: CandidatePlan[];
  /** Tier names it may answer, cheapest first. */
  tiers: string[];
  messages: ClassifyMessage[];
  maxOutputTokens: number;
  /** Prompt tokens of the classifier's call, for its budget reservation. */
  estimatedInputTokens: number;
  /** Where the cascade starts when the classifier gives no usable answer: what the rules give (the first tier). */
  fallbackTier: number;
}

/** The classifier's answer schema: one of the tiers it may choose, and why. */
export function classifySchema(tiers: readonly string[]): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      tier: { type: 'string', enum: [...tiers], description: 'the cheapest tier likely to answer correctly' },
      reason: { type: 'string', maxLength: 300, description: 'one short sentence' },
    },
    required: ['tier', 'reason'],
    additionalProperties: false,
  };
}

const DEFAULT_INSTRUCTIONS =
  'You route requests to model tiers. Cheaper tiers are small models: fine for short, routine requests; ' +
  'pricier tiers are stronger models for long, ambiguous or multi-step requests.';

/** The classifier's conversation: the tiers, the rule to apply, and the request's text (shortened). */
export function classifyMessages(
  task: string,
  tiers: readonly string[],
  request: readonly ClassifyMessage[],
  instructions: string = DEFAULT_INSTRUCTIONS,
): ClassifyMessage[] {
  const text = request
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n\n');
  const shown = text.length > CLASSIFY_MAX_INPUT_CHARS ? `${text.slice(0, CLASSIFY_MAX_INPUT_CHARS)} […]` : text;
  return [
    {
      role: 'system',
      content:
        `${instructions}\nTask type: ${task}. Tiers, cheapest first: ${tiers.join(', ')}.\n` +
        'Answer with JSON {"tier": …, "reason": …}: the cheapest tier likely to answer this request correctly.',
    },
    { role: 'user', content: shown },
  ];
}

/** Whether the classifier's call fits what the request may still spend (checked like any attempt). */
export function classifyCall(
  plan: Pick<ClassifyPlan, 'estimatedInputTokens' | 'maxOutputTokens'>,
  candidate: CandidatePlan,
  leftMicroUsd: number | undefined,
): { call: true; reservedMicroUsd: number } | { call: false; why: string } {
  const reserved = worstCaseMicroUsd(candidate.price, plan.estimatedInputTokens, plan.maxOutputTokens);
  if (leftMicroUsd !== undefined && reserved > leftMicroUsd) {
    return {
      call: false,
      why: `over budget (worst case ${formatMicroUsd(reserved)}, ${formatMicroUsd(leftMicroUsd)} left)`,
    };
  }
  return { call: true, reservedMicroUsd: reserved };
}

/** The start tier a classification gives, and a line saying how it was chosen (the ledger row and the UI show it). */
export interface ClassifyDecision {
  tierIndex: number;
  /** True when the classifier's answer chose the tier; false when the rules' fallback did. */
  classified: boolean;
  detail: string;
}

/**
 * The start tier from the classifier's call: its answer's tier when the call validated and names a tier it may
 * choose; otherwise (no call, a failed call, an unknown tier) the fallback, saying why.
 */
export function classifiedStartTier(
  routeTiers: readonly string[],
  plan: Pick<ClassifyPlan, 'tiers' | 'fallbackTier'>,
  answer: { outcome: string; output?: unknown } | { skipped: string },
): ClassifyDecision {
  const fallbackName = routeTiers[plan.fallbackTier] ?? String(plan.fallbackTier);
  const fallback = (why: string): ClassifyDecision => ({
    tierIndex: plan.fallbackTier,
    classified: false,
    detail: `classifier ${why}: start at ${fallbackName} (rules)`,
  });
  if ('skipped' in answer) return fallback(`skipped, ${answer.skipped}`);
  if (answer.outcome !== 'ok') return fallback(`failed (${answer.outcome})`);
  const output = answer.output as { tier?: unknown; reason?: unknown } | null | undefined;
  const tier = typeof output?.tier === 'string' ? output.tier : undefined;
  const index = tier === undefined ? -1 : routeTiers.indexOf(tier);
  if (tier === undefined || index < 0 || !plan.tiers.includes(tier))
    return fallback(`answered an unknown tier ${JSON.stringify(tier ?? null)}`);
  const reason = typeof output?.reason === 'string' ? output.reason.slice(0, 120) : '';
  return { tierIndex: index, classified: true, detail: `classified: start at ${tier}${reason ? ` (${reason})` : ''}` };
}
