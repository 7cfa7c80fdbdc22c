import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { AttemptRecord, BlobRef, ChatMessage, JsonObject, JsonValue } from '../definitions';
import { agentAttributes } from '../definitions/search-attributes';
import { cancelReasonOf } from '../definitions/control';
import { isPatched } from '../patches';
import {
  APPEND_TURNS_ACTIVITY,
  COMPOSE_COMPRESSION_ACTIVITY,
  COMPOSE_STEP_ACTIVITY,
  COUNT_TOKENS_ACTIVITY,
  DESCRIBE_TOOLS_ACTIVITY,
  agentLedgerQuery,
  agentStatusQuery,
  approveSignal,
  cancelAgentSignal,
  denySignal,
  pauseSignal,
  resumeSignal,
  sendMessageSignal,
  toolActivityName,
  transcriptQuery,
  type AgentCarry,
  type AgentEnding,
  type AgentInput,
  type AgentPurpose,
  type AgentResult,
  type AgentState,
  type AgentStatus,
  type AppendTurnsInput,
  type AppendTurnsResult,
  type ComposeCompressionInput,
  type ComposeCompressionResult,
  type ComposeStepInput,
  type PendingCall,
  type ToolResultEntry,
  type ToolResultRef,
  type ToolSpec,
} from './definitions';
import { jobBudget } from '../job/budget';
import {
  agentDetails,
  agentTotals,
  callSummary,
  shouldCompress,
  splitForCompression,
  withoutOldPreviews,
} from './view';
import {
  AGENT_STEP_SCHEMA,
  SUMMARY_SCHEMA,
  callLabel,
  compressionMessages,
  stepMessages,
  stepSchema,
  toolResultsText,
  type StepAction,
} from '../../prompts/agent';
import { runStep, type StepOutcome } from './step';

const DEFAULT_MAX_STEPS = 50;
const DEFAULT_CONTINUE_AS_NEW_AFTER = 200;
const DEFAULT_TOOL_TIMEOUT_MS = 60_000;
const TRANSCRIPT_TAIL = 20;

type ToolActivity = (args: JsonValue, options?: { claim: boolean }) => Promise<JsonValue | ToolResultRef>;

interface AgentLocalActivities {
  [DESCRIBE_TOOLS_ACTIVITY](names: string[]): Promise<ToolSpec[]>;
  [COUNT_TOKENS_ACTIVITY](messages: ChatMessage[], schema: JsonObject): Promise<number>;
  [APPEND_TURNS_ACTIVITY](input: AppendTurnsInput): Promise<AppendTurnsResult>;
  [COMPOSE_STEP_ACTIVITY](input: ComposeStepInput): Promise<BlobRef>;
  [COMPOSE_COMPRESSION_ACTIVITY](input: ComposeCompressionInput): Promise<ComposeCompressionResult>;
}
// Local activities: their inputs (a whole prompt, whole turns) never enter history, only their small results.
const {
  [DESCRIBE_TOOLS_ACTIVITY]: describeTools,
  [COUNT_TOKENS_ACTIVITY]: countTokens,
  [APPEND_TURNS_ACTIVITY]: appendTurns,
  [COMPOSE_STEP_ACTIVITY]: composeStep,
  [COMPOSE_COMPRESSION_ACTIVITY]: composeCompression,
} = proxyLocalActivities<AgentLocalActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
});

