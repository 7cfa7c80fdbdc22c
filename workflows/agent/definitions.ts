/**
 * Wire types, signals and queries of agent jobs. JSON-safe and sandbox-safe: imported by the agent workflow, the
 * tool activities and the client alike.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AttemptRecord, BlobRef, JsonObject, JsonValue, LedgerTotals, RequestMetadata } from '../definitions';

/** What a person decides about a tool call that needs approval. */
export type ApprovalDecision = 'approved' | 'denied';

/** An agent, as data: what it is told, what it may use, how its steps are routed and how far it may go. */
export interface AgentSpec {
  /** Shown in the UI and in search attributes (`LlmTask = agent:<name>`). */
  name: string;
  /** The agent's standing instructions: the first part of every step's (cache-friendly) prompt. */
  instructions: string;
  /** Names of the tools it may call; each must be registered on the worker's plugin (`tools`). */
  tools: string[];
  /** The catalog task (route) its steps run on. */
  task: string;
  /** JSON Schema of its final answer. */
  finalSchema: JsonObject;
  limits?: AgentLimits;
  /** Tools whose calls wait for a person's `approve` / `deny`. */
  approval?: ApprovalSpec;
  /** When older turns are summarised by a cheap step. */
  compression?: CompressionSpec;
  /** Tool activities' timeout and retries (every tool; a tool's own `timeoutMs` wins). */
  toolTimeoutMs?: number;
  /** Tries of a tool activity before its error goes back to the model as the call's result. @default 3 */
  toolTries?: number;
}

export interface AgentLimits {
  /** LLM steps (compression steps not counted) before the job ends with status `max_steps`. @default 50 */
  maxSteps?: number;
  /** Hard cap on the job's spend across every step, USD. Every attempt reserves its worst case first. */
  maxCostUsd?: number;
  /** Wall time from the job's start (waits for people included) before it ends with `timed_out`, ms. */
  maxWallTimeMs?: number;
}

export interface ApprovalSpec {
  /** Tool names whose calls need a person's decision. */
  tools: string[];
  /** How long a decision may take before `defaultDecision` applies, ms; absent: wait for ever (days are fine). */
  timeoutMs?: number;
  /** @default 'denied' */
  defaultDecision?: ApprovalDecision;
}

export interface CompressionSpec {
  /** Estimated prompt tokens past which older turns are summarised. */
  thresholdTokens: number;
  /** Turns kept verbatim after the summary. @default 4 */
  keepRecentTurns?: number;
  /** Catalog task of the summarising step. @default the agent's task */
  task?: string;
}

/** A tool as the model sees it: name, description and the JSON Schema of its arguments. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: JsonObject;
  /** The tool activity's start-to-close timeout, ms. */
  timeoutMs?: number;
}

/** One tool call the model asked for; `id` is given by the workflow (`s<step>c<n>`). */
export interface ToolCall {
  id: string;
  tool: string;
  arguments: JsonValue;
}

/** A tool call between the model's request and its result. */
export interface PendingCall extends ToolCall {
  needsApproval: boolean;
  decision?: ApprovalDecision;
  /** Who or what decided: `person`, or `default after timeout`. */
  decidedBy?: string;
  note?: string;
}

/** One turn of the transcript (the goal and instructions are not turns: they are the prompt's fixed prefix). */
export interface Turn {
  role: 'assistant' | 'user';
  /** What kind of turn, for views: the model's action, tool results, a person's message. */
  kind: 'action' | 'tool_results' | 'message' | 'question';
  content: string;
  step: number;
  /**
   * Set once the turn is in the job's claim-check transcript: its full length, and `content` is then only its first
   * {@link TURN_PREVIEW_CHARS} characters (the full text is in the worker's store, not in history).
   */
  chars?: number;
  /** Tokens of the full turn, when stored. */
  tokens?: number;
  /** A tool-results turn not yet written to the transcript: each call's result, inline or by reference. */
  results?: ToolResultEntry[];
}

/** Characters of a stored turn kept in the workflow, for views (Current Details, `transcript`, the result). */
export const TURN_PREVIEW_CHARS = 300;

/** One call's result on its way to the transcript: inline (a denial, an error) or by reference (the tool's result). */
export interface ToolResultEntry {
  call: ToolCall;
  result?: JsonValue;
  ref?: BlobRef;
}

/** What a tool activity returns when asked to keep its result in the claim-check store. */
export interface ToolResultRef {
  ref: BlobRef;
}

/** What the workflow tells a tool activity besides the arguments. */
export interface ToolCallOptions {
  /** Keep the result in the claim-check store and return its reference. */
  claim?: boolean;
  /** The call's stable id (`ToolContext.callId`): job, step and the call's place in the step. */
  callId?: string;
}

