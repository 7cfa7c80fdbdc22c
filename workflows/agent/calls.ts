/**
 * Runs a step's tool calls as tool activities, in parallel. Denied calls and tools that keep failing become results
 * the model reads. Each call carries its stable id (job, step, call) so a tool can make a side effect idempotent:
 * a tool activity runs at least once, and again when its worker dies mid-call.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ToolActivity } from '../../activities/agent/tools';
import type { JsonValue } from '../definitions';
import {
  toolActivityName,
  type AgentInput,
  type AgentCarry,
  type PendingCall,
  type ToolResultEntry,
  type ToolResultRef,
} from './definitions';
import { denialResult } from './outcomes';
import { callSummary } from './view';

const DEFAULT_TOOL_TIMEOUT_MS = 60_000;

/** The id a tool sees as `ToolContext.callId`: the job (workflow id and its first run), the step and the call. */
export function toolCallId(workflowId: string, firstRunId: string, call: Pick<PendingCall, 'id'>): string {
  return `${workflowId}/${firstRunId}/${call.id}`;
}

export async function runCalls(
  input: AgentInput,
  carry: AgentCarry,
  calls: readonly PendingCall[],
  claimCheck: boolean,
): Promise<ToolResultEntry[]> {
  const { workflowId, firstExecutionRunId } = workflowInfo();
  return Promise.all(
    calls.map(async (call): Promise<ToolResultEntry> => {
      if (call.decision === 'denied') return { call, result: denialResult(call) };
      const spec = carry.tools.find((tool) => tool.name === call.tool);
      const activities = proxyActivities<Record<string, ToolActivity>>({
        startToCloseTimeout: spec?.timeoutMs ?? input.agent.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS,
        retry: { maximumAttempts: input.agent.toolTries ?? 3, initialInterval: '1 second', nonRetryableErrorTypes: [] },
        summary: callSummary(carry.steps, call),
      });
      const run = activities[toolActivityName(call.tool)]!;
      const callId = toolCallId(workflowId, firstExecutionRunId, call);
      try {
        // Claim check: the tool keeps its result in the store and returns a reference.
        if (claimCheck)
          return { call, ref: ((await run(call.arguments, { claim: true, callId })) as ToolResultRef).ref };
        return { call, result: (await run(call.arguments, { callId })) as JsonValue };
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        const cause = error.cause;
        const message = cause instanceof ApplicationFailure ? cause.message : (cause?.message ?? error.message);
        return { call, result: { error: message } };
      }
    }),
  );
}
