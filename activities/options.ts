/**
 * What llm-cascade's activities are built from, documented once: the plugin's options (`CascadePluginOptions`) are
 * these with the catalog given by value or path, and a config file reaches every one of them (worker/config.ts).
 */
import type { Catalog } from '../catalog/types';
import type { EncryptionOptions } from '../codec/keys';
import type { AgentTool } from './agent/tools';
import type { ResultSink } from './batch/sink';
import type { RetryStatsOptions } from './cascade/retry-stats';
import type { CandidateStatsOptions } from './cascade/candidate-stats';
import type { CooldownOptions } from './cascade/cooldown';
import type { CheckFunction } from './checks';
import type { ClaimCheckOptions } from './claim-check/store';
import type { BlobStoreSetting } from '../blobs';

export interface ActivityOptions {
  /** The worker's catalog: the one source of truth for routing (see `CascadePluginOptions.catalog`). */
  catalog: Catalog;
  /**
   * fetch used for every provider call: a seam for tests and proxies.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * Where provider API keys are read from (by each provider's `apiKeyEnv`).
   * @default process.env
   */
  env?: Record<string, string | undefined>;
  /** When a failing provider is put in cooldown inside this worker, and for how long. */
  cooldown?: CooldownOptions;
  /**
   * The window of recent calls this worker keeps per candidate (served or failed, and latency), read when it plans
   * routes with `order: 'measured'` or requests with a `latencyGoalMs` (docs/routing.md).
   * @default the last 50 calls, none older than 10 minutes
   */
  measurements?: CandidateStatsOptions;
  /**
   * The window of more-tokens retries this worker keeps per model (how many ended `ok`), read by the cascade's rule
   * for whether a truncated answer is retried with more max_tokens or escalated at once (docs/routing.md).
   * @default the last 50 retries, none older than 7 days
   */
  retryMeasurements?: RetryStatsOptions;
  /**
   * Largest provider answer body kept, in bytes. The answer travels back through Temporal (2 MB payload limit);
   * a larger one is billed at its usage as `too_large` and the cascade moves on.
   * @default 1_000_000
   */
  maxAnswerBytes?: number;
  /**
   * Where batch results and errors are recorded. The default appends to JSONL files, which assumes every worker
   * sees the same filesystem; workers on several hosts need a shared store behind this interface.
   * @default a JSONL file sink
   */
  batchSink?: ResultSink;
  /**
   * Checks of your own, by name: `(output, input) => problem | undefined`, run on every schema-valid answer whose
   * task or request lists `{ check: 'custom', name }`. A returned problem makes the answer `check_failed`.
   */
  checks?: Readonly<Record<string, CheckFunction>>;
  /**
   * Tools agent jobs may call, defined with `tool({ name, description, input, run })`. Each is registered as an
   * ordinary activity (`agentTool.<name>`) with its own timeout and retries; an agent names the ones it may use.
   */
  tools?: readonly AgentTool<never>[];
  /**
   * Where agent jobs keep their prompts, transcripts and tool results (claim check): history carries only their
   * hashes, sizes and token counts, so it grows by a bounded amount per step. Kept in the worker's blob store
   * (`blobs`) unless given a store or a directory of its own here (see docs/agents.md). Encrypted with
   * `encryption`'s keys when that is set.
   * @default folder `claims/` of the blob store ($LLM_CASCADE_CLAIM_DIR when set and `blobs` is not named)
   */
  claimCheck?: ClaimCheckOptions;
  /**
   * The worker's blob store: agent claim checks and provider-batch answers, read by whichever worker host runs the
   * next activity. A directory (one host, or a shared mount) or an S3 bucket (`{ url: 's3://bucket/prefix' }`, AWS
   * credentials from the environment; docs/deploying.md). Objects are encrypted with `encryption`'s keys when that
   * is set, and named by hashes that give nothing away.
   * @default `{ url: $LLM_CASCADE_BLOBS }`, else the directory `.llm-cascade` under the working directory
   */
  blobs?: BlobStoreSetting;
  /**
   * Encrypt every payload this worker writes (AES-256-GCM; see docs/security.md). Clients need the same
   * keys (`cascadeDataConverter(encryption)`). Without it the worker writes clear payloads, and a payload it cannot
   * decrypt fails its workflow with a readable EncryptionKeyMismatchError either way.
   * @default off
   */
  encryption?: EncryptionOptions;
  /**
   * Keep answer text in logs and ledger messages: refusal text, the snippet of an answer that is not JSON, the
   * repeating unit of a repetition loop. Off, those say what happened and how long, never what was written.
   * @default false
   */
  logContent?: boolean;
}
