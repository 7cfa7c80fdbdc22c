/**
 * What an agent job answers and shows: its signal and query handlers, registered once and acting on the loop's one
 * state object (through the pure functions of `state.ts`), and what it publishes to the Temporal UI (Current
 * Details, search attributes) after each move.
 */
import { setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { agentAttributes } from '../definitions/search-attributes';
import { cancelReasonOf } from '../definitions/control';
import {
  agentLedgerQuery,
  agentStatusQuery,
  approveSignal,
  cancelAgentSignal,
  denySignal,
  pauseSignal,
  resumeSignal,
  sendMessageSignal,
  transcriptQuery,
  type AgentInput,
} from './definitions';
import { decideCalls, receiveMessage } from './outcomes';
import { TRANSCRIPT_TAIL, agentStatus, jobLedger, type AgentLoop } from './state';
import { agentDetails } from './view';

export function registerHandlers(loop: AgentLoop): void {
  setHandler(agentStatusQuery, () => agentStatus(loop), {
    description: 'State, step, cost so far, pending approval or question',
  });
  setHandler(
    transcriptQuery,
    (n?: number) => ({ summary: loop.carry.summary, turns: loop.carry.turns.slice(-(n ?? TRANSCRIPT_TAIL)) }),
    { description: 'The last n turns (default 20) and the summary of the earlier ones' },
  );
  // The job's one `ledger`: its steps' cascades record into silent recorders, so nothing else registers it.
  setHandler(agentLedgerQuery, () => jobLedger(loop), {
    description: 'Every attempt of every step of this job, with totals',
  });
  setHandler(sendMessageSignal, ({ text }) => receiveMessage(loop, text));
  setHandler(approveSignal, (args) => decideCalls(loop, 'approved', args));
  setHandler(denySignal, (args) => decideCalls(loop, 'denied', args));
  setHandler(pauseSignal, () => void (loop.carry.paused = true));
  setHandler(resumeSignal, () => void (loop.carry.paused = false));
  setHandler(
    cancelAgentSignal,
    (payload) => void (loop.cancelReason = cancelReasonOf(payload) ?? 'cancelled by a person'),
  );
}

/** Current Details, and the search attributes that list jobs by state, cost and latest model. */
export function publish(loop: AgentLoop, input: AgentInput): void {
  const status = agentStatus(loop);
  setCurrentDetails(agentDetails(input.agent.name, status, loop.carry));
  if (input.searchAttributes === false) return;
  const last = loop.carry.ledger[loop.carry.ledger.length - 1];
  upsertSearchAttributes(
    agentAttributes({
      agent: input.agent.name,
      costUsd: status.costUsd,
      steps: status.step,
      state: status.ending ?? status.state,
      sessionId: input.metadata?.sessionId,
      last,
    }),
  );
}
