/**
 * Types of the fake OpenAI-compatible provider (see `fake-provider.ts`).
 *
 * Kept apart from the server so tests, benchmarks and the demo can import the script vocabulary
 * without pulling in `node:http`.
 */
import type { MediaPricing } from '../catalog/media';
import type { ModelPrice } from '../catalog/types';

/** Token counts a scripted reply may force; anything left out is counted from the request/response. */
export interface FakeUsage {
  promptTokens?: number;
  completionTokens?: number;
  /** Part of `promptTokens` served from the prompt cache (`usage.prompt_tokens_details.cached_tokens`). */
  cachedTokens?: number;
}

/** A normal answer: HTTP 200 with a `chat.completion` object. */
export interface FakeContentReply {
  kind: 'content';
  /** Text of the answer; any non-string value is sent as its `JSON.stringify` text. */
  content: unknown;
  finishReason?: 'stop' | 'length' | 'content_filter';
  /**
   * Native tool calls (`message.tool_calls`, `finish_reason: tool_calls`) instead of text: each call's function name
   * and its arguments as JSON text (sent verbatim, so it may be invalid). `content` is then ignored (sent as null).
   */
  toolCalls?: { name: string; arguments: string }[];
  usage?: FakeUsage;
  /**
   * The `usage` block sent on the wire in place of the counted one, verbatim: `null` leaves it out, anything
   * else (negative counts, strings) goes as is. The call log still records what a provider would have billed.
   */
  wireUsage?: unknown;
  delayMs?: number;
  /**
   * The generation goes on when the client gives up during `delayMs` (its timeout, a cancellation), and is billed,
   * as a hosted provider's meter does: the call log gets its `usage` (and `abandoned: true`) once the delay is over.
   */
  keepsGenerating?: boolean;
}

/** HTTP 200 with usage but no usable choice: `choices` left out (`'missing'`, default) or empty (`'empty'`). */
export interface FakeNoChoicesReply {
  kind: 'no_choices';
  choices?: 'missing' | 'empty';
  usage?: FakeUsage;
  delayMs?: number;
}

/**
 * HTTP 200 whose answer is `bytes` bytes of text, streamed in chunks (never held whole), with its usage after
 * the choices as the real API orders them.
 */
export interface FakeHugeReply {
  kind: 'huge';
  bytes: number;
  /** Stop sending after this many answer bytes and hold the connection open (a body that stalls half-way). */
  stallAfterBytes?: number;
  finishReason?: 'stop' | 'length';
  usage?: FakeUsage;
  delayMs?: number;
}

/** A model refusal: HTTP 200, `message.content: null`, `message.refusal` set. */
export interface FakeRefusalReply {
  kind: 'refusal';
  refusal: string;
  usage?: FakeUsage;
  delayMs?: number;
}

/** HTTP 200 with an empty string as content. */
export interface FakeEmptyReply {
  kind: 'empty';
  usage?: FakeUsage;
  delayMs?: number;
}

/** An HTTP error with OpenAI's error body `{ error: { message, type, param, code } }`. */
export interface FakeErrorReply {
  kind: 'error';
  status: number;
  /** Defaults per status, e.g. 429 "Rate limit reached…", 503 "The server is overloaded…". */
  message?: string;
  type?: string;
  /** e.g. `rate_limit_exceeded`, `context_length_exceeded`, `invalid_api_key`, `insufficient_quota`. */
  code?: string;
  /** Extra response headers, e.g. `{ 'retry-after': '2' }`. */
  headers?: Record<string, string>;
  /** Context window quoted in the default `context_length_exceeded` message (default 128000). */
  contextWindow?: number;
  delayMs?: number;
}

/** Never answer: the socket stays open until the client gives up or the provider is closed. */
export interface FakeHangReply {
  kind: 'hang';
}

/** Destroy the socket without any response (the client sees ECONNRESET / "other side closed"). */
export interface FakeResetReply {
  kind: 'reset';
  delayMs?: number;
}

/** One scripted answer, discriminated by `kind`. */
export type FakeReply =
  | FakeContentReply
  | FakeRefusalReply
  | FakeEmptyReply
  | FakeNoChoicesReply
  | FakeHugeReply
  | FakeErrorReply
  | FakeHangReply
  | FakeResetReply;

/** What a behaviour function learns about the call it answers. */
export interface FakeCallContext {
  /** The request body's `model`. */
  model: string;
  /** The parsed request body (a `ChatCompletionCreateParams`). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- scripts poke at arbitrary request fields
  body: any;
  /** 0-based count of calls to this model since it was (re)configured with `setModel`. */
  callIndex: number;
  /** Prompt tokens as the provider counts them (gpt-tokenizer, o200k_base, plus per-message overhead). */
  promptTokens: number;
}

