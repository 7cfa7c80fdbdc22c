/** Typed helpers to start, steer and await agent jobs from a Temporal client. */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { issuesText } from '../catalog/node/issues';
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
  type AgentResult,
  type AgentSpec,
  type AgentStatus,
} from '../workflows/agent/definitions';
import { TASK_QUEUE, type JsonObject, type RequestMetadata } from '../workflows/definitions';
import type { agentWorkflow } from '../workflows/agent/workflow';
import { agentStartAttributes } from '../workflows/definitions/search-attributes';
import {
  WHERE_THE_LEDGER_IS,
  expectedCatalog,
  toJsonSchema,
  type CatalogExpectation,
  type SchemaInput,
} from './prepare';
import { explainFailure, readable } from './unreadable';

/** An agent as written in code or a config file: like `AgentSpec`, with the final schema in zod or JSON Schema. */
export type AgentDefinition = Omit<AgentSpec, 'finalSchema'> & { finalSchema: SchemaInput };

export interface AgentRequest {
  agent: AgentDefinition;
  /** What the person wants done: the job's first user message. */
  goal: string;
  /** Overrides the agent's `limits.maxCostUsd` for this job. */
  maxCostUsd?: number;
  metadata?: RequestMetadata;
  /** @default true */
  searchAttributes?: boolean;
  /** Continue-as-new after this many steps in one run. @default 200 */
  continueAsNewAfterSteps?: number;
}

export interface AgentClientOptions extends CatalogExpectation {
  /** @default 'llm-cascade' */
  taskQueue?: string;
  /** @default `agent-<name>-<uuid>` */
  workflowId?: string;
}

/** A running (or finished) agent job. */
export interface AgentHandle {
  workflowId: string;
  handle: WorkflowHandle<typeof agentWorkflow>;
  /** Adds a person's message (the answer to an `ask_user` question arrives this way). */
  send(text: string): Promise<void>;
  /** Approves the pending call `callId`, or every pending call. */
  approve(callId?: string, note?: string): Promise<void>;
  deny(callId?: string, note?: string): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(reason?: string): Promise<void>;
  status(): Promise<AgentStatus>;
  transcript(lastTurns?: number): Promise<{ summary?: string; turns: AgentResult['transcript'] }>;
  ledger(): Promise<{ attempts: AgentResult['ledger']; totals: AgentResult['totals']; done: boolean }>;
  /** Waits for the job's end: `done`, `budget_exhausted`, `max_steps`, `timed_out`, `cancelled` or `failed`. */
  result(): Promise<AgentResult>;
}

/**
 * Checks an agent request and builds the workflow input. The worker's catalog plans every step (its task and the
 * compression task must be routes there); the client sends the agent, never routes.
 */
export function prepareAgent(request: AgentRequest): AgentInput {
  const { agent } = request;
  const invalid = (message: string): never => {
    throw new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message: `agent ${agent.name}: ${message}` });
  };
  if (!agent.name) invalid('name is required');
  if (!request.goal.trim()) invalid('the goal is empty');
  const approvalTools = agent.approval?.tools ?? [];
  const unlisted = approvalTools.filter((name) => !agent.tools.includes(name));
  if (unlisted.length > 0) invalid(`approval.tools names tools the agent may not use: ${unlisted.join(', ')}`);
  const maxCostUsd = request.maxCostUsd ?? agent.limits?.maxCostUsd;
  if (maxCostUsd !== undefined && !(maxCostUsd > 0 && Number.isFinite(maxCostUsd))) {
    invalid(`maxCostUsd must be a positive number of USD, got ${maxCostUsd}`);
  }
  const finalSchema: JsonObject = toJsonSchema(agent.finalSchema);
  return {
    agent: {
      ...agent,
      finalSchema,
      limits: { ...agent.limits, ...(maxCostUsd !== undefined ? { maxCostUsd } : {}) },
    },
    goal: request.goal,
    metadata: request.metadata,
    searchAttributes: request.searchAttributes ?? true,
    ...(request.continueAsNewAfterSteps !== undefined
      ? { continueAsNewAfterSteps: request.continueAsNewAfterSteps }
      : {}),
  };
}

