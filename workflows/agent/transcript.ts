/**
 * The job's transcript and prompts: built in the workflow (jobs started before the claim check), or kept in the
 * worker's claim-check store by local activities, so history carries references, sizes and previews only.
 */
import { proxyLocalActivities } from '@temporalio/workflow';
import type { AgentLocalActivities } from '../../activities/agent/local';
import type { BlobRef, JsonObject } from '../definitions';
import type { JobBudget } from '../job/budget';
import type { AgentInput, Turn } from './definitions';
import { SUMMARY_SCHEMA, compressionMessages, stepMessages } from '../../prompts/agent';
import type { AgentLoop, ComposedPrompt } from './state';
import { runStep, type StepOutcome } from './step';

// Local activities: their inputs (a whole prompt, whole turns) never enter history, only their small results.
export const local = proxyLocalActivities<AgentLocalActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
});

/** What the transcript and prompt functions work on: one run of one job. */
export interface JobRun {
  input: AgentInput;
  loop: AgentLoop;
  /** The claim check is on (jobs started since it: `isPatched('agentClaimCheck')`). */
  claimCheck: boolean;
  /** The step schema (every tool's arguments embedded). */
  schema: JsonObject;
  budget?: JobBudget;
}

/** Writes the turns not yet in the claim-check transcript to it; the workflow keeps their previews. */
export async function syncTranscript({ loop: { carry } }: JobRun): Promise<void> {
  const unsynced = carry.turns.filter((turn) => turn.chars === undefined);
  if (unsynced.length === 0) return;
  const written = await local.appendAgentTurns({ transcriptRef: carry.transcriptRef, turns: unsynced });
  let next = 0;
  carry.turns = carry.turns.map((turn) => (turn.chars === undefined ? written.turns[next++]! : turn));
  carry.transcriptRef = written.transcriptRef;
}

/** The next step's prompt and its tokens: built here, or (claim check) written to the store by a local activity. */
export async function composePrompt(job: JobRun): Promise<ComposedPrompt> {
  const { input, schema } = job;
  const { carry } = job.loop;
  if (!job.claimCheck) {
    const messages = stepMessages(input.agent, carry.tools, input.goal, carry.turns, carry.summary);
    return { prompt: { messages }, tokens: await local.countAgentPromptTokens(messages, schema) };
  }
  await syncTranscript(job);
  const { transcriptRef, summary } = carry;
  const messagesRef = await local.composeAgentStep({
    agent: input.agent,
    tools: carry.tools,
    goal: input.goal,
    summary,
    transcriptRef,
    schema,
  });
  return { prompt: { messagesRef }, tokens: messagesRef.tokens ?? 0 };
}

/** A cheap step folds the older turns into the summary; `keepRef` is the stored transcript of the turns kept. */
export async function summarise(job: JobRun, fold: Turn[]): Promise<{ outcome: StepOutcome; keepRef?: BlobRef }> {
  const { input } = job;
  const { carry } = job.loop;
  const composed =
    job.claimCheck && carry.transcriptRef
      ? await local.composeAgentCompression({
          goal: input.goal,
          summary: carry.summary,
          transcriptRef: carry.transcriptRef,
          fold: fold.length,
        })
      : undefined;
  const outcome = await runStep({
    task: input.agent.compression?.task ?? input.agent.task,
    step: `compression ${carry.compressions + 1}`,
    schemaName: 'agent_summary',
    schema: SUMMARY_SCHEMA,
    ...(composed
      ? { messagesRef: composed.messagesRef }
      : { messages: compressionMessages(input.goal, carry.summary, fold) }),
    budget: job.budget,
    expectedCatalogFingerprint: input.expectedCatalogFingerprint,
  });
  return { outcome, keepRef: composed?.keepRef };
}
