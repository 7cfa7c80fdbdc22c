/**
 * An integration environment: the real Temporal dev server (from run-tests), a fake OpenAI-compatible provider
 * on loopback, a catalog whose providers all point at it, and a worker running our bundle and plugin.
 */
import { Worker } from '@temporalio/worker';
import { quietRuntime } from './quiet-runtime';
import { parseCatalog } from '../../catalog/node/parse';
import type { Catalog, ModelPrice, TierOptions } from '../../catalog/types';
import type { MediaCapability, MediaPricing } from '../../catalog/media';
import { runCascade, startCascade } from '../../client/cascade-client';
import type { CascadeRequest, SchemaInput } from '../../client/prepare';
import { startFakeProvider } from '../../sim/fake-provider';
import type { FakeBehavior, FakeProvider } from '../../sim/fake-provider';
import type { CooldownOptions } from '../../activities/cascade/cooldown';
import { workflowBundle } from '../../worker/bundle';
import { CascadePlugin, type CascadePluginOptions } from '../../worker/plugin';
import { cascadeDataConverter } from '../../codec/data-converter';
import type { EncryptionOptions } from '../../codec/keys';
import { connectClient, uniqueTaskQueue, type TestClient } from './temporal';

/** A model of the test catalog: `provider/model`, its price and behaviour. */
export interface TestModel {
  ref: string;
  behavior: FakeBehavior;
  inputUsdPerMTok?: number;
  outputUsdPerMTok?: number;
  cachedInputUsdPerMTok?: number;
  /** The price's batch discount (0.5: half price in a provider batch). */
  batchDiscount?: number;
  contextWindow?: number;
  maxOutputTokens?: number;
  structuredOutput?: 'json_schema' | 'json_object' | 'none';
  /** Tags of the model (catalog `models.<ref>.tags`). */
  tags?: Record<string, string | number | boolean>;
  /** What it reads and what media cost it (catalog `models.<ref>.reads` / `.media`); the fake bills by the same. */
  reads?: MediaCapability[];
  media?: MediaPricing;
}

export interface CascadeEnvOptions {
  name: string;
  /** Tiers in order: `[tierName, models, options?]`. */
  tiers: [string, TestModel[], Partial<TierOptions>?][];
  tierDefaults?: Partial<TierOptions>;
  cooldown?: CooldownOptions;
  /** Start no worker (a test that runs its own, e.g. in a child process). */
  noWorker?: boolean;
  /** More keys of the test route (checks, instructions, schemaInPrompt). */
  route?: Record<string, unknown>;
  /** Verifier model ref per tier name. */
  tierVerifiers?: Record<string, string>;
  /** Agreement gate per tier name. */
  tierAgreement?: Record<string, { fields: string[]; with?: string }>;
  /** Checks registered on the worker's plugin. */
  checks?: CascadePluginOptions['checks'];
  /** More keys per provider id (tags, minCacheableTokens). */
  providerExtra?: Record<string, Record<string, unknown>>;
  /** The worker's measurement window (`CascadePlugin` `measurements`). */
  measurements?: CascadePluginOptions['measurements'];
  /** Tier modes by tier name (`provider-batch`). */
  tierModes?: Record<string, string>;
  /** The worker's ledger store (`CascadePlugin` `ledger`). */
  ledger?: CascadePluginOptions['ledger'];
  /** The worker's blob store (`CascadePlugin` `blobs`). */
  blobs?: CascadePluginOptions['blobs'];
  /** Payload encryption of the worker and the test's client. */
  encryption?: EncryptionOptions;
}

export interface CascadeEnv {
  provider: FakeProvider;
  catalog: Catalog;
  /** The catalog as a JSON document, for configs of child processes and the CLI. */
  catalogJson: Record<string, unknown>;
  taskQueue: string;
  temporal: TestClient;
  run<S extends SchemaInput>(
    request: Omit<CascadeRequest<S>, 'task'> & { task?: string },
  ): ReturnType<typeof runCascade<S>>;
  start<S extends SchemaInput>(
    request: Omit<CascadeRequest<S>, 'task'> & { task?: string },
    workflowId?: string,
  ): ReturnType<typeof startCascade<S>>;
  /** Calls the fake provider received for one model. */
  callsTo(model: string): FakeProvider['calls'];
  /** The worker's plugin (absent with `noWorker`). */
  plugin?: CascadePlugin;
  close(): Promise<void>;
}

export const TEST_TASK = 'extract';

quietRuntime();

