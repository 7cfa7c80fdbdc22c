import { hostname } from 'node:os';
import { SimplePlugin } from '@temporalio/plugin';
import { Runtime, type BundleOptions, type ReplayWorkerOptions, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityOptions } from '../activities/options';
import { loadCatalog } from '../catalog/node/load';
import { registerSecret } from '../catalog/redact';
import { failureConverterPath, withCodec, workerCodec, WORKFLOW_INTERCEPTORS_PATH } from '../codec/data-converter';
import { encryptionActivityInterceptor } from '../codec/activity-interceptors';
import { noTaskTokenInLogs } from './log-attributes';
import type { Catalog } from '../catalog/types';
import { catalogFingerprint } from '../catalog/node/fingerprint';
import { isSimulatedProvider } from '../catalog/node/simulated';
import { simulatedFetch } from '../sim/simulated-fetch';
import { withCatalog } from './catalog-identity';
import { resolveLedgerTarget, type LedgerConfig, type LedgerTarget } from '../store/config';
import { RetryStats } from '../activities/cascade/retry-stats';
import { seedRetryStats } from './retry-seed';
import type { LedgerWriter } from '../store/write/writer';
import type * as LedgerStoreModule from '../store/store';
import { billedAnswerRecorder, ledgerStoreSinks } from './ledger-sinks';
import { resolveTelemetry, type TelemetryConfig } from './tracing/config';
import { tracingParts, type TracingParts } from './tracing/interceptors';
import { startTracing, type Tracing } from './tracing/sdk';

/** Options of {@link CascadePlugin}: the activities' options (documented in activities/options.ts), the catalog by value or path. */
export interface CascadePluginOptions extends Omit<ActivityOptions, 'catalog'> {
  /**
   * The worker's catalog, the one source of truth for routing: every request and batch this worker runs is
   * planned on it (route, prices, start rules, context windows), and its providers are the ones called. A loaded
   * `Catalog`, a path to a catalog JSON file, or undefined for the default catalog. Clients send requests, never
   * routes; a catalog given to a client is a local pre-check only. `'simulated'`: the built-in catalog answered
   * in-process by a simulated provider (providers `sim-openai`, `sim-deepseek`, …; no keys, no network; answers are
   * samples shaped by the schema, priced at the real models' prices), for a first run and for tests.
   * @default the built-in catalog
   */
  catalog?: Catalog | string;
  /**
   * The ledger store this worker keeps every attempt and every finished request in, after the histories are gone
   * (docs/ledger-store.md): `{}` for the default SQLite file in the user's data directory, `{ url: 'postgres://…' }`
   * for PostgreSQL, `{ path }` for another file, or a `LedgerWriter` your process already holds. Writes never wait
   * for the store and never fail a workflow (rows wait in an outbox on disk). `LLM_CASCADE_LEDGER_URL` and
   * `LLM_CASCADE_LEDGER_PATH` win over the value given.
   * @default no store (the CLI's workers default to `{}`)
   */
  ledger?: LedgerConfig | LedgerWriter | false;
  /**
   * OpenTelemetry traces (docs/opentelemetry.md): a `cascade <task>` span per cascade workflow and a `chat <model>`
   * span per attempt with the GenAI attributes, inside Temporal's client, workflow and activity spans, exported with
   * OTLP/HTTP. `{ otlpEndpoint, serviceName, headers }`; the standard `OTEL_*` variables fill what is not given, and
   * `OTEL_TRACES_EXPORTER=otlp` turns tracing on without this option. Needs the OpenTelemetry packages the README
   * lists (optional peers). Pass the plugin to your `Client` too (`new Client({ plugins: [plugin] })`) so the trace
   * starts at the client.
   * @default off
   */
  telemetry?: TelemetryConfig;
}

const isWriter = (ledger: CascadePluginOptions['ledger']): ledger is LedgerWriter =>
  typeof (ledger as Partial<LedgerWriter> | undefined)?.recordAttempt === 'function';

/** The store a plugin's `ledger` option names as a configuration (a writer given ready-made names none here). */
function ledgerTargetOf(ledger: CascadePluginOptions['ledger']): LedgerTarget | undefined {
  if (ledger === undefined || ledger === false || isWriter(ledger)) return undefined;
  return resolveLedgerTarget(ledger as LedgerConfig);
}