/** What a ledger row of an agent job was for. */
export type AgentPurpose = 'step' | 'compression';

/** An attempt of an agent job: the cascade's row (`step` names it: `step 3`, `compression 1`) plus its step number. */
export interface AgentLedgerRow extends AttemptRecord {
  /** The agent step it belongs to (a compression belongs to the step it precedes). */
  agentStep: number;
  purpose: AgentPurpose;
}

export type AgentState = 'running' | 'paused' | 'waiting_approval' | 'waiting_input' | 'done';

/** How a job ended. Budget, step and time limits are endings, not exceptions. */
export type AgentEnding = 'done' | 'budget_exhausted' | 'max_steps' | 'timed_out' | 'cancelled' | 'failed';

/** Everything a job carries across continue-as-new. */
export interface AgentCarry {
  startedAtMs: number;
  steps: number;
  /** Runs so far (1 = the first; +1 per continue-as-new). */
  run: number;
  tools: ToolSpec[];
  turns: Turn[];
  /** The full transcript in the worker's claim-check store (jobs started since the claim check). */
  transcriptRef?: BlobRef;
  summary?: string;
  pending: PendingCall[];
  /** When the pending approvals' default decision applies (epoch ms). */
  approvalDeadlineMs?: number;
  question?: string;
  ledger: AgentLedgerRow[];
  compressions: number;
  paused: boolean;
}

/** Input of `agentWorkflow`. Built by the client (`startAgent`). */
export interface AgentInput {
  agent: AgentSpec;
  /** The person's goal: the first user message. */
  goal: string;
  metadata?: RequestMetadata;
  /** Upsert typed search attributes. @default true */
  searchAttributes?: boolean;
  /** Continue-as-new after this many steps in one run (besides Temporal's own suggestion). @default 200 */
  continueAsNewAfterSteps?: number;
  /** Every step must be planned with this catalog (a client's `catalog`): a worker with another refuses the step. */
  expectedCatalogFingerprint?: string;
  /** Set by the workflow itself on continue-as-new. */
  carry?: AgentCarry;
}

export interface AgentStatus {
  state: AgentState;
  ending?: AgentEnding;
  step: number;
  run: number;
  costUsd: number;
  attempts: number;
  /** Calls waiting for a decision. */
  pendingApprovals: PendingCall[];
  /** The question waiting for an answer (`sendMessage`). */
  question?: string;
  /** When the pending approvals' default decision applies (epoch ms). */
  approvalDeadlineMs?: number;
  compressions: number;
  lastAction?: string;
}

export interface AgentResult {
  ending: AgentEnding;
  /** The final answer (valid against the agent's `finalSchema`) when `ending` is `done`. */
  answer?: JsonValue;
  reason?: string;
  steps: number;
  /** Runs of the job: 1, plus one per continue-as-new. */
  run: number;
  /**
   * The last turns (up to 20) and the summary of those before. Turns kept in the claim-check store carry a preview
   * as `content` and their full size as `chars` (the full text is in the worker's store).
   */
  transcript: Turn[];
  summary?: string;
  ledger: AgentLedgerRow[];
  totals: LedgerTotals;
  workflowId: string;
}

export const sendMessageSignal = defineSignal<[{ text: string }]>('sendMessage');
export const approveSignal = defineSignal<[{ callId?: string; note?: string }]>('approve');
export const denySignal = defineSignal<[{ callId?: string; note?: string }]>('deny');
// An agent's pause, resume and cancel are every long-running workflow's (one name, one payload shape).
export { pauseSignal, resumeSignal, cancelSignal as cancelAgentSignal } from '../definitions/control';

export const agentStatusQuery = defineQuery<AgentStatus>('status');
/** The last `n` turns (default 20); stored turns as previews (`chars` gives their full size). */
export const transcriptQuery = defineQuery<{ summary?: string; turns: Turn[] }, [number?]>('transcript');
/** The job's ledger: every attempt of every step, with totals (same name and shape as the cascade's `ledger`). */
export const agentLedgerQuery = defineQuery<{ attempts: AgentLedgerRow[]; totals: LedgerTotals; done: boolean }>(
  'ledger',
);

/** Activity type of a tool: registered by the plugin, called by the agent workflow. */
export function toolActivityName(tool: string): string {
  return `agentTool.${tool}`;
}

/** Failure types of tool activities. */
export const AgentFailureType = {
  UnknownTool: 'AgentToolError.UnknownTool',
  InvalidArguments: 'AgentToolError.InvalidArguments',
} as const;
