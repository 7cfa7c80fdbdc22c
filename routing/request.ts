/**
 * A request's checks that need no catalog, and how a planned request becomes the cascade's input. Pure and
 * sandbox-safe: the client checks with it before starting anything, the worker's planner again (a request built
 * inside a workflow by `cascade()` met no client), and the workflow composes its messages with it.
 */
import type { CheckSpec } from '../catalog/checks';
import type { ClassifyPlan } from './classify';
import type { ExperimentArm, ExperimentKeys } from './experiments';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { budgetProblem } from '../catalog/pricing';
import type { StartRule, Tags } from '../catalog/types';
import { mediaListProblem, type MediaFacts } from '../catalog/media';
import type { RoutePlan } from './types';

/** One message of a request's conversation (the shape of the workflows' `ChatMessage`). */
export interface RequestMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  media?: MediaFacts[];
}

/** What planning reads of a request (the workflows' `CascadeRequestInput` is one). */
export interface PlanRequest {
  task: string;
  schema: { name: string; jsonSchema: Record<string, unknown> };
  input?: string;
  instructions?: string;
  messages?: RequestMessage[];
  /** Images and PDFs sent with `input` (on its user message). */
  media?: MediaFacts[];
  checks?: CheckSpec[];
  schemaInPrompt?: boolean;
  startTier?: string;
  maxCostUsd?: number;
  maxWaitMs?: number;
  /** Session and user id: the keys of the route's A/B experiments. */
  metadata?: ExperimentKeys;
  /** Tags every candidate must carry, besides the route's own `require`; the others are never called. */
  require?: Tags;
  /** Candidates whose measured p95 latency is above this are tried last in their tier, ms. */
  latencyGoalMs?: number;
  /** With `latencyGoalMs`: rule such candidates out instead of trying them last. @default false */
  latencyGoalStrict?: boolean;
}

/** What the worker's catalog planned for a request: the planning activity's result, recorded in history. */
export interface RequestPlan {
  /** The route resolved from the worker's catalog, prices included, start tier chosen. */
  route: RoutePlan;
  /** Prompt tokens counted on the worker; drives budget reservation and context-window checks. */
  estimatedInputTokens: number;
  /** The task's instructions, when the request brought neither instructions nor messages. */
  instructions?: string;
  /** The task's checks followed by the request's own. */
  checks?: CheckSpec[];
  schemaInPrompt?: false;
  /** The date (YYYY-MM-DD) whose prices apply. */
  priceDate: string;
  /** The arms of the route's A/B experiments this request is in (absent: not enrolled in any). */
  experiments?: ExperimentArm[];
  /** The classifier's call, when the route has one and no start rule decided (the workflow then runs it first). */
  classify?: ClassifyPlan;
  /** The fingerprint of the catalog that planned it (absent in histories recorded before plans carried it). */
  catalogFingerprint?: string;
}

/** What a batch asks the worker to plan at its start: its task and the request's own settings. */
export interface BatchPlanRequest {
  task: string;
  startTier?: string;
  /** Run the route's first tier as provider batches (`llm-cascade batch --provider-batch`). */
  providerBatch?: boolean;
  instructions?: string;
  checks?: CheckSpec[];
  schemaInPrompt?: boolean;
  /** The sender's catalog fingerprint: a worker with another catalog refuses the batch before any call. */
  expectedCatalogFingerprint?: string;
}

/** The route of a whole batch, planned once by the worker's catalog; start rules then apply per item. */
export interface BatchPlan {
  route: RoutePlan;
  startRules?: StartRule[];
  instructions?: string;
  checks?: CheckSpec[];
  schemaInPrompt?: false;
  /** The fingerprint of the catalog that planned it. */
  catalogFingerprint?: string;
}

/** Longest total wait for providers a request may ask for: 30 days (timers take any length; this catches typos). */
export const MAX_WAIT_MS = 30 * 86_400_000;

function invalid(code: ConfigErrorCode, message: string): never {
  throw new CascadeConfigError({ code, message });
}

/**
 * The conversation a request sends: its own `messages`, or its instructions (else the task's, from the catalog)
 * as a system message followed by the input. Checked: roles, string contents, a non-empty user message.
 */
export function composeMessages(
  request: Pick<PlanRequest, 'input' | 'messages' | 'instructions' | 'media'>,
  taskInstructions?: string,
): RequestMessage[] {
  if (request.messages && request.input !== undefined) {
    invalid(ConfigErrorCode.InvalidRequest, 'give either input or messages, not both');
  }
  const instructions = request.instructions ?? taskInstructions;
  const messages: RequestMessage[] = request.messages
    ? [...request.messages]
    : [
        ...(instructions ? [{ role: 'system' as const, content: instructions }] : []),
        { role: 'user' as const, content: request.input ?? '', ...(request.media && { media: request.media }) },
      ];
  if (request.messages && request.media) {
    invalid(
      ConfigErrorCode.InvalidRequest,
      'media goes with input; with messages, put it on a message (messages[i].media)',
    );
  }
  const roles = new Set(['system', 'user', 'assistant']);
  for (const [index, message] of messages.entries()) {
    if (!roles.has(message?.role))
      invalid(ConfigErrorCode.InvalidRequest, `messages[${index}].role must be system, user or assistant`);
    if (typeof message.content !== 'string')
      invalid(ConfigErrorCode.InvalidRequest, `messages[${index}].content must be a string`);
    const problem = message.media === undefined ? undefined : mediaListProblem(message.media, message.role);
    if (problem) invalid(ConfigErrorCode.InvalidRequest, `messages[${index}].media: ${problem}`);
  }
  if (!messages.some((m) => m.role === 'user' && (m.content.trim() || m.media?.length))) {
    invalid(ConfigErrorCode.EmptyInput, 'the input is empty: give a non-empty input text or a user message');
  }
  return messages;
}

/** The numbers of a request are in range: `maxCostUsd` at least one micro-USD, `maxWaitMs` whole ms up to 30 days. */
export function checkRequestNumbers(request: Pick<PlanRequest, 'maxCostUsd' | 'maxWaitMs'>): void {
  const maxWait = request.maxWaitMs;
  if (maxWait !== undefined && !(Number.isInteger(maxWait) && maxWait >= 0 && maxWait <= MAX_WAIT_MS)) {
    invalid(ConfigErrorCode.InvalidRequest, `maxWaitMs must be whole milliseconds from 0 to 30 days, got ${maxWait}`);
  }
  const budget = request.maxCostUsd === undefined ? undefined : budgetProblem(request.maxCostUsd);
  if (budget) invalid(ConfigErrorCode.InvalidRequest, `maxCostUsd ${budget}, got ${request.maxCostUsd}`);
}
