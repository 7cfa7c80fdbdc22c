/** The activities llm-cascade registers on a worker, built from the worker's catalog. */
import type { Catalog } from '../catalog/types';
import type { EncryptionOptions } from '../codec/keys';
import { createToolActivities, type AgentTool } from './agent/tools';
import { ClaimCheck, type ClaimCheckOptions } from './claim-check/store';
import { createBatchActivities } from './batch/io';
import { createProviderBatchActivities } from './batch/provider-batch';
import type { ResultSink } from './batch/sink';
import { createCallModel } from './cascade/call-model';
import { createPlanActivities } from './cascade/plan';
import type { CheckFunction } from './checks';
import { CandidateStats, type CandidateStatsOptions } from './cascade/candidate-stats';
import { CooldownTracker, type CooldownOptions } from './cascade/cooldown';
import { ProviderClients } from './cascade/providers';

export interface ActivityOptions {
  catalog: Catalog;
  /** fetch used for provider calls; the test seam. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Where provider API keys are read from. @default process.env */
  env?: Record<string, string | undefined>;
  cooldown?: CooldownOptions;
  /** The window of recent calls per candidate behind `order: 'measured'` and latency goals. */
  measurements?: CandidateStatsOptions;
  /** Byte cap of a provider's answer body; larger answers are billed as `too_large`. @default 1_000_000 */
  maxAnswerBytes?: number;
  /** Where batch results and errors are recorded. @default a JSONL file sink (workers sharing one filesystem) */
  batchSink?: ResultSink;
  /** Checks of your own, referenced by name from task and request checks (`{ check: 'custom', name }`). */
  checks?: Readonly<Record<string, CheckFunction>>;
  /** Tools agent jobs may call, each registered as the activity `agentTool.<name>`. */
  tools?: readonly AgentTool<never>[];
  /** Keep answer text (refusals, non-JSON snippets) in logs and ledger messages. @default false */
  logContent?: boolean;
  /** Where agent prompts, transcripts and tool results are kept (history carries references). @default a file store */
  claimCheck?: ClaimCheckOptions;
  /** Encrypts the claim-check store's contents with the worker's payload keys. @default off */
  encryption?: EncryptionOptions;
  /** The worker's identity, named when a request sent for another catalog is refused. */
  workerIdentity?: () => string;
}

export function createActivities(options: ActivityOptions) {
  const clients = new ProviderClients(options.catalog.providers, { fetch: options.fetch, env: options.env });
  const cooldown = new CooldownTracker(options.cooldown);
  const stats = new CandidateStats(options.measurements);
  const claims = ClaimCheck.fromOptions(options.claimCheck, options.encryption);
  return {
    ...createPlanActivities({
      catalog: options.catalog,
      measureOf: (ref) => stats.measure(ref),
      claims,
      workerIdentity: options.workerIdentity,
    }),
    callModel: createCallModel({
      clients,
      cooldown,
      stats,
      maxAnswerBytes: options.maxAnswerBytes,
      checks: options.checks,
      logContent: options.logContent,
      claims,
    }),
    ...createBatchActivities({ sink: options.batchSink }),
    ...createProviderBatchActivities({ clients, checks: options.checks }),
    ...createToolActivities(options.tools, claims),
  };
}

export type CascadeActivities = ReturnType<typeof createActivities>;
