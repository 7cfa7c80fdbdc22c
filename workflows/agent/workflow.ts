/**
 * The agent job's driver: `decide.ts` chooses each move from the loop's state, this function runs it (a step, a
 * compression, the tool calls, a wait for a person, continue-as-new) and hands its outcome to `outcomes.ts`.
 * Signals and queries act on the same state (`handlers.ts`).
 */
import { condition, continueAsNew, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { isPatched } from '../patches';
import { jobBudget } from '../job/budget';
import type { AgentInput, AgentResult } from './definitions';
import { runCalls } from './calls';
import { WAIT_STATE, nextMove, waitIsOver, type WaitMove } from './decide';
import { publish, registerHandlers } from './handlers';
import { applyCompression, applyStep, callsRan, decisionsIn } from './outcomes';
import { AGENT_STEP_SCHEMA, stepSchema } from '../../prompts/agent';
import { carriedOn, finishJob, newCarry, startLoop } from './state';
import { runStep } from './step';
import { composePrompt, local, summarise, syncTranscript, type JobRun } from './transcript';
import { agentTotals } from './view';
import { LEDGER_MEMO_KEY, ledgerMemo } from '../job/memo';

/** Runs an agent job: cascade steps, tool activities, waits for people, a job budget and continue-as-new. */
export async function agentWorkflow(input: AgentInput): Promise<AgentResult> {
  const { agent } = input;
  // Claim check: prompts, the transcript and tool results live in the worker's store; history carries references.
  // Runs recorded before it keep their inline transcript (isPatched is false when they replay).
  const claimCheck = isPatched('agentClaimCheck');
  const loop = startLoop(input, input.carry ?? newCarry(Date.now()));
  registerHandlers(loop);
  if (!input.carry) loop.carry.tools = await local.describeAgentTools(agent.tools);
  const { carry } = loop;
  // The job budget of this run, with what earlier runs spent booked: a hard cap across every step and run.
  const budget =
    agent.limits?.maxCostUsd === undefined ? undefined : jobBudget({ maxCostUsd: agent.limits.maxCostUsd });
  budget?.book(agentTotals(carry.ledger).costMicroUsd);
  const job: JobRun = { input, loop, claimCheck, schema: stepSchema(carry.tools, agent.finalSchema), budget };

  /** A wait for a person (resume, decisions, an answer), bounded by its deadline and the job's wall time. */
  const wait = async (move: WaitMove) => {
    loop.state = WAIT_STATE[move.kind];
    publish(loop, input);
    const over = () => waitIsOver(loop, move);
    if (move.until === undefined) await condition(over);
    else await condition(over, Math.max(0, move.until - Date.now()));
    if (move.kind === 'await-approval') decisionsIn(loop, Date.now());
    else loop.state = 'running';
  };

  /** The ledger so far in the run's memo, shown by the Temporal UI with no worker running (runs since the patch). */
  const leaveMemo = (status: string) => {
    if (isPatched('agentLedgerMemo')) upsertMemo({ [LEDGER_MEMO_KEY]: ledgerMemo(carry.ledger, status) });
  };

  publish(loop, input);
  for (;;) {
    const move = nextMove(loop, { continueAsNewSuggested: workflowInfo().continueAsNewSuggested }, Date.now());
    switch (move.kind) {
      case 'finish': {
        const result = finishJob(loop, move.end, workflowInfo().workflowId);
        publish(loop, input);
        leaveMemo(`${move.end.ending} after ${carry.steps} steps`);
        return result;
      }
      case 'continue-as-new':
        leaveMemo(`run ${carry.run} continued as new after ${carry.steps} steps`);
        return continueAsNew<typeof agentWorkflow>({ ...input, carry: carriedOn(loop, claimCheck) });
      case 'wait-resume':
      case 'await-approval':
      case 'await-answer':
        await wait(move);
        break;
      case 'run-calls':
        callsRan(loop, await runCalls(input, carry, move.calls, claimCheck), claimCheck);
        if (claimCheck) await syncTranscript(job);
        publish(loop, input);
        break;
      case 'compose':
        loop.prompt = await composePrompt(job);
        break;
      case 'compress': {
        const { outcome, keepRef } = await summarise(job, move.fold);
        applyCompression(loop, outcome, move.keep, keepRef);
        if (!loop.end) publish(loop, input);
        break;
      }
      case 'step': {
        const outcome = await runStep({
          task: agent.task,
          step: `step ${carry.steps + 1}`,
          schemaName: AGENT_STEP_SCHEMA,
          schema: job.schema,
          ...move.prompt.prompt,
          budget,
          expectedCatalogFingerprint: input.expectedCatalogFingerprint,
        });
        applyStep(loop, outcome, Date.now());
        if (!loop.end) publish(loop, input);
        break;
      }
    }
  }
}