export function testCatalogJson(baseURL: string, options: CascadeEnvOptions): Record<string, unknown> {
  const providers: Record<string, unknown> = {};
  const models: Record<string, unknown> = {};
  for (const [, tierModels] of options.tiers) {
    for (const m of tierModels) {
      const [provider] = m.ref.split('/');
      providers[provider!] ??= {
        baseURL,
        structuredOutput: m.structuredOutput ?? 'json_schema',
        ...options.providerExtra?.[provider!],
      };
      models[m.ref] = {
        contextWindow: m.contextWindow ?? 32_000,
        maxOutputTokens: m.maxOutputTokens ?? 1_000,
        ...(m.structuredOutput ? { structuredOutput: m.structuredOutput } : {}),
        ...(m.tags ? { tags: m.tags } : {}),
        ...(m.reads && { reads: m.reads }),
        ...(m.media && { media: m.media }),
        prices: [
          {
            inputUsdPerMTok: m.inputUsdPerMTok ?? 1,
            outputUsdPerMTok: m.outputUsdPerMTok ?? 2,
            ...(m.cachedInputUsdPerMTok !== undefined ? { cachedInputUsdPerMTok: m.cachedInputUsdPerMTok } : {}),
            ...(m.batchDiscount !== undefined && { batchDiscount: m.batchDiscount }),
            source: 'https://example.test/pricing',
            effectiveFrom: '2025-01-01',
          },
        ],
      };
    }
  }
  const tiers = options.tiers.map(([name, tierModels, tierOptions]) => ({
    name,
    ...(options.tierModes?.[name] && { mode: options.tierModes[name] }),
    candidates: tierModels.map((m) => m.ref),
    ...(tierOptions ? { options: tierOptions } : {}),
    ...(options.tierVerifiers?.[name] ? { verifier: options.tierVerifiers[name] } : {}),
    ...(options.tierAgreement?.[name] ? { agreement: options.tierAgreement[name] } : {}),
  }));
  return {
    providers,
    models,
    routes: { [TEST_TASK]: { tiers, ...options.route } },
    tierDefaults: {
      triesPerCandidate: 2,
      timeoutMs: 5_000,
      maxRetryAfterMs: 5_000,
      repairAttempts: 0,
      ...options.tierDefaults,
    },
  };
}

export async function startCascadeEnv(options: CascadeEnvOptions): Promise<CascadeEnv> {
  const models: Record<string, FakeBehavior> = {};
  for (const [, tierModels] of options.tiers) for (const m of tierModels) models[modelId(m.ref)] = m.behavior;
  const media = Object.fromEntries(
    options.tiers.flatMap(([, tierModels]) => tierModels.flatMap((m) => (m.media ? [[modelId(m.ref), m.media]] : []))),
  );
  const provider = await startFakeProvider({ models, prices: testPrices(options), media });
  const catalogJson = testCatalogJson(provider.baseURL, options);
  const catalog = parseCatalog(catalogJson, `test catalog ${options.name}`);
  const { encryption } = options;
  const temporal = await connectClient(encryption ? { dataConverter: cascadeDataConverter(encryption) } : {});
  const taskQueue = uniqueTaskQueue(options.name);
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let plugin: CascadePlugin | undefined;
  if (!options.noWorker) {
    plugin = new CascadePlugin({
      catalog,
      cooldown: options.cooldown,
      checks: options.checks,
      measurements: options.measurements,
      ledger: options.ledger,
      blobs: options.blobs,
      encryption,
    });
    worker = await Worker.create({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: await workflowBundle(encryption ? { encodeFailures: true } : undefined),
      plugins: [plugin],
    });
    running = worker.run();
  }
  const withTask = <R extends { task?: string }>(request: R) => ({ task: TEST_TASK, ...request });
  return {
    provider,
    catalog,
    catalogJson,
    taskQueue,
    temporal,
    run: (request) => runCascade(temporal.client, withTask(request), { catalog, taskQueue }),
    start: (request, workflowId) =>
      startCascade(temporal.client, withTask(request), { catalog, taskQueue, workflowId }),
    callsTo: (model) => provider.calls.filter((c) => c.model === modelId(model)),
    ...(plugin && { plugin }),
    async close() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running?.catch(() => undefined);
      await temporal.close();
      await provider.close();
    },
  };
}

/** The test models' prices by model id, so the fake's `bill()` prices what it served as the catalog does. */
function testPrices(options: CascadeEnvOptions): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  for (const [, tierModels] of options.tiers) {
    for (const m of tierModels) {
      prices[modelId(m.ref)] = {
        inputUsdPerMTok: m.inputUsdPerMTok ?? 1,
        outputUsdPerMTok: m.outputUsdPerMTok ?? 2,
        ...(m.cachedInputUsdPerMTok !== undefined && { cachedInputUsdPerMTok: m.cachedInputUsdPerMTok }),
        ...(m.batchDiscount !== undefined && { batchDiscount: m.batchDiscount }),
        source: 'https://example.test/pricing',
        effectiveFrom: '2025-01-01',
      };
    }
  }
  return prices;
}

/** The model id sent to the provider: the ref without its provider prefix. */
export function modelId(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}
