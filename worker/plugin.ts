import { hostname } from 'node:os';
import { SimplePlugin } from '@temporalio/plugin';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ActivityOptions } from '../activities/options';
import { loadCatalog } from '../catalog/node/load';
import { registerSecret } from '../catalog/redact';
import { failureConverterPath, withCodec, workerCodec, WORKFLOW_INTERCEPTORS_PATH } from '../codec/data-converter';
import { encryptionActivityInterceptor } from '../codec/activity-interceptors';
import type { Catalog } from '../catalog/types';
import { catalogFingerprint } from '../catalog/node/fingerprint';
import { withCatalog } from './catalog-identity';

/** Options of {@link CascadePlugin}: the activities' options (documented in activities/options.ts), the catalog by value or path. */
export interface CascadePluginOptions extends Omit<ActivityOptions, 'catalog'> {
  /**
   * The worker's catalog, the one source of truth for routing: every request and batch this worker runs is
   * planned on it (route, prices, start rules, context windows), and its providers are the ones called. A loaded
   * `Catalog`, a path to a catalog JSON file, or undefined for the default catalog. Clients send requests, never
   * routes; a catalog given to a client is a local pre-check only.
   * @default the built-in catalog
   */
  catalog?: Catalog | string;
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