/** The writer a plugin's `ledger` option names, if any. */
function ledgerWriterOf(ledger: CascadePluginOptions['ledger'], target: LedgerTarget | undefined) {
  if (isWriter(ledger)) return ledger;
  if (!target) return undefined;
  // Loaded only by a worker that keeps a store: the SQLite and PostgreSQL drivers stay out of every other process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createLedgerWriter } = require('../store/store') as typeof LedgerStoreModule;
  return createLedgerWriter(target);
}

/** The module the plugin bundles in place of the worker's `workflowsPath`: it and every llm-cascade workflow. */
const WITH_PLUGIN_WORKFLOWS = require.resolve('../workflows/with-plugin');
/** The name under which that module requires the worker's own workflows module (a webpack alias). */
const USER_WORKFLOWS_ALIAS = 'llm-cascade-user-workflows';

/**
 * Registers llm-cascade's activities on a Temporal worker, and adds its workflows to the bundle the worker builds
 * from your `workflowsPath`: your workflows module holds only your own workflows.
 *
 * ```ts
 * await Worker.create({ connection, taskQueue: 'llm-cascade', workflowsPath: require.resolve('./workflows'),
 *   plugins: [new CascadePlugin({ catalog: './catalog.json' })] });
 * ```
 *
 * A worker given a prebuilt `workflowBundle` gets our workflows only if the bundle was built with the plugin
 * (`bundleWorkflowCode({ workflowsPath, plugins: [plugin] })`), or from llm-cascade's own module (`WORKFLOWS_PATH`).
 * @experimental
 */
export class CascadePlugin extends SimplePlugin {
  /** The catalog the activities were built from. */
  readonly catalog: Catalog;
  /** Its fingerprint (`catalogFingerprint`): published in the worker's identity and recorded in every plan. */
  readonly catalogFingerprint: string;
  /** The identity of the worker this plugin configured (the SDK's default until then), catalog tag included. */
  private readonly identity: { value: string };
  /** Where this worker's cascades send their ledger rows; undefined: no store. */
  readonly ledgerWriter: LedgerWriter | undefined;
  /** Settles once the more-tokens retry measurements were read from the ledger store (at once without a store). */
  readonly retryMeasurementsRead: Promise<void>;
  /** The worker's tracer and OTLP pipeline; undefined: tracing is off. */
  readonly tracing: Tracing | undefined;
  private readonly traced: TracingParts | undefined;

