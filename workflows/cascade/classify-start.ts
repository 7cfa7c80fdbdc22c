/**
 * The classifier start: before the first attempt, the route's small model is asked which tier the request needs.
 * Its call is a billed attempt like any other (reason `classify`, budget-checked first); the decision itself is
 * pure (routing/classify).
 */
import type { CandidatePlan, TierPlan } from '../../routing/types';
import { CLASSIFY_TIER, classifiedStartTier, classifyCall, classifySchema } from '../../routing/classify';
import { ledgerCostMicroUsd, type AttemptRecord, type CascadeInput } from '../definitions';
import { attempt, type Spending } from './attempt';
import type { CallStep } from './decide';

/**
 * Asks the route's small model which tier this request needs and returns the start tier: its answer's, or the
 * rules' when it cannot give one.
 */
export async function classifyStart(input: CascadeInput, ledger: AttemptRecord[], money: Spending) {
  const plan = input.classify!;
  const tierNames = input.route.tiers.map((tier) => tier.name);
  let answer: Parameters<typeof classifiedStartTier>[2] = { skipped: 'no classifier model' };
  for (const candidate of plan.candidates) {
    const room = money.limit();
    const call = classifyCall(plan, candidate, room === undefined ? undefined : room - ledgerCostMicroUsd(ledger));
    if (!call.call) {
      answer = { skipped: call.why };
      break;
    }
    const { record, result } = await classifyAttempt(input, plan, candidate, call.reservedMicroUsd, ledger, money);
    answer = { outcome: record.outcome, output: result?.output };
    const last = candidate === plan.candidates[plan.candidates.length - 1];
    // An answer (valid or not) was paid for and ends the classification; no answer tries the next model.
    if (record.billed || last) {
      const decision = classifiedStartTier(tierNames, plan, answer);
      money.add({ ...record, reasonDetail: decision.detail });
      return decision;
    }
    money.add({ ...record, reasonDetail: `classifier ${record.outcome}: next classifier model` });
  }
  return classifiedStartTier(tierNames, plan, answer);
}

/** One classifier call, as a one-candidate tier of its own with the first tier's timeouts and retries. */
async function classifyAttempt(
  input: CascadeInput,
  plan: NonNullable<CascadeInput['classify']>,
  candidate: CandidatePlan,
  reservedMicroUsd: number,
  ledger: AttemptRecord[],
  money: Pick<Spending, 'budget' | 'request'>,
) {
  const tier: TierPlan = {
    name: CLASSIFY_TIER,
    candidates: [candidate],
    options: { ...input.route.tiers[0]!.options, maxOutputTokens: plan.maxOutputTokens, repairAttempts: 0 },
  };
  const step: CallStep = {
    kind: 'call',
    tierIndex: 0,
    candidateIndex: 0,
    reason: 'classify',
    reasonDetail: `which tier does this request need (${plan.tiers.join(', ')})`,
    maxOutputTokens: plan.maxOutputTokens,
    reservedMicroUsd,
  };
  const classifyInput: CascadeInput = {
    ...input,
    route: { ...input.route, tiers: [tier], startTier: 0 },
    schema: { name: 'start_tier', jsonSchema: classifySchema(plan.tiers) as CascadeInput['schema']['jsonSchema'] },
    messages: plan.messages,
    estimatedInputTokens: plan.estimatedInputTokens,
    checks: undefined,
  };
  const held = money.budget?.reserve(reservedMicroUsd);
  const { record, result } = await attempt(classifyInput, step, ledger.length + 1, undefined, {}, money.request);
  if (held) money.budget!.settle(held, record.costMicroUsd);
  // Outside the route's tiers: the cascade's decisions never take this row for an attempt of a tier.
  return { record: { ...record, tierIndex: -1, candidateIndex: -1 }, result };
}
