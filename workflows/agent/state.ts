/**
 * The agent loop's state, as plain data and pure functions (no Temporal imports): what a run starts from and is
 * limited by, what the views read from it, what the next run and the result take from it. `outcomes.ts` changes
 * it, `decide.ts` reads it to choose the next move. Unit-tested without a server in test/unit/agent-loop.test.ts.
 */
import type { BlobRef, ChatMessage, JsonValue, LedgerTotals } from '../definitions';
import type {
  AgentCarry,
  AgentEnding,
  AgentInput,
  AgentLedgerRow,
  AgentResult,
  AgentState,
  AgentStatus,
  ApprovalDecision,
  CompressionSpec,
  PendingCall,
  ToolSpec,
} from './definitions';
import { agentTotals, withoutOldPreviews } from './view';

export const DEFAULT_MAX_STEPS = 50;
export const DEFAULT_CONTINUE_AS_NEW_AFTER = 200;
/** Turns the views show (the `transcript` query's default, the result's transcript). */
export const TRANSCRIPT_TAIL = 20;

/** Fixed for a run of the job. */
export interface LoopLimits {
  maxSteps: number;
  continueAsNewAfterSteps: number;
  /** Wall time from the job's start, ms, and when it runs out (epoch ms). */
  maxWallTimeMs?: number;
  wallDeadlineMs?: number;
  /** Tools whose calls wait for a person, how long at most, and what applies then. */
  approvalTools: readonly string[];
  approvalTimeoutMs?: number;
  defaultDecision: ApprovalDecision;
  /** When older turns are folded into a summary. */
  compression?: CompressionSpec;
}

/** How the job ends: set by a step's outcome, then finished by the next move. */
export interface JobEnd {
  ending: AgentEnding;
  answer?: JsonValue;
  reason?: string;
}

/** A step's prompt, composed and counted (inline, or by reference to the claim-check store). */
export interface ComposedPrompt {
  prompt: { messages: ChatMessage[] } | { messagesRef: BlobRef };
  tokens: number;
}

/** Everything the loop decides on. `carry` goes to the next run on continue-as-new; the rest is this run's. */
export interface AgentLoop {
  carry: AgentCarry;
  limits: LoopLimits;
  /** What the job is doing, as views show it. */
  state: AgentState;
  /** Set once the job finished. */
  ending?: AgentEnding;
  /** Steps done when this run started. */
  stepsAtStart: number;
  /** Set by the cancel signal. */
  cancelReason?: string;
  lastAction?: string;
  /** A step's outcome ended the job: the next move finishes it, whatever else happened meanwhile. */
  end?: JobEnd;
  /** The next step's prompt is composed: it is compressed or run at once, nothing checked in between. */
  prompt?: ComposedPrompt;
  /** The wait for decisions ended (not by a cancel or the wall time): the calls run at once. */
  decided?: boolean;
}

export function loopLimits(input: AgentInput, startedAtMs: number): LoopLimits {
  const { limits, approval } = input.agent;
  const maxWallTimeMs = limits?.maxWallTimeMs;
  return {
    maxSteps: limits?.maxSteps ?? DEFAULT_MAX_STEPS,
    continueAsNewAfterSteps: input.continueAsNewAfterSteps ?? DEFAULT_CONTINUE_AS_NEW_AFTER,
    ...(maxWallTimeMs !== undefined && { maxWallTimeMs, wallDeadlineMs: startedAtMs + maxWallTimeMs }),
    approvalTools: approval?.tools ?? [],
    ...(approval?.timeoutMs !== undefined && { approvalTimeoutMs: approval.timeoutMs }),
    defaultDecision: approval?.defaultDecision ?? 'denied',
    ...(input.agent.compression && { compression: input.agent.compression }),
  };
}

/** A job's carried state at its start; `tools` are filled in once the worker described them. */
export function newCarry(startedAtMs: number, tools: ToolSpec[] = []): AgentCarry {
  return { startedAtMs, steps: 0, run: 1, tools, turns: [], pending: [], ledger: [], compressions: 0, paused: false };
}

export function startLoop(input: AgentInput, carry: AgentCarry): AgentLoop {
  return {
    carry,
    limits: loopLimits(input, carry.startedAtMs),
    state: carry.paused ? 'paused' : 'running',
    stepsAtStart: carry.steps,
  };
}

/** Calls the model asked for that still wait for a person. */
export function undecidedCalls(carry: AgentCarry): PendingCall[] {
  return carry.pending.filter((call) => call.needsApproval && !call.decision);
}

export function wallTimeOver(loop: AgentLoop, now: number): boolean {
  return loop.limits.wallDeadlineMs !== undefined && now >= loop.limits.wallDeadlineMs;
}

/** The `status` query's answer. The approval deadline is shown only while a call still waits for it. */
export function agentStatus(loop: AgentLoop): AgentStatus {
  const totals = agentTotals(loop.carry.ledger);
  const waiting = undecidedCalls(loop.carry);
  return {
    state: loop.state,
    ending: loop.ending,
    step: loop.carry.steps,
    run: loop.carry.run,
    costUsd: totals.costUsd,
    attempts: totals.attempts,
    pendingApprovals: waiting,
    question: loop.carry.question,
    approvalDeadlineMs: waiting.length > 0 ? loop.carry.approvalDeadlineMs : undefined,
    compressions: loop.carry.compressions,
    lastAction: loop.lastAction,
  };
}

/** The `ledger` query's answer: every attempt of every run of the job. */
export function jobLedger(loop: AgentLoop): { attempts: AgentLedgerRow[]; totals: LedgerTotals; done: boolean } {
  return { attempts: loop.carry.ledger, totals: agentTotals(loop.carry.ledger), done: loop.ending !== undefined };
}

/** The state the next run starts from. Claim check: stored turns older than the views' tail lose their previews. */
export function carriedOn(loop: AgentLoop, claimCheck: boolean): AgentCarry {
  const { carry } = loop;
  const turns = claimCheck ? withoutOldPreviews(carry.turns, TRANSCRIPT_TAIL) : carry.turns;
  return { ...carry, turns, run: carry.run + 1 };
}

/** The job is over: its result, with the transcript's tail and the whole ledger. */
export function finishJob(loop: AgentLoop, end: JobEnd, workflowId: string): AgentResult {
  const { carry } = loop;
  loop.ending = end.ending;
  loop.state = 'done';
  return {
    ...end,
    steps: carry.steps,
    run: carry.run,
    transcript: carry.turns.slice(-TRANSCRIPT_TAIL),
    summary: carry.summary,
    ledger: carry.ledger,
    totals: agentTotals(carry.ledger),
    workflowId,
  };
}
