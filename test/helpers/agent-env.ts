/**
 * An agent-job integration environment: the real dev server (from run-tests), a fake provider on loopback, a catalog
 * with an `agent` route (and a `summarise` route for compression) on it, and a worker whose plugin registers tools.
 * The worker can be stopped and started again, as a deploy or a crash would.
 */
import { Worker } from '@temporalio/worker';
import type { AgentTool } from '../../activities/agent/tools';
import { parseCatalog } from '../../catalog/node/parse';
import type { Catalog } from '../../catalog/types';
import { startAgent, type AgentHandle, type AgentRequest } from '../../client/agent-client';
import { startFakeProvider, type FakeBehavior, type FakeCall, type FakeProvider } from '../../sim/fake-provider';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin, type CascadePluginOptions } from '../../worker/plugin';
import { cascadeDataConverter } from '../../codec/data-converter';
import type { EncryptionOptions } from '../../codec/keys';
import { costMicroUsd } from '../../catalog/pricing';
import { TEST_TASK, modelId, testCatalogJson, type TestModel } from './cascade-env';
import { connectClient, uniqueTaskQueue, type TestClient } from './temporal';

export const SUMMARY_TASK = 'summarise';

export interface AgentEnvOptions {
  name: string;
  tiers: [string, TestModel[]][];
  /** The summariser's model (route `summarise`). */
  summariser?: TestModel;
  tools: AgentTool<never>[];
  repairAttempts?: number;
  /** Start no worker (a test that runs its own, e.g. a CLI worker in a child process). */
  noWorker?: boolean;
  /** Timeout of each model call, ms. @default 5000 */
  timeoutMs?: number;
  /** Models (refs) whose catalog entry declares native tool calling. */
  toolCalling?: string[];
  /** The worker's blob store (`CascadePlugin` `blobs`). */
  blobs?: CascadePluginOptions['blobs'];
  /** Payload encryption of the worker and the test's client. */
  encryption?: EncryptionOptions;
}

export interface AgentEnv {
  provider: FakeProvider;
  catalog: Catalog;
  /** The catalog as a JSON document, for config files of the CLI. */
  catalogJson: Record<string, unknown>;
  temporal: TestClient;
  taskQueue: string;
  start(request: AgentRequest, workflowId?: string): Promise<AgentHandle>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  callsTo(ref: string): FakeCall[];
  /** What the provider billed for every call it answered, priced at the catalog's prices, micro-USD. */
  providerBillMicroUsd(): number;
  close(): Promise<void>;
}

export async function startAgentEnv(options: AgentEnvOptions): Promise<AgentEnv> {
  const models: Record<string, FakeBehavior> = {};
  const all = [...options.tiers.flatMap(([, tier]) => tier), ...(options.summariser ? [options.summariser] : [])];
  for (const m of all) models[modelId(m.ref)] = m.behavior;
  const provider = await startFakeProvider({ models });
  const json = testCatalogJson(provider.baseURL, {
    name: options.name,
    tiers: [
      ...options.tiers,
      ...(options.summariser ? [['summary', [options.summariser]] as [string, TestModel[]]] : []),
    ],
    tierDefaults: {
      repairAttempts: options.repairAttempts ?? 0,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    },
  });
  for (const ref of options.toolCalling ?? []) {
    (json.models as Record<string, Record<string, unknown>>)[ref]!.toolCalling = true;
  }
  const routes = json.routes as Record<string, { tiers: { name: string }[] }>;
  const route = routes[TEST_TASK]!;
  if (options.summariser) {
    routes[SUMMARY_TASK] = { tiers: route.tiers.filter((tier) => tier.name === 'summary') };
    route.tiers = route.tiers.filter((tier) => tier.name !== 'summary');
  }
  routes.agent = route;
  delete routes[TEST_TASK];
  const catalog = parseCatalog(json, `agent test catalog ${options.name}`);
  const { encryption } = options;
  const temporal = await connectClient(encryption ? { dataConverter: cascadeDataConverter(encryption) } : {});
  const taskQueue = uniqueTaskQueue(options.name);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;

  const prices = new Map(all.map((m) => [modelId(m.ref), m]));
  const env: AgentEnv = {
    provider,
    catalog,
    catalogJson: json,
    temporal,
    taskQueue,
    start: (request, workflowId) => startAgent(temporal.client, request, { taskQueue, workflowId }),
    async startWorker() {
      worker = await Worker.create({
        connection: temporal.nativeConnection,
        namespace: temporal.namespace,
        taskQueue,
        workflowBundle: await workflowBundle(encryption ? { encodeFailures: true } : undefined),
        plugins: [new CascadePlugin({ catalog, tools: options.tools, blobs: options.blobs, encryption })],
      });
      running = worker.run();
    },
    async stopWorker() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running?.catch(() => undefined);
      worker = undefined;
      running = undefined;
    },
    callsTo: (ref) => provider.calls.filter((call) => call.model === modelId(ref)),
    providerBillMicroUsd() {
      let total = 0;
      for (const call of provider.calls) {
        if (!call.usage) continue;
        const m = prices.get(call.model)!;
        total += costMicroUsd(
          {
            inputTokens: call.usage.promptTokens,
            cachedInputTokens: call.usage.cachedTokens,
            cacheWriteTokens: 0,
            outputTokens: call.usage.completionTokens,
          },
          {
            inputUsdPerMTok: m.inputUsdPerMTok ?? 1,
            outputUsdPerMTok: m.outputUsdPerMTok ?? 2,
            ...(m.cachedInputUsdPerMTok !== undefined ? { cachedInputUsdPerMTok: m.cachedInputUsdPerMTok } : {}),
            source: '',
            effectiveFrom: '2025-01-01',
          },
        );
      }
      return total;
    },
    async close() {
      await env.stopWorker();
      await temporal.close();
      await provider.close();
    },
  };
  if (!options.noWorker) await env.startWorker();
  return env;
}

/** The run ids of a job (one per continue-as-new), once visibility lists all `expected` of them. */
export async function runIds(e: Pick<AgentEnv, 'temporal'>, workflowId: string, expected: number): Promise<string[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const runs: string[] = [];
    for await (const run of e.temporal.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      runs.push(run.runId);
    }
    if (runs.length >= expected || Date.now() > until) return runs;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
