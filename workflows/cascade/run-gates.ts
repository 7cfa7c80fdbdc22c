/**
 * Runs a tier's quality gates on an answer that validated and passed its checks: the verifier's call and the
 * agreement gate's second answer, each a billed attempt in the ledger (gates.ts decides what each says).
 */
import { promptTokensFor } from '../../routing/media';
import { worstCaseMicroUsd } from '../../catalog/pricing';
import { formatCheckFailure } from '../../catalog/checks';
import type { CandidatePlan } from '../../routing/types';
import { VERDICT_MAX_TOKENS, VERDICT_SCHEMA, verifierMessages } from '../../prompts/verifier';
import {
  ledgerCostMicroUsd,
  type AttemptRecord,
  type CallModelResult,
  type CascadeInput,
  type GateReason,
} from '../definitions';
import { attempt, type AttemptOverride, type Spending } from './attempt';
import type { CallStep } from './decide';
import { agreementPartner, gateFailures } from './gates';
import { gateDecision, recordGate } from './gate-telemetry';

/**
 * Accepted: true (also when a gate cannot run: over budget, or its call failed without a verdict). Rejected: the
 * answer's row becomes `check_failed` naming the gate, the gate's row is last in the ledger, and `nextStep`
 * escalates.
 */
export async function passesGates(
  input: CascadeInput,
  step: CallStep,
  answerRow: AttemptRecord,
  answer: CallModelResult,
  ledger: AttemptRecord[],
  money: Spending,
): Promise<boolean> {
  const tier = input.route.tiers[step.tierIndex]!;
  const gates: { reason: GateReason; candidate: CandidatePlan }[] = [];
  if (tier.verifier) gates.push({ reason: 'verify', candidate: tier.verifier });
  const partner = agreementPartner(tier, step.candidateIndex);
  if (partner) gates.push({ reason: 'agreement', candidate: partner });
  for (const gate of gates) {
    const verify = gate.reason === 'verify';
    const maxOutputTokens = verify ? VERDICT_MAX_TOKENS : step.maxOutputTokens;
    const reserved = worstCaseMicroUsd(
      gate.candidate.price,
      promptTokensFor(input.estimatedInputTokens * 2, gate.candidate),
      maxOutputTokens,
    );
    const limit = money.limit();
    if (limit !== undefined && reserved > limit - ledgerCostMicroUsd(ledger)) {
      recordGate({ input, gate: gate.reason, decision: 'no_verdict', answer: answerRow });
      continue;
    }
    const gateStep: CallStep = {
      ...step,
      reason: gate.reason,
      reasonDetail: verify ? `verify the answer of ${answerRow.ref}` : `second answer to agree with ${answerRow.ref}`,
      maxOutputTokens,
      reservedMicroUsd: reserved,
    };
    const override: AttemptOverride = verify
      ? {
          candidate: gate.candidate,
          // A conversation by reference: the activity reads the source and builds the same verifier prompt.
          ...(input.messagesRef
            ? { verifierFor: answer.output ?? null }
            : { messages: verifierMessages(input.messages, answer.output ?? null) }),
          schema: VERDICT_SCHEMA,
          checks: undefined,
        }
      : { candidate: gate.candidate };
    const held = money.budget?.reserve(reserved);
    const { record, result } = await attempt(input, gateStep, ledger.length + 1, undefined, override, money.request);
    if (held) money.budget!.settle(held, record.costMicroUsd);
    money.add(record);
    const failures = gateFailures(gate.reason, answer, result, record.ref, tier.agreement?.fields ?? []);
    recordGate({
      input,
      gate: gate.reason,
      decision: gateDecision(failures),
      answer: answerRow,
      judge: record,
      failures,
    });
    if (failures === undefined || failures.length === 0) continue; // accepted, or the gate could not judge
    const errors = failures.map(formatCheckFailure);
    Object.assign(answerRow, {
      outcome: 'check_failed',
      failedChecks: failures,
      validationErrors: errors,
      error: errors.slice(0, 3).join('; '),
    });
    if (record.outcome === 'ok') {
      Object.assign(record, {
        outcome: 'check_failed',
        failedChecks: failures,
        validationErrors: errors,
        error: errors.slice(0, 3).join('; '),
      });
    }
    return false;
  }
  return true;
}
