/** The activities llm-cascade registers on a worker, built from the worker's catalog. */
import { createToolActivities } from './agent/tools';
import { MediaStore, openBlobStore } from '../blobs';
import { ClaimCheck } from './claim-check/store';
import { createBatchActivities } from './batch/io';
import { AnswerSpool, createProviderBatchActivities } from './batch/provider-batch';
import { createCallModel, type CallModelDeps } from './cascade/call-model';
import { createPlanActivities } from './cascade/plan';
import { CandidateStats } from './cascade/candidate-stats';
import { RetryStats } from './cascade/retry-stats';
import { CooldownTracker } from './cascade/cooldown';
import { ProviderClients } from './cascade/providers';
import type { ActivityOptions } from './options';

export type { ActivityOptions } from './options';

export function createActivities(
  options: ActivityOptions & {
    /** The worker's identity, named when a request sent for another catalog is refused. */
    workerIdentity?: () => string;
    /** Where this worker's more-tokens retries are measured (the plugin seeds it from the ledger store). */
    retryStats?: RetryStats;
    /** The worker's ledger store: billed answers recorded by the activity that got them. */
    recordBilled?: CallModelDeps['recordBilled'];
  },
) {
  const clients = new ProviderClients(options.catalog.providers, { fetch: options.fetch, env: options.env });
  const cooldown = new CooldownTracker(options.cooldown);
  const stats = new CandidateStats(options.measurements);
  const retryStats = options.retryStats ?? new RetryStats(options.retryMeasurements);
  // One blob store for the worker: claim checks and provider-batch answers, readable from every worker host.
  const blobs = openBlobStore(options.blobs);
  const named = options.blobs !== undefined || Boolean(process.env.LLM_CASCADE_BLOBS);
  const claims = ClaimCheck.fromOptions(options.claimCheck, options.encryption, { store: blobs, named });
  const spool = new AnswerSpool(blobs, options.encryption);
  return {
    ...createPlanActivities({
      catalog: options.catalog,
      measureOf: (ref) => stats.measure(ref),
      retryMeasureOf: (ref) => retryStats.measure(ref),
      claims,
      workerIdentity: options.workerIdentity,
      env: options.env,
    }),
    callModel: createCallModel({
      clients,
      cooldown,
      stats,
      retryStats,
      maxAnswerBytes: options.maxAnswerBytes,
      checks: options.checks,
      logContent: options.logContent,
      claims,
      media: new MediaStore(blobs, options.encryption),
      recordBilled: options.recordBilled,
    }),
    ...createBatchActivities({ sink: options.batchSink }),
    ...createProviderBatchActivities({ clients, checks: options.checks, spool }),
    ...createToolActivities(options.tools, claims),
  };
}

export type CascadeActivities = ReturnType<typeof createActivities>;
