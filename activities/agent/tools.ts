/**
 * Agent tools: ordinary Temporal activities with a name, a description and a schema for their arguments (zod or
 * JSON Schema). The plugin registers each as `agentTool.<name>`; the agent workflow embeds each tool's argument
 * schema in its step schema, and the activity checks the arguments again (ajv) before `run` ever sees them.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { z } from 'zod';
import { compileSchema, validateOutput, withoutMetaSchema } from '../../catalog/node/json-schema';
import type { JsonObject, JsonValue } from '../../workflows/definitions';
import {
  AgentFailureType,
  toolActivityName,
  type ToolCallOptions,
  type ToolResultRef,
} from '../../workflows/agent/definitions';
import { claimed, type ClaimCheck } from '../claim-check/store';
import { createAgentLocalActivities } from './local';

/** What a tool's `run` receives besides its arguments. */
export interface ToolContext {
  /** The activity's cancellation signal (worker shutdown, workflow cancelled, timeout). */
  signal: AbortSignal;
  /** Workflow id of the agent job calling the tool. */
  workflowId: string;
  /**
   * This call's id, the same on every try of it and different for every other call: `<workflow id>/<first run
   * id>/s<step>c<n>` (the job, its step, the call's place in the step). A tool runs at least once: when its worker
   * dies mid-call, Temporal runs it again. Give this id to the service a side effect goes to (an idempotency key)
   * or record it with the effect, and a repeated call does nothing twice.
   */
  callId: string;
  /** Temporal attempt number of this call (1 = first). */
  attempt: number;
  heartbeat(details?: unknown): void;
}

/** A tool definition, as `tool({ name, description, input, run })` returns it. */
export interface AgentTool<Args = unknown> {
  name: string;
  description: string;
  /** JSON Schema of the arguments (converted from zod when a zod schema was given). */
  inputSchema: JsonObject;
  /** Start-to-close timeout of one call, ms. @default the agent's `toolTimeoutMs`, else 60000 */
  timeoutMs?: number;
  run(args: Args, context: ToolContext): Promise<unknown> | unknown;
  /** zod parser of the arguments, when the tool was defined with zod (typed, defaults applied). */
  parse?: (args: unknown) => unknown;
}

export interface ToolOptions<S> {
  /** Letters, digits, `_` and `-` (it names an activity and is what the model writes). */
  name: string;
  /** What the tool does and when to use it: the model reads this. */
  description: string;
  /** The arguments: a zod schema or a JSON Schema object. */
  input: S;
  timeoutMs?: number;
  run(args: S extends z.ZodType ? z.output<S> : JsonValue, context: ToolContext): Promise<unknown> | unknown;
}

const NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

/** Defines a tool. Register it with `new CascadePlugin({ tools: [myTool] })`. */
export function tool<S extends z.ZodType | JsonObject>(
  options: ToolOptions<S>,
): AgentTool<S extends z.ZodType ? z.output<S> : JsonValue> {
  if (!NAME.test(options.name)) {
    throw new Error(`tool name ${JSON.stringify(options.name)} must match ${NAME.source}`);
  }
  const zodSchema = options.input instanceof z.ZodType ? options.input : undefined;
  const inputSchema = withoutMetaSchema(
    zodSchema ? (z.toJSONSchema(zodSchema, { io: 'input' }) as Record<string, unknown>) : (options.input as JsonObject),
  ) as JsonObject;
  compileSchema(inputSchema); // a schema that does not compile is a start-up error, not a failed call
  type Args = S extends z.ZodType ? z.output<S> : JsonValue;
  return {
    name: options.name,
    description: options.description,
    inputSchema,
    timeoutMs: options.timeoutMs,
    run: options.run as AgentTool<Args>['run'],
    ...(zodSchema ? { parse: (args: unknown) => zodSchema.parse(args) } : {}),
  };
}

/** A tool's activity (`agentTool.<name>`), as the agent workflow calls it. */
export type ToolActivity = (args: JsonValue, options?: ToolCallOptions) => Promise<JsonValue | ToolResultRef>;

/** The activities of a set of tools: one per tool, plus the agent workflow's local activities. */
export function createToolActivities(tools: readonly AgentTool<never>[] = [], claims?: ClaimCheck) {
  const byName = new Map<string, AgentTool<never>>();
  for (const definition of tools) {
    if (byName.has(definition.name)) throw new Error(`tool ${definition.name} is registered twice`);
    byName.set(definition.name, definition);
  }
  const toolActivities: Record<string, ToolActivity> = {};
  for (const definition of byName.values()) {
    toolActivities[toolActivityName(definition.name)] = async (args, options) => {
      const result = await runTool(definition, args, options?.callId);
      // Claim check: the result goes to the store and only its reference into history.
      return options?.claim ? ({ ref: await claimed(claims).put(result) } satisfies ToolResultRef) : result;
    };
  }
  return { ...createAgentLocalActivities(byName, claims), ...toolActivities };
}

async function runTool(definition: AgentTool<never>, args: unknown, callId: string | undefined): Promise<JsonValue> {
  // The step schema already validated these; checking again keeps the promise that `run` never sees invalid input.
  const validation = validateOutput(definition.inputSchema, args);
  if (!validation.valid) {
    throw ApplicationFailure.create({
      type: AgentFailureType.InvalidArguments,
      nonRetryable: true,
      message: `invalid arguments for ${definition.name}: ${validation.errors.slice(0, 5).join('; ')}`,
    });
  }
  const context = Context.current();
  const { workflowExecution, activityId } = context.info;
  const parsed = definition.parse ? definition.parse(args) : args;
  const result = await definition.run(parsed as never, {
    signal: context.cancellationSignal,
    workflowId: workflowExecution?.workflowId ?? '',
    // Jobs whose workflow gives no id (started before it did) get one that is stable across this activity's tries.
    callId: callId ?? `${workflowExecution?.workflowId}/${workflowExecution?.runId}/activity-${activityId}`,
    attempt: context.info.attempt,
    heartbeat: (details) => context.heartbeat(details),
  });
  // Results travel through history: keep them JSON (undefined becomes null).
  return result === undefined ? null : (JSON.parse(JSON.stringify(result)) as JsonValue);
}
