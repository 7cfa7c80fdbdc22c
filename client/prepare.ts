/**
 * Turns a user's request into a checked `CascadeInput` before any workflow starts: the schema compiles, the
 * task and its models exist, the input is not empty and the prompt fits at least one candidate's context window.
 */
import { z } from 'zod';
import { checkSchemaStrict, compileSchema, withoutMetaSchema } from '../catalog/node/json-schema';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { largestContextWindow, resolveRoute } from '../catalog/route';
import { countPromptTokens } from '../catalog/node/tokens';
import type { CheckSpec } from '../catalog/checks';
import { checkListSchema } from '../catalog/node/checks-schema';
import type { Catalog } from '../catalog/types';
import type { CascadeInput, ChatMessage, JsonObject, RequestMetadata } from '../workflows/definitions';

/** A zod schema, or a JSON Schema object. */
export type SchemaInput = z.ZodType | Record<string, unknown>;

export interface CascadeRequest<S extends SchemaInput = SchemaInput> {
  /** Task type: names the route in the catalog. */
  task: string;
  /** The output contract: zod (converted with z.toJSONSchema here, at the edge) or JSON Schema. */
  schema: S;
  /** Name of the schema shown in the UI and sent to providers. @default the schema's title, or 'output' */
  schemaName?: string;
  /** The document or question; becomes the user message. Give `input` or `messages`. */
  input?: string;
  /** Instructions placed before the input as a system message. @default the task's instructions in the catalog */
  instructions?: string;
  /** Checks answers must pass besides the task's own (catalog `routes.<task>.checks`). */
  checks?: CheckSpec[];
  /** Put a compact field list with the schema's descriptions into the system prompt (json_schema mode). @default the task's setting, else true */
  schemaInPrompt?: boolean;
  /** A full conversation, instead of `input`. */
  messages?: ChatMessage[];
  /** Budget of this request in USD. */
  maxCostUsd?: number;
  /** Longest total wait for providers that are down or rate-limited before failing as unavailable, ms. @default 900000 */
  maxWaitMs?: number;
  metadata?: RequestMetadata;
  /** Start at this tier by name, overriding the route's start rules. */
  startTier?: string;
  /** Upsert typed search attributes (must be registered: `llm-cascade setup`). @default true */
  searchAttributes?: boolean;
}

/**
 * Most prompt text one request may carry, in UTF-8 bytes. The prompt travels in the workflow's input and in every
 * attempt's activity arguments, and Temporal refuses any payload over 2 MB; the rest of the payload (schema,
 * route) needs room too. The same bound as a batch item's (activities/batch/io.ts).
 */
export const MAX_PROMPT_BYTES = 1_500_000;

function invalid(code: ConfigErrorCode, message: string): never {
  throw new CascadeConfigError({ code, message });
}

export function isZodSchema(schema: unknown): schema is z.ZodType {
  return schema instanceof z.ZodType;
}

