/**
 * The wire's basic shapes: JSON values, chat messages, output schemas, claim-check references, request metadata.
 * JSON-safe and sandbox-safe, like everything under workflows/definitions/.
 */
/** Default task queue of the llm-cascade worker. */
export const TASK_QUEUE = 'llm-cascade';

import type { MediaPart } from '../../catalog/media';

export type { MediaPart } from '../../catalog/media';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Images and PDFs sent with this message, after its text (user messages; see docs/multimodal.md). */
  media?: MediaPart[];
}

/**
 * A value kept in the worker's claim-check store instead of history: the SHA-256 (hex) of its JSON text, its size
 * and, when counted, its tokens. History carries only this; activities read and write the value itself.
 */
export interface BlobRef {
  hash: string;
  bytes: number;
  tokens?: number;
}

/** The output contract: a JSON Schema (data, not code, so it can live in history). */
export interface OutputSchema {
  /** Short name shown in the UI and sent as `json_schema.name` (letters, digits, `_` and `-`). */
  name: string;
  jsonSchema: JsonObject;
}

/** Who and what a request belongs to; travels in the memo and (session id only) a search attribute. */
export interface RequestMetadata {
  sessionId?: string;
  userId?: string;
  tags?: string[];
}