  constructor(options: CascadePluginOptions = {}) {
    const catalog = typeof options.catalog === 'object' ? options.catalog : loadCatalog(options.catalog);
    const fingerprint = catalogFingerprint(catalog);
    // Read when a request is planned: by then configureWorker has set the worker's real identity.
    const identity = { value: withCatalog(`${process.pid}@${hostname()}`, fingerprint) };
    // Providers of the simulated catalog are answered in-process; every other request goes to the given fetch.
    const simulated = Object.values(catalog.providers).some(isSimulatedProvider);
    const fetch = simulated ? simulatedFetch(catalog, { fallback: options.fetch }) : options.fetch;
    const retryStats = new RetryStats(options.retryMeasurements);
    const target = ledgerTargetOf(options.ledger);
    const ledgerWriter = ledgerWriterOf(options.ledger, target);
    const activities = createActivities({
      ...options,
      fetch,
      catalog,
      workerIdentity: () => identity.value,
      retryStats,
      // A billed answer goes to the store from the activity that got it, before the activity completes.
      recordBilled: billedAnswerRecorder(ledgerWriter),
    });
    // The keys this worker sends are scrubbed from every error text and log line it writes.
    const env = options.env ?? process.env;
    for (const provider of Object.values(catalog.providers))
      if (provider.apiKeyEnv) registerSecret(env[provider.apiKeyEnv]);
    const codec = workerCodec(options.encryption);
    const failurePath = failureConverterPath(options.encryption);
    const telemetry = resolveTelemetry(options.telemetry, env);
    // Loaded only when tracing is on: a worker that does not trace never requires the OpenTelemetry SDK.
    const tracing = telemetry ? startTracing(telemetry) : undefined;
    const traced = tracing ? tracingParts(tracing, options.logContent ?? false) : undefined;
    super({
      name: 'llm-cascade.CascadePlugin',
      activities,
      dataConverter: (existing) => withCodec(existing, codec, failurePath),
      // Applied when the worker bundles a workflowsPath itself; our prebuilt bundle includes it (worker/bundle.ts).
      // An activity whose input this worker cannot decrypt fails at once with EncryptionKeyMismatchError; the
      // activities' log lines carry no task token (worker/log-attributes.ts).
      // Tracing adds Temporal's spans and ours, inside the encryption check (interceptors run first to last, outside in).
      workerInterceptors: {
        client: traced && { workflow: traced.clientInterceptors },
        workflowModules: [WORKFLOW_INTERCEPTORS_PATH, ...(traced?.workflowModules ?? [])],
        activity: [encryptionActivityInterceptor, ...(traced?.activity ?? []), noTaskTokenInLogs],
      },
      clientInterceptors: traced && { workflow: traced.clientInterceptors },
      // Once the worker stops, what its outbox holds is sent before the process goes on (bounded: rows left wait on
      // disk for the next writer on this host).
      runContext: async (next) => {
        try {
          await next();
        } finally {
          await ledgerWriter?.flush(5_000);
          // The last spans (the cascade that just finished) leave before the process goes on.
          await tracing?.flush().catch(() => undefined);
        }
      },
    });
    this.ledgerWriter = ledgerWriter;
    this.retryMeasurementsRead = target
      ? seedRetryStats(target, retryStats, (message) => Runtime.instance().logger.warn(message))
      : Promise.resolve();
    this.tracing = tracing;
    this.traced = traced;
    this.catalog = catalog;
    this.catalogFingerprint = fingerprint;
    this.identity = identity;
  }

  /** The worker's identity carries the catalog's fingerprint, so every poller of a queue says which catalog it runs. */
  override configureWorker(options: WorkerOptions): WorkerOptions {
    const configured = super.configureWorker(options);
    const identity = withCatalog(configured.identity ?? `${process.pid}@${hostname()}`, this.catalogFingerprint);
    this.identity.value = identity;
    // Always registered, so a cascade's sink calls never find it missing; without a store they drop the rows.
    const sinks = { ...configured.sinks, ...ledgerStoreSinks(this.ledgerWriter), ...this.traced?.sinks };
    return { ...configured, identity, sinks };
  }

  /** A replaying worker gets the tracing sink too (the sandbox's exporter calls it; never during replay). */
  override configureReplayWorker(options: ReplayWorkerOptions): ReplayWorkerOptions {
    const configured = super.configureReplayWorker(options);
    return this.traced ? { ...configured, sinks: { ...configured.sinks, ...this.traced.sinks } } : configured;
  }

  /**
   * Bundles llm-cascade's workflows with the worker's own: the bundle's entry becomes a module that spreads both,
   * requiring the worker's `workflowsPath` through a webpack alias (the SDK aliases its own converters the same way).
   */
  override configureBundler(options: BundleOptions): BundleOptions {
    const configured = super.configureBundler(options);
    const own = configured.workflowsPath;
    if (own === WITH_PLUGIN_WORKFLOWS) return configured;
    const hook = configured.webpackConfigHook;
    return {
      ...configured,
      workflowsPath: WITH_PLUGIN_WORKFLOWS,
      webpackConfigHook: (config) => {
        const next = hook ? hook(config) : config;
        const alias = next.resolve?.alias;
        return {
          ...next,
          resolve: {
            ...next.resolve,
            alias: Array.isArray(alias)
              ? [...alias, { name: USER_WORKFLOWS_ALIAS, alias: own, onlyModule: true }]
              : { ...alias, [`${USER_WORKFLOWS_ALIAS}$`]: own },
          },
        };
      },
    };
  }

  /** The identity of the last worker this plugin configured, e.g. `4242@host catalog:3f9a2c71b0de4a55`. */
  get workerIdentity(): string {
    return this.identity.value;
  }
}