/** Checks the request, then starts an agent job. */
export async function startAgent(
  client: Client,
  request: AgentRequest,
  options: AgentClientOptions = {},
): Promise<AgentHandle> {
  const input = { ...prepareAgent(request), ...expectedCatalog(options) };
  const workflowId = options.workflowId ?? `agent-${input.agent.name}-${randomUUID()}`;
  const goal = input.goal.replace(/\s+/g, ' ');
  await client.workflow.start<typeof agentWorkflow>('agentWorkflow', {
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    workflowId,
    args: [input],
    staticSummary: `agent ${input.agent.name}: ${goal.length > 150 ? `${goal.slice(0, 149)}…` : goal}`,
    staticDetails:
      `**agent** ${input.agent.name} · **task** ${input.agent.task} · **tools** ${input.agent.tools.join(', ') || 'none'} · ` +
      `**budget** ${input.agent.limits?.maxCostUsd === undefined ? 'none' : `$${input.agent.limits.maxCostUsd}`}\n\n` +
      WHERE_THE_LEDGER_IS,
    memo: { agent: input.agent.name, task: input.agent.task, ...(input.metadata ?? {}) },
    typedSearchAttributes:
      input.searchAttributes === false ? undefined : agentStartAttributes(input.agent.name, input.metadata?.sessionId),
  });
  return getAgentHandle(client, workflowId);
}

/** Runs an agent job to its end (only sensible for agents that need no person). */
export async function runAgent(
  client: Client,
  request: AgentRequest,
  options: AgentClientOptions = {},
): Promise<AgentResult> {
  return (await startAgent(client, request, options)).result();
}

/** A handle on an existing agent job, by workflow id. */
export function getAgentHandle(client: Client, workflowId: string): AgentHandle {
  const handle = client.workflow.getHandle<typeof agentWorkflow>(workflowId);
  return {
    workflowId,
    handle,
    send: (text) => handle.signal(sendMessageSignal, { text }),
    approve: (callId, note) => handle.signal(approveSignal, { callId, note }),
    deny: (callId, note) => handle.signal(denySignal, { callId, note }),
    pause: () => handle.signal(pauseSignal),
    resume: () => handle.signal(resumeSignal),
    cancel: (reason) => handle.signal(cancelAgentSignal, reason),
    status: () => readable(workflowId, 'status', () => handle.query(agentStatusQuery)),
    transcript: (lastTurns) => readable(workflowId, 'transcript', () => handle.query(transcriptQuery, lastTurns)),
    ledger: () => readable(workflowId, 'ledger', () => handle.query(agentLedgerQuery)),
    result: () =>
      handle.result().catch((error: unknown) => {
        throw explainFailure(error, workflowId, 'result');
      }),
  };
}

/** zod of an agent in a config file (`agents.<name>`); the final schema is a JSON Schema object there. */
export const agentConfigSchema = z.object({
  instructions: z.string().min(1),
  tools: z.array(z.string()).default([]),
  task: z.string().min(1),
  finalSchema: z.record(z.string(), z.unknown()),
  limits: z
    .object({
      maxSteps: z.number().int().positive().optional(),
      maxCostUsd: z.number().positive().optional(),
      maxWallTimeMs: z.number().int().positive().optional(),
    })
    .optional(),
  approval: z
    .object({
      tools: z.array(z.string()),
      timeoutMs: z.number().int().positive().optional(),
      defaultDecision: z.enum(['approved', 'denied']).optional(),
    })
    .optional(),
  compression: z
    .object({
      thresholdTokens: z.number().int().positive(),
      keepRecentTurns: z.number().int().min(0).optional(),
      task: z.string().optional(),
    })
    .optional(),
  toolTimeoutMs: z.number().int().positive().optional(),
  toolTries: z.number().int().positive().optional(),
});

/** An agent from a config file's `agents` section, checked. */
export function agentFromConfig(name: string, value: unknown): AgentDefinition {
  const parsed = agentConfigSchema.safeParse(value);
  if (!parsed.success) {
    const message = issuesText(parsed.error.issues, { root: `agents.${name}` });
    throw new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
  }
  return { name, ...parsed.data } as AgentDefinition;
}
