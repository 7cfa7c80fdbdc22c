/**
 * What each move's outcome and each signal does to the agent loop's state, as pure functions (no Temporal
 * imports): a step's answer, a compression, the end of a wait for decisions, the tool calls' results, a person's
 * message or decision. Unit-tested without a server in test/unit/agent-loop.test.ts.
 */
import type { AttemptRecord, BlobRef, JsonValue } from '../definitions';
import type { AgentPurpose, ApprovalDecision, PendingCall, ToolResultEntry, Turn } from './definitions';
import { callLabel, toolResultsText, type StepAction } from '../../prompts/agent';
import { undecidedCalls, wallTimeOver, type AgentLoop, type JobEnd } from './state';
import type { StepOutcome } from './step';

/** Ledger rows of a step (or compression) join the job's ledger, numbered across the job and named by step. */
export function addRows(loop: AgentLoop, rows: readonly AttemptRecord[], purpose: AgentPurpose): void {
  const { carry } = loop;
  const agentStep = carry.steps + (purpose === 'step' ? 1 : 0);
  for (const row of rows) carry.ledger.push({ ...row, seq: carry.ledger.length + 1, agentStep, purpose });
}

function failed(outcome: Extract<StepOutcome, { ok: false }>): JobEnd {
  return { ending: outcome.failure === 'budget' ? 'budget_exhausted' : 'failed', reason: outcome.reason };
}

/** A step's outcome: the model's action joins the transcript, and ends the job, asks, or asks for tool calls. */
export function applyStep(loop: AgentLoop, outcome: StepOutcome, now: number): void {
  const { carry, limits } = loop;
  loop.prompt = undefined;
  addRows(loop, outcome.attempts, 'step');
  if (!outcome.ok) {
    loop.end = failed(outcome);
    return;
  }
  carry.steps += 1;
  const action = outcome.output as StepAction;
  carry.turns.push({ role: 'assistant', kind: 'action', content: JSON.stringify(action), step: carry.steps });
  if (action.action === 'final') {
    loop.end = { ending: 'done', answer: action.answer };
  } else if (action.action === 'ask_user') {
    carry.question = action.question;
    loop.lastAction = `asked: ${action.question.slice(0, 80)}`;
  } else {
    carry.pending = action.calls.map((call, index) => ({
      id: `s${carry.steps}c${index + 1}`,
      tool: call.tool,
      arguments: call.arguments,
      needsApproval: limits.approvalTools.includes(call.tool),
    }));
    if (carry.pending.some((call) => call.needsApproval) && limits.approvalTimeoutMs !== undefined) {
      carry.approvalDeadlineMs = now + limits.approvalTimeoutMs;
    }
    loop.lastAction = carry.pending.map((call) => callLabel(call)).join(', ');
  }
}

/** A compression's outcome: the older turns become the summary, the recent ones stay (`keepRef`: stored). */
export function applyCompression(loop: AgentLoop, outcome: StepOutcome, keep: Turn[], keepRef?: BlobRef): void {
  const { carry } = loop;
  loop.prompt = undefined;
  addRows(loop, outcome.attempts, 'compression');
  if (!outcome.ok) {
    loop.end = failed(outcome);
    return;
  }
  carry.summary = (outcome.output as { summary: string }).summary;
  carry.turns = keep;
  if (keepRef) carry.transcriptRef = keepRef;
  carry.compressions += 1;
}

/**
 * A wait for decisions ended. Ended by a cancel, or by the wall time with calls undecided: the next move ends the
 * job. Otherwise the calls run now, and those still undecided (their deadline passed) get the agent's default.
 */
export function decisionsIn(loop: AgentLoop, now: number): void {
  const waiting = undecidedCalls(loop.carry);
  if (loop.cancelReason !== undefined || (waiting.length > 0 && wallTimeOver(loop, now))) return;
  for (const call of waiting)
    Object.assign(call, { decision: loop.limits.defaultDecision, decidedBy: 'default after timeout' });
  loop.state = 'running';
  loop.decided = true;
}

/** What a denied call tells the model, in place of a result. */
export function denialResult(call: PendingCall): JsonValue {
  const why = call.decidedBy === 'person' ? 'a person denied this call' : 'no decision in time: denied by default';
  return { denied: true, reason: call.note ? `${why}: ${call.note}` : why };
}

/**
 * The calls ran: their results become one turn (claim check: results by reference, its text written to the stored
 * transcript by the next sync), and nothing is pending any more.
 */
export function callsRan(loop: AgentLoop, results: ToolResultEntry[], claimCheck: boolean): void {
  const { carry } = loop;
  if (claimCheck) carry.turns.push({ role: 'user', kind: 'tool_results', content: '', step: carry.steps, results });
  else {
    const inline = results.map(({ call, result }) => ({ call, result: result ?? null }));
    carry.turns.push({ role: 'user', kind: 'tool_results', content: toolResultsText(inline), step: carry.steps });
  }
  carry.pending = [];
  carry.approvalDeadlineMs = undefined;
  loop.decided = false;
}

/** A person's message: a turn of the transcript, and the answer to the question asked, if any. */
export function receiveMessage(loop: AgentLoop, text: string): void {
  loop.carry.turns.push({ role: 'user', kind: 'message', content: text, step: loop.carry.steps });
  loop.carry.question = undefined;
}

/** A person's decision on the call `callId`, or on every call waiting for one. */
export function decideCalls(
  loop: AgentLoop,
  decision: ApprovalDecision,
  args: { callId?: string; note?: string },
): void {
  for (const call of undecidedCalls(loop.carry)) {
    if (args.callId !== undefined && args.callId !== call.id) continue;
    Object.assign(call, { decision, decidedBy: 'person', ...(args.note ? { note: args.note } : {}) });
  }
}