/**
 * How a model answers: one reply for every call, a queue consumed one per call (the last entry repeats
 * once the queue runs dry), or a function of the call.
 */
export type FakeBehavior = FakeReply | FakeReply[] | ((ctx: FakeCallContext) => FakeReply | Promise<FakeReply>);

/**
 * One request as the provider received it. It enters the log as soon as its reply is chosen (before any
 * delay, hang or reset), so a hanging call is visible; `status`, `usage` and `durationMs` are filled in
 * when the response goes out (or the connection ends).
 */
export interface FakeCall {
  /** Monotonic over the provider's lifetime (not reset by `clearCalls`). */
  seq: number;
  /**
   * What the request was: a chat completion (absent on those, so older logs read the same), or a call of the Files
   * and Batches APIs. Lines answered inside a batch are not calls: they are in `batchLines`.
   */
  kind?: FakeCallKind;
  /** Arrival time, epoch ms. */
  at: number;
  model: string;
  /** The parsed request body (`null` when it was not valid JSON). */
  body: unknown;
  /** HTTP status sent; 0 while pending and for `hang`/`reset` (no response was ever sent). */
  status: number;
  reply: FakeReply['kind'];
  /** What was billed on this call; present on 200 responses only. */
  usage?: { promptTokens: number; completionTokens: number; cachedTokens: number; imageTokens?: number };
  /** The `Authorization` header as received, e.g. `Bearer sk-test`. */
  authorization?: string;
  /** Arrival to response (or to reset/close), ms; absent while pending. */
  durationMs?: number;
  /** The client left before the answer, and the fake generated and billed it anyway (`keepsGenerating`). */
  abandoned?: true;
}

/** Requests of the Files and Batches APIs, as the call log names them. */
export type FakeCallKind =
  'file_upload' | 'file_content' | 'batch_create' | 'batch_retrieve' | 'batch_list' | 'batch_cancel';

/**
 * How the next batches end: `complete` (every line answered as a chat call would be), `expire` (the completion
 * window passes first: every line comes back `batch_expired`, nothing billed), `hold` (stays in_progress until the
 * behaviour changes or it is cancelled).
 */
export type FakeBatchBehavior = 'complete' | 'expire' | 'hold';

/** How long a batch spends in each status, ms of real time (a day at OpenAI; a fraction of a second here). */
export interface FakeBatchTiming {
  validatingMs: number;
  inProgressMs: number;
  finalizingMs: number;
}

/** One line answered inside a batch: what it asked for, what it got, what it bills (at the batch rate). */
export interface FakeBatchLine {
  batchId: string;
  customId: string;
  model: string;
  status: number;
  usage?: { promptTokens: number; completionTokens: number; cachedTokens: number; imageTokens?: number };
}

/** What the fake has billed, integer micro-USD, by the prices it was given (`FakeProviderOptions.prices`). */
export interface FakeBill {
  /** Chat completions at list price. */
  chatMicroUsd: number;
  /** Batch lines at the batch rate (the price's `batchDiscount` off). */
  batchMicroUsd: number;
  totalMicroUsd: number;
}

/** Options of `startFakeProvider`. */
export interface FakeProviderOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Initial behaviours by model id; more can be added with `setModel`. */
  models?: Record<string, FakeBehavior>;
  /** When set, a request whose bearer token differs gets 401 `invalid_api_key`, as OpenAI does. */
  apiKey?: string;
  /** Oldest calls are dropped past this many, so long benchmarks do not grow without bound (default 50000). */
  callLogLimit?: number;
  /** Prices by model id, for `bill()`; a model without one bills nothing there. */
  prices?: Record<string, ModelPrice>;
  /** How each model (by id) counts images and PDF pages (catalog/media.ts); a model without one answers 400 to them. */
  media?: Record<string, MediaPricing>;
}

/** A running fake provider. */
export interface FakeProvider {
  /** `http://127.0.0.1:PORT/v1`, ready for `new OpenAI({ baseURL })`. */
  baseURL: string;
  port: number;
  /** The live call log (same objects `GET /__calls` serialises). */
  calls: FakeCall[];
  /** Set or replace a model's behaviour; resets its call index and queue position. */
  setModel(model: string, behavior: FakeBehavior): void;
  /** Empty the call log and the batch line log (so `bill()` starts again from zero). */
  clearCalls(): void;
  /** Lines answered inside batches (`GET /__batch-lines` serves them too). */
  batchLines: FakeBatchLine[];
  /** How batches created from now on end, and how long each status lasts. */
  setBatchBehavior(behavior: FakeBatchBehavior, timing?: Partial<FakeBatchTiming>): void;
  /** The provider's bill since the last `clearCalls`: chat calls at list price, batch lines at the batch rate. */
  bill(): FakeBill;
  /** Stop listening and destroy every open socket, hanging ones included. */
  close(): Promise<void>;
}