/** Runs an agent job: cascade steps, tool activities, waits for people, a job budget and continue-as-new. */
export async function agentWorkflow(input: AgentInput): Promise<AgentResult> {
  const { agent } = input;
  // Claim check: prompts, the transcript and tool results live in the worker's store; history carries references.
  // Runs recorded before it keep their inline transcript (isPatched is false when they replay).
  const claimCheck = isPatched('agentClaimCheck');
  const carry: AgentCarry = input.carry ?? {
    startedAtMs: Date.now(),
    steps: 0,
    run: 1,
    tools: await describeTools(agent.tools),
    turns: [],
    pending: [],
    ledger: [],
    compressions: 0,
    paused: false,
  };
  let state: AgentState = carry.paused ? 'paused' : 'running';
  let ending: AgentEnding | undefined;
  let cancelReason: string | undefined;
  let lastAction: string | undefined;
  const stepsAtStart = carry.steps;
  const maxSteps = agent.limits?.maxSteps ?? DEFAULT_MAX_STEPS;
  // The job budget of this run, with what earlier runs spent booked: a hard cap across every step and run.
  const budget =
    agent.limits?.maxCostUsd === undefined ? undefined : jobBudget({ maxCostUsd: agent.limits.maxCostUsd });
  budget?.book(agentTotals(carry.ledger).costMicroUsd);
  const schema = stepSchema(carry.tools, agent.finalSchema);

  const status = (): AgentStatus => {
    const totals = agentTotals(carry.ledger);
    return {
      state,
      ending,
      step: carry.steps,
      run: carry.run,
      costUsd: totals.costUsd,
      attempts: totals.attempts,
      pendingApprovals: carry.pending.filter((call) => call.needsApproval && !call.decision),
      question: carry.question,
      approvalDeadlineMs: carry.approvalDeadlineMs,
      compressions: carry.compressions,
      lastAction,
    };
  };
  const publish = () => {
    const current = status();
    setCurrentDetails(agentDetails(agent.name, current, carry));
    if (input.searchAttributes === false) return;
    const last = carry.ledger[carry.ledger.length - 1];
    upsertSearchAttributes(
      agentAttributes({
        agent: agent.name,
        costUsd: current.costUsd,
        steps: current.step,
        state: ending ?? state,
        sessionId: input.metadata?.sessionId,
        last,
      }),
    );
  };
  const registerQueries = () => {
    setHandler(agentStatusQuery, status, { description: 'State, step, cost so far, pending approval or question' });
    setHandler(
      transcriptQuery,
      (n?: number) => ({ summary: carry.summary, turns: carry.turns.slice(-(n ?? TRANSCRIPT_TAIL)) }),
      { description: 'The last n turns (default 20) and the summary of the earlier ones' },
    );
    setHandler(
      agentLedgerQuery,
      () => ({ attempts: carry.ledger, totals: agentTotals(carry.ledger), done: ending !== undefined }),
      { description: 'Every attempt of every step of this job, with totals' },
    );
  };
  registerQueries();

  setHandler(sendMessageSignal, ({ text }) => {
    carry.turns.push({ role: 'user', kind: 'message', content: text, step: carry.steps });
    carry.question = undefined;
  });
  const decide = (decision: 'approved' | 'denied') => (args: { callId?: string; note?: string }) => {
    for (const call of carry.pending) {
      if (!call.needsApproval || call.decision) continue;
      if (args.callId !== undefined && args.callId !== call.id) continue;
      Object.assign(call, { decision, decidedBy: 'person', ...(args.note ? { note: args.note } : {}) });
    }
  };
  setHandler(approveSignal, decide('approved'));
  setHandler(denySignal, decide('denied'));
  setHandler(pauseSignal, () => {
    carry.paused = true;
  });
  setHandler(resumeSignal, () => {
    carry.paused = false;
  });
  setHandler(cancelAgentSignal, (payload) => {
    cancelReason = cancelReasonOf(payload) ?? 'cancelled by a person';
  });

  const wallDeadline =
    agent.limits?.maxWallTimeMs === undefined ? undefined : carry.startedAtMs + agent.limits.maxWallTimeMs;
  const leftMs = (until: number | undefined) => (until === undefined ? undefined : Math.max(0, until - Date.now()));
  /** Waits for `ready`, a cancellation or the wall-time limit; false when the wall time ran out. */
  const waitFor = async (ready: () => boolean, until?: number): Promise<boolean> => {
    const deadlines = [until, wallDeadline].filter((d): d is number => d !== undefined);
    const first = deadlines.length ? Math.min(...deadlines) : undefined;
    const ms = leftMs(first);
    if (ms === undefined) await condition(() => ready() || cancelReason !== undefined);
    else await condition(() => ready() || cancelReason !== undefined, ms);
    return ready() || cancelReason !== undefined || wallDeadline === undefined || Date.now() < wallDeadline;
  };

  /** Ledger rows of a step (or compression) join the job's ledger, numbered across the job and named by step. */
  const addRows = (rows: readonly AttemptRecord[], purpose: AgentPurpose) => {
    const agentStep = carry.steps + (purpose === 'step' ? 1 : 0);
    for (const row of rows) carry.ledger.push({ ...row, seq: carry.ledger.length + 1, agentStep, purpose });
  };
  /** Writes the turns not yet in the claim-check transcript to it; the workflow keeps their previews. */
  const syncTranscript = async () => {
    const unsynced = carry.turns.filter((turn) => turn.chars === undefined);
    if (unsynced.length === 0) return;
    const written = await appendTurns({ transcriptRef: carry.transcriptRef, turns: unsynced });
    let next = 0;
    carry.turns = carry.turns.map((turn) => (turn.chars === undefined ? written.turns[next++]! : turn));
    carry.transcriptRef = written.transcriptRef;
  };
  const finish = (end: AgentEnding, extra: { answer?: JsonValue; reason?: string } = {}): AgentResult => {
    ending = end;
    state = 'done';
    publish();
    return {
      ending: end,
      ...extra,
      steps: carry.steps,
      run: carry.run,
      transcript: carry.turns.slice(-TRANSCRIPT_TAIL),
      summary: carry.summary,
      ledger: carry.ledger,
      totals: agentTotals(carry.ledger),
      workflowId: workflowInfo().workflowId,
    };
  };

  publish();
  for (;;) {
    if (cancelReason !== undefined) return finish('cancelled', { reason: cancelReason });
    if (wallDeadline !== undefined && Date.now() >= wallDeadline) {
      return finish('timed_out', { reason: `wall time of ${agent.limits!.maxWallTimeMs} ms reached` });
    }
    const stepsThisRun = carry.steps - stepsAtStart;
    if (
      stepsThisRun > 0 &&
      (workflowInfo().continueAsNewSuggested ||
        stepsThisRun >= (input.continueAsNewAfterSteps ?? DEFAULT_CONTINUE_AS_NEW_AFTER))
    ) {
      // Claim check: stored turns older than the views' tail travel without their previews (sizes and tokens only).
      const turns = claimCheck ? withoutOldPreviews(carry.turns, TRANSCRIPT_TAIL) : carry.turns;
      await continueAsNew<typeof agentWorkflow>({ ...input, carry: { ...carry, turns, run: carry.run + 1 } });
    }
    if (carry.paused) {
      state = 'paused';
      publish();
      await waitFor(() => !carry.paused);
      state = 'running';
      continue;
    }

    // Tool calls the model asked for: wait for the decisions they need, then run the approved ones in parallel.
    if (carry.pending.length > 0) {
      const undecided = () => carry.pending.some((call) => call.needsApproval && !call.decision);
      if (undecided()) {
        state = 'waiting_approval';
        publish();
        const timedOut = !(await waitFor(() => !undecided(), carry.approvalDeadlineMs));
        if (timedOut || cancelReason !== undefined) continue;
        if (undecided()) {
          // The deadline passed without a decision: the agent's default applies.
          const fallback = agent.approval?.defaultDecision ?? 'denied';
          for (const call of carry.pending) {
            if (call.needsApproval && !call.decision)
              Object.assign(call, { decision: fallback, decidedBy: 'default after timeout' });
          }
        }
        state = 'running';
      }
      await runCalls(input, carry, claimCheck);
      if (claimCheck) await syncTranscript();
      carry.pending = [];
      carry.approvalDeadlineMs = undefined;
      publish();
      continue;
    }
    if (carry.question !== undefined) {
      state = 'waiting_input';
      publish();
      await waitFor(() => carry.question === undefined);
      state = 'running';
      continue;
    }
    if (carry.steps >= maxSteps)
      return finish('max_steps', { reason: `${maxSteps} steps taken without a final answer` });

    // The step's prompt: built in the workflow, or (claim check) written to the store by a local activity.
    let prompt: { messages: ChatMessage[] } | { messagesRef: BlobRef };
    let promptTokens: number;
    if (claimCheck) {
      await syncTranscript();
      const { transcriptRef, summary } = carry;
      const messagesRef = await composeStep({
        agent,
        tools: carry.tools,
        goal: input.goal,
        summary,
        transcriptRef,
        schema,
      });
      prompt = { messagesRef };
      promptTokens = messagesRef.tokens ?? 0;
    } else {
      const messages = stepMessages(agent, carry.tools, input.goal, carry.turns, carry.summary);
      prompt = { messages };
      promptTokens = await countTokens(messages, schema);
    }
    // Compression: older turns folded into a summary by a cheap step once the prompt passes the threshold.
    if (shouldCompress(agent, carry, promptTokens)) {
      const { fold, keep } = splitForCompression(carry.turns, agent.compression?.keepRecentTurns);
      const composed =
        claimCheck && carry.transcriptRef
          ? await composeCompression({
              goal: input.goal,
              summary: carry.summary,
              transcriptRef: carry.transcriptRef,
              fold: fold.length,
            })
          : undefined;
      const outcome = await runStep({
        task: agent.compression?.task ?? agent.task,
        step: `compression ${carry.compressions + 1}`,
        schemaName: 'agent_summary',
        schema: SUMMARY_SCHEMA,
        ...(composed
          ? { messagesRef: composed.messagesRef }
          : { messages: compressionMessages(input.goal, carry.summary, fold) }),
        budget,
      });
      addRows(outcome.attempts, 'compression');
      if (!outcome.ok) return endOnFailure(outcome);
      carry.summary = (outcome.output as { summary: string }).summary;
      carry.turns = keep;
      if (composed) carry.transcriptRef = composed.keepRef;
      carry.compressions += 1;
      publish();
      continue;
    }

    // One step: the model answers with an action, validated against the union schema.
    const outcome = await runStep({
      task: agent.task,
      step: `step ${carry.steps + 1}`,
      schemaName: AGENT_STEP_SCHEMA,
      schema,
      ...prompt,
      budget,
    });
    addRows(outcome.attempts, 'step');
    registerQueries(); // the run's cascade recorder registered its own `ledger`; the job's (all runs) is the one that counts
    if (!outcome.ok) return endOnFailure(outcome);
    carry.steps += 1;
    const action = outcome.output as StepAction;
    carry.turns.push({ role: 'assistant', kind: 'action', content: JSON.stringify(action), step: carry.steps });
    if (action.action === 'final') return finish('done', { answer: action.answer });
    if (action.action === 'ask_user') {
      carry.question = action.question;
      lastAction = `asked: ${action.question.slice(0, 80)}`;
    } else {
      const needs = new Set(agent.approval?.tools ?? []);
      carry.pending = action.calls.map((call, index) => ({
        id: `s${carry.steps}c${index + 1}`,
        tool: call.tool,
        arguments: call.arguments,
        needsApproval: needs.has(call.tool),
      }));
      if (carry.pending.some((call) => call.needsApproval) && agent.approval?.timeoutMs !== undefined) {
        carry.approvalDeadlineMs = Date.now() + agent.approval.timeoutMs;
      }
      lastAction = carry.pending.map(callLabel).join(', ');
    }
    publish();
  }

  function endOnFailure(outcome: Extract<StepOutcome, { ok: false }>): AgentResult {
    return finish(outcome.failure === 'budget' ? 'budget_exhausted' : 'failed', { reason: outcome.reason });
  }
}

