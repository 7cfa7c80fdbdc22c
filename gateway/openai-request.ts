/**
 * OpenAI's chat-completions wire format at the front door, the request side: a request body becomes a
 * `CascadeRequest` (openai-response.ts turns the result into a `chat.completion`). Pure: no HTTP, no Temporal.
 */
import { createHash } from 'node:crypto';
import type { CascadeRequest } from '../client/prepare';
import type { ChatMessage, RequestMetadata } from '../workflows/definitions';
import type { GatewayConfig } from './config';
import { badRequest, GatewayError } from './errors';
import { pendingMedia, type PendingMedia } from './openai-media';

/** Prefix under which `/v1/models` lists tasks; a bare task name is accepted too. */
export const MODEL_PREFIX = 'cascade/';

export interface ParsedChatRequest {
  task: string;
  request: CascadeRequest;
  stream: boolean;
  includeUsage: boolean;
  /** Images and PDFs of the messages, to be stored before the request starts (`attachMedia`). */
  media: PendingMedia[];
  /** SHA-256 of the request's meaning (canonical JSON, streaming options left out): same key + other body = 409. */
  fingerprint: string;
}

/** Parameters that change what the answer is and that a cascade cannot honour: refused, never silently dropped. */
const UNSUPPORTED = ['tools', 'functions', 'tool_choice', 'function_call', 'audio', 'modalities', 'prediction'];

type Body = Record<string, unknown>;

export function taskOfModel(model: string): string {
  return model.startsWith(MODEL_PREFIX) ? model.slice(MODEL_PREFIX.length) : model;
}

/** Checks a `POST /v1/chat/completions` body and turns it into a cascade request. */
export function parseChatRequest(
  raw: unknown,
  config: GatewayConfig,
  knownTasks: readonly string[],
): ParsedChatRequest {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('the request body must be a JSON object');
  const body = raw as Body;
  if (typeof body.model !== 'string' || !body.model)
    throw badRequest('model is required: a task name (GET /v1/models lists them)', 'model');
  const task = taskOfModel(body.model);
  if (!knownTasks.includes(task)) {
    throw new GatewayError({
      status: 404,
      type: 'invalid_request_error',
      code: 'model_not_found',
      param: 'model',
      message: `The model \`${body.model}\` does not exist: models are the tasks of the catalog (${knownTasks.map((t) => MODEL_PREFIX + t).join(', ')})`,
    });
  }
  for (const name of UNSUPPORTED) {
    if (body[name] !== undefined && body[name] !== null) {
      throw badRequest(`${name} is not supported: a cascade answers with JSON validated against a schema`, name);
    }
  }
  if (body.n !== undefined && body.n !== null && body.n !== 1)
    throw badRequest('n must be 1: a cascade returns one validated answer', 'n');
  const { schema, schemaName } = schemaOf(body, config, task);
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined | null;
  const { stream: _stream, stream_options: _streamOptions, ...meaning } = body;
  const media: PendingMedia[] = [];
  return {
    task,
    request: {
      task,
      schema,
      ...(schemaName ? { schemaName } : {}),
      messages: messagesOf(body.messages, media),
      ...metadataOf(body),
    },
    stream: body.stream === true,
    includeUsage: streamOptions?.include_usage === true,
    media,
    fingerprint: createHash('sha256').update(canonicalJson(meaning)).digest('hex'),
  };
}

function schemaOf(
  body: Body,
  config: GatewayConfig,
  task: string,
): { schema: Record<string, unknown>; schemaName?: string } {
  const format = body.response_format as
    { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } } | undefined | null;
  const fallback = config.tasks[task];
  if (format?.type === 'json_schema') {
    const schema = format.json_schema?.schema;
    if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
      throw badRequest('response_format.json_schema.schema must be a JSON Schema object', 'response_format');
    }
    const name = typeof format.json_schema?.name === 'string' ? format.json_schema.name : undefined;
    return { schema: schema as Record<string, unknown>, ...(name ? { schemaName: name } : {}) };
  }
  if (format && format.type !== 'text' && format.type !== 'json_object') {
    throw badRequest(`response_format.type must be json_schema, json_object or text`, 'response_format');
  }
  if (fallback?.schema)
    return { schema: fallback.schema, ...(fallback.schemaName ? { schemaName: fallback.schemaName } : {}) };
  throw badRequest(
    `task "${task}" declares no default schema: send response_format {"type":"json_schema","json_schema":{"name":…,"schema":{…}}}`,
    'response_format',
  );
}

function messagesOf(value: unknown, media: PendingMedia[]): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) throw badRequest('messages must be a non-empty array', 'messages');
  return value.map((message: unknown, index) => {
    const m = (message ?? {}) as { role?: unknown; content?: unknown };
    const role = m.role === 'developer' ? 'system' : m.role;
    if (role !== 'system' && role !== 'user' && role !== 'assistant') {
      throw badRequest(
        `messages[${index}].role must be system, developer, user or assistant`,
        `messages[${index}].role`,
      );
    }
    return { role, content: contentOf(m.content, index, role === 'user' ? media : undefined) };
  });
}

/**
 * A message's text; its `image_url` and `file` parts (user messages only) go to `media`, in order, to be stored by
 * the gateway and sent by reference (openai-media.ts).
 */
function contentOf(content: unknown, index: number, media: PendingMedia[] | undefined): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown, p) => {
        const piece = (part ?? {}) as { type?: unknown; text?: unknown };
        if (piece.type === 'text' && typeof piece.text === 'string') return piece.text;
        const pending = media && pendingMedia(piece, `messages[${index}].content[${p}]`);
        if (pending) {
          media!.push({ message: index, ...pending });
          return '';
        }
        throw badRequest(
          `messages[${index}].content[${p}]: only text parts, and image_url and file parts in user messages, are supported`,
          `messages[${index}].content`,
        );
      })
      .join('');
  }
  throw badRequest(
    `messages[${index}].content must be a string or an array of content parts`,
    `messages[${index}].content`,
  );
}

/** `user` becomes the user id; `metadata` (strings) the session id (`session_id`) and tags (`key=value`). */
function metadataOf(body: Body): { metadata?: RequestMetadata } {
  const metadata: RequestMetadata = {};
  if (body.user !== undefined && body.user !== null) {
    if (typeof body.user !== 'string') throw badRequest('user must be a string', 'user');
    metadata.userId = body.user;
  }
  if (body.metadata !== undefined && body.metadata !== null) {
    if (typeof body.metadata !== 'object' || Array.isArray(body.metadata))
      throw badRequest('metadata must be an object of strings', 'metadata');
    const tags: string[] = [];
    for (const [key, value] of Object.entries(body.metadata)) {
      if (typeof value !== 'string') throw badRequest(`metadata.${key} must be a string`, 'metadata');
      if (key === 'session_id') metadata.sessionId = value;
      else tags.push(`${key}=${value}`);
    }
    if (tags.length) metadata.tags = tags;
  }
  return Object.keys(metadata).length ? { metadata } : {};
}

/** JSON with object keys sorted at every level, so equal requests hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
