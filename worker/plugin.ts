import { hostname } from 'node:os';
import { SimplePlugin } from '@temporalio/plugin';
import type { WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ResultSink } from '../activities/batch/sink';
import type { AgentTool } from '../activities/agent/tools';
import type { CheckFunction } from '../activities/checks';
import type { CandidateStatsOptions } from '../activities/cascade/candidate-stats';
import type { ClaimCheckOptions } from '../activities/claim-check/store';
import type { CooldownOptions } from '../activities/cascade/cooldown';
import { loadCatalog } from '../catalog/node/load';
import { registerSecret } from '../catalog/redact';
import { failureConverterPath, withCodec, workerCodec, WORKFLOW_INTERCEPTORS_PATH } from '../codec/data-converter';
import type { EncryptionOptions } from '../codec/keys';
import { encryptionActivityInterceptor } from '../codec/activity-interceptors';
import type { Catalog } from '../catalog/types';
import { catalogFingerprint } from '../catalog/node/fingerprint';
import { withCatalog } from './catalog-identity';

/** Options of {@link CascadePlugin}. */
export interface CascadePluginOptions {
  /**
   * The worker's catalog, the one source of truth for routing: every request and batch this worker runs is
   * planned on it (route, prices, start rules, context windows), and its providers are the ones called. A loaded
   * `Catalog`, a path to a catalog JSON file, or undefined for the default catalog. Clients send requests, never
   * routes; a catalog given to a client is a local pre-check only.
   * @default the built-in catalog
   */
  catalog?: Catalog | string;
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
   * hashes, sizes and token counts, so it grows by a bounded amount per step. The default file store needs every
   * worker of the task queue on one filesystem; on several hosts give a shared `store` (see docs/agents.md).
   * Encrypted with `encryption`'s keys when that is set.
   * @default a file store in $LLM_CASCADE_CLAIM_DIR, else `.llm-cascade/claims` under the working directory
   */
  claimCheck?: ClaimCheckOptions;
  /**
   * Encrypt every payload this worker writes (AES-256-GCM; see the README's security section). Clients need the same
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

/**
 * Registers llm-cascade's activities on a Temporal worker.
 *
 * A plugin cannot add a second workflows path, so re-export our workflows from your own workflows module:
 *
 * ```ts
 * // workflows.ts (your workflowsPath)
 * export * from 'llm-cascade/workflow';
 * // worker.ts
 * await Worker.create({ connection, taskQueue: 'llm-cascade', workflowsPath: require.resolve('./workflows'),
 *   plugins: [new CascadePlugin({ catalog: './catalog.json' })] });
 * ```
 * @experimental
 */
export class CascadePlugin extends SimplePlugin {
  /** The catalog the activities were built from. */
  readonly catalog: Catalog;
  /** Its fingerprint (`catalogFingerprint`): published in the worker's identity and recorded in every plan. */
  readonly catalogFingerprint: string;
  /** The identity of the worker this plugin configured (the SDK's default until then), catalog tag included. */
  private readonly identity: { value: string };

  constructor(options: CascadePluginOptions = {}) {
    const catalog = typeof options.catalog === 'object' ? options.catalog : loadCatalog(options.catalog);
    const fingerprint = catalogFingerprint(catalog);
    // Read when a request is planned: by then configureWorker has set the worker's real identity.
    const identity = { value: withCatalog(`${process.pid}@${hostname()}`, fingerprint) };
    const activities = createActivities({ ...options, catalog, workerIdentity: () => identity.value });
    // The keys this worker sends are scrubbed from every error text and log line it writes.
    const env = options.env ?? process.env;
    for (const provider of Object.values(catalog.providers))
      if (provider.apiKeyEnv) registerSecret(env[provider.apiKeyEnv]);
    const codec = workerCodec(options.encryption);
    const failurePath = failureConverterPath(options.encryption);
    super({
      name: 'llm-cascade.CascadePlugin',
      activities,
      dataConverter: (existing) => withCodec(existing, codec, failurePath),
      // Applied when the worker bundles a workflowsPath itself; our prebuilt bundle includes it (worker/bundle.ts).
      // An activity whose input this worker cannot decrypt fails at once with EncryptionKeyMismatchError.
      workerInterceptors: { workflowModules: [WORKFLOW_INTERCEPTORS_PATH], activity: [encryptionActivityInterceptor] },
    });
    this.catalog = catalog;
    this.catalogFingerprint = fingerprint;
    this.identity = identity;
  }

  /** The worker's identity carries the catalog's fingerprint, so every poller of a queue says which catalog it runs. */
  override configureWorker(options: WorkerOptions): WorkerOptions {
    const configured = super.configureWorker(options);
    const identity = withCatalog(configured.identity ?? `${process.pid}@${hostname()}`, this.catalogFingerprint);
    this.identity.value = identity;
    return { ...configured, identity };
  }

  /** The identity of the last worker this plugin configured, e.g. `4242@host catalog:3f9a2c71b0de4a55`. */
  get workerIdentity(): string {
    return this.identity.value;
  }
}
