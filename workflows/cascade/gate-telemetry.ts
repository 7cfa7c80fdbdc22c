/**
 * What the operator sees of a quality gate's decision. The answer's own `callModel` attempt has already been
 * logged and counted as `ok` by the activity when the workflow runs the gate, so the workflow reports the
 * decision itself: one `llm_gate` log line and one sample of `llm_cascade_gate_decisions` per gate. Both are
 * replay-aware (the SDK drops workflow logs and metrics while replaying), so a decision is reported once.
 */
import { log, metricMeter } from '@temporalio/workflow';
import { problemLabel, type CheckFailure } from '../../catalog/checks';
import type { AttemptRecord, CascadeInput, GateReason } from '../definitions';

/** The workflow-side metric (docs/metrics.md). */
export const GATE_DECISIONS_METRIC = 'llm_cascade_gate_decisions';

/** accepted: the gate let the answer through; rejected: it failed the answer (escalation); no_verdict: it could not judge. */
export type GateDecision = 'accepted' | 'rejected' | 'no_verdict';

/** A gate's failures as a decision: none to judge by (`undefined`), none found, or some. */
export function gateDecision(failures: readonly CheckFailure[] | undefined): GateDecision {
  if (failures === undefined) return 'no_verdict';
  return failures.length > 0 ? 'rejected' : 'accepted';
}

export interface GateEvent {
  input: CascadeInput;
  gate: GateReason;
  decision: GateDecision;
  /** The answer's ledger row (the model whose answer was judged). */
  answer: AttemptRecord;
  /** The gate's own ledger row (the verifier or the second candidate); none when the gate did not run. */
  judge?: AttemptRecord;
  failures?: readonly CheckFailure[];
}

export function recordGate(event: GateEvent): void {
  const { input, answer } = event;
  const tags = {
    task: input.task,
    tier: answer.tier,
    provider: answer.provider,
    model: answer.ref,
    gate: event.gate,
    decision: event.decision,
  };
  metricMeter
    .createCounter(GATE_DECISIONS_METRIC, 'answers', 'Quality gate decisions on answers that validated')
    .add(1, tags);
  const fields = {
    event: 'llm_gate',
    ...tags,
    judge: event.judge?.ref,
    answerSeq: answer.seq,
    judgeSeq: event.judge?.seq,
    // Check and field only: problem texts quote values from the document or the answer (the ledger keeps them).
    problems: event.failures?.map(problemLabel),
    sessionId: input.metadata?.sessionId,
  };
  if (event.decision === 'rejected') log.warn('llm_gate', fields);
  else log.info('llm_gate', fields);
}