/** Runs the approved calls as tool activities in parallel; denials and tool errors become results the model reads. */
async function runCalls(input: AgentInput, carry: AgentCarry, claimCheck: boolean): Promise<void> {
  const { agent } = input;
  const results = await Promise.all(
    carry.pending.map(async (call: PendingCall) => {
      if (call.decision === 'denied') {
        const why =
          call.decidedBy === 'person' ? 'a person denied this call' : 'no decision in time: denied by default';
        return {
          call,
          result: { denied: true, reason: call.note ? `${why}: ${call.note}` : why } as JsonValue,
        } as ToolResultEntry;
      }
      const spec = carry.tools.find((tool) => tool.name === call.tool);
      const timeoutMs = spec?.timeoutMs ?? agent.toolTimeoutMs ?? DEFAULT_TOOL_TIMEOUT_MS;
      const activities = proxyActivities<Record<string, ToolActivity>>({
        startToCloseTimeout: timeoutMs,
        retry: { maximumAttempts: agent.toolTries ?? 3, initialInterval: '1 second', nonRetryableErrorTypes: [] },
        summary: callSummary(carry.steps, call),
      });
      try {
        const run = activities[toolActivityName(call.tool)]!;
        // Claim check: the tool keeps its result in the store and returns a reference.
        if (claimCheck) return { call, ref: ((await run(call.arguments, { claim: true })) as ToolResultRef).ref };
        return { call, result: (await run(call.arguments)) as JsonValue };
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        const cause = error.cause;
        const message = cause instanceof ApplicationFailure ? cause.message : (cause?.message ?? error.message);
        return { call, result: { error: message } as JsonValue } as ToolResultEntry;
      }
    }),
  );
  if (claimCheck) {
    // Written to the transcript (text built from the stored results) by the next sync.
    carry.turns.push({ role: 'user', kind: 'tool_results', content: '', step: carry.steps, results });
    return;
  }
  const inline = results.map(({ call, result }) => ({ call, result: result ?? null }));
  carry.turns.push({ role: 'user', kind: 'tool_results', content: toolResultsText(inline), step: carry.steps });
}