/** The JSON Schema of a request's schema; throws a clear error when ajv cannot compile it. */
export function toJsonSchema(schema: SchemaInput): JsonObject {
  let json: Record<string, unknown>;
  try {
    json = isZodSchema(schema) ? (z.toJSONSchema(schema) as Record<string, unknown>) : schema;
  } catch (error) {
    invalid(
      ConfigErrorCode.InvalidSchema,
      `the zod schema cannot be expressed as JSON Schema: ${(error as Error).message}`,
    );
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    invalid(ConfigErrorCode.InvalidSchema, 'schema must be a JSON Schema object');
  try {
    checkSchemaStrict(json);
    compileSchema(json);
  } catch (error) {
    const message = (error as Error).message;
    const hint = /unknown keyword/.test(message)
      ? ' (check its spelling: unknown keywords would validate anything)'
      : '';
    invalid(ConfigErrorCode.InvalidSchema, `schema does not compile: ${message}${hint}`);
  }
  return withoutMetaSchema(json) as JsonObject;
}

/** Checks a request against the catalog and builds the workflow input. `now` is an ISO date for price lookup. */
export function prepareCascade(catalog: Catalog, request: CascadeRequest, now: string): CascadeInput {
  if (!request.task) invalid(ConfigErrorCode.InvalidRequest, 'task is required: name a route of the catalog');
  const task = catalog.routes[request.task];
  const messages = messagesOf({ ...request, instructions: request.instructions ?? task?.instructions });
  const promptBytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m.content), 0);
  if (promptBytes > MAX_PROMPT_BYTES) {
    invalid(
      ConfigErrorCode.PromptTooLarge,
      `the prompt is ${(promptBytes / 1e6).toFixed(1)} MB, over the ${MAX_PROMPT_BYTES / 1e6} MB a request may carry ` +
        `(Temporal refuses payloads over 2 MB, and the prompt travels in the workflow's input): split the input into ` +
        `smaller documents, e.g. one line each of a JSONL file for \`llm-cascade batch\``,
    );
  }
  const jsonSchema = toJsonSchema(request.schema);
  const estimatedInputTokens = countPromptTokens(messages, jsonSchema);
  const route = resolveRoute(catalog, request.task, {
    promptTokens: estimatedInputTokens,
    inputText: messages.map((m) => m.content).join('\n'),
    startTier: request.startTier,
    at: now,
  });
  const largest = largestContextWindow(route);
  if (estimatedInputTokens >= largest) {
    invalid(
      ConfigErrorCode.PromptTooLarge,
      `the prompt is about ${estimatedInputTokens} tokens, more than the largest context window of route "${request.task}" ` +
        `(${largest}); shorten or split the input, or add a model with a larger window to the route`,
    );
  }
  const maxWait = request.maxWaitMs;
  if (maxWait !== undefined && !(Number.isInteger(maxWait) && maxWait >= 0 && maxWait <= 30 * 86_400_000)) {
    invalid(ConfigErrorCode.InvalidRequest, `maxWaitMs must be whole milliseconds from 0 to 30 days, got ${maxWait}`);
  }
  if (request.maxCostUsd !== undefined && !(request.maxCostUsd > 0 && Number.isFinite(request.maxCostUsd))) {
    invalid(ConfigErrorCode.InvalidRequest, `maxCostUsd must be a positive number of USD, got ${request.maxCostUsd}`);
  }
  const title = typeof jsonSchema.title === 'string' ? jsonSchema.title : undefined;
  return {
    task: request.task,
    schema: { name: request.schemaName ?? title ?? 'output', jsonSchema },
    messages,
    route,
    estimatedInputTokens,
    maxCostUsd: request.maxCostUsd,
    ...(request.maxWaitMs !== undefined ? { maxWaitMs: request.maxWaitMs } : {}),
    metadata: request.metadata,
    searchAttributes: request.searchAttributes ?? true,
    ...taskChecks(catalog, request.task, request.checks),
    ...((request.schemaInPrompt ?? task?.schemaInPrompt) === false && { schemaInPrompt: false }),
  };
}

/** The task's checks from the catalog followed by the request's own (validated); `{}` when there are none. */
export function taskChecks(catalog: Catalog, task: string, own: unknown): { checks?: CheckSpec[] } {
  const checks = [...(catalog.routes[task]?.checks ?? []), ...requestChecks(own)];
  return checks.length > 0 ? { checks } : {};
}

/** A request's own checks, validated like the catalog's so a typo is an error before anything starts. */
function requestChecks(checks: unknown): CheckSpec[] {
  if (checks === undefined) return [];
  const parsed = checkListSchema.safeParse(checks);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) =>
      `checks${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`,
  );
  invalid(ConfigErrorCode.InvalidRequest, `invalid checks: ${lines.join('; ')}`);
}

function messagesOf(request: CascadeRequest): ChatMessage[] {
  if (request.messages && request.input !== undefined) {
    invalid(ConfigErrorCode.InvalidRequest, 'give either input or messages, not both');
  }
  const messages: ChatMessage[] = request.messages
    ? [...request.messages]
    : [
        ...(request.instructions ? [{ role: 'system' as const, content: request.instructions }] : []),
        { role: 'user' as const, content: request.input ?? '' },
      ];
  const roles = new Set(['system', 'user', 'assistant']);
  for (const [index, message] of messages.entries()) {
    if (!roles.has(message.role))
      invalid(ConfigErrorCode.InvalidRequest, `messages[${index}].role must be system, user or assistant`);
    if (typeof message.content !== 'string')
      invalid(ConfigErrorCode.InvalidRequest, `messages[${index}].content must be a string`);
  }
  if (!messages.some((m) => m.role === 'user' && m.content.trim())) {
    invalid(ConfigErrorCode.EmptyInput, 'the input is empty: give a non-empty input text or a user message');
  }
  return messages;
}
