/**
 * What a run starts once, beside its first files: the Temporal dev server (when a file needs it) and the workflow
 * bundles (when a file creates workers or replays). Each sets its variables in `env` when ready and calls `changed`,
 * so the scheduler can start the files that were waiting for it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CascadeConfigError } from '../../catalog/errors';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { PREBUILT_BUNDLES_ENV } from '../../worker/bundle';
import { TEST_SERVER_ENV } from '../helpers/temporal';
import { buildBundles } from './bundles';
import type { TestFile } from './plan';
import { formatDuration } from './summary';

export interface Setup {
  /** What is ready; a file starts once what it needs is. */
  ready: { server: boolean; bundles: boolean };
  /** Bundling in progress (it keeps a core busy: the scheduler counts it as one running file). */
  bundling: boolean;
  serverMs?: number;
  bundlesMs?: number;
  /** Why the server or the bundles could not be had: the run stops. */
  failures: string[];
  server?: DevServer;
  /** Settles when both are ready or failed. */
  done: Promise<void>;
}

export function startSetup(
  files: TestFile[],
  env: NodeJS.ProcessEnv,
  scratch: string,
  changed: () => void,
  log: (line: string) => void,
): Setup {
  const startedMs = Date.now();
  const setup: Setup = {
    ready: { server: !files.some((f) => f.needsServer), bundles: !files.some((f) => f.needsBundles) },
    bundling: false,
    failures: [],
    done: Promise.resolve(),
  };
  const failed = (what: string) => (error: unknown) => {
    const text = error instanceof CascadeConfigError ? `${error.code}: ${error.message}` : String(error);
    setup.failures.push(`${what}: ${text}`);
    changed();
  };
  const pending: Promise<void>[] = [];
  if (!setup.ready.server) {
    const server = startDevServer({ log: (message) => log(message) }).then((started) => {
      setup.server = started;
      setup.serverMs = Date.now() - startedMs;
      env[TEST_SERVER_ENV.address] = started.address;
      env[TEST_SERVER_ENV.namespace] = started.namespace;
      env[TEST_SERVER_ENV.uiUrl] = started.uiUrl ?? '';
      log(
        `Temporal dev server ${started.address} (namespace ${started.namespace}, UI ${started.uiUrl ?? 'off'}), ` +
          `started in ${formatDuration(setup.serverMs)}`,
      );
      setup.ready.server = true;
      changed();
    }, failed('starting the Temporal dev server'));
    pending.push(server);
  }
  // A folder of bundles the caller built already (it set the variable): used as it is.
  if (!setup.ready.bundles && env[PREBUILT_BUNDLES_ENV]) setup.ready.bundles = true;
  if (!setup.ready.bundles) {
    const dir = join(scratch, 'bundles');
    mkdirSync(dir);
    setup.bundling = true;
    const bundles = buildBundles(dir)
      .then(() => {
        setup.bundlesMs = Date.now() - startedMs;
        env[PREBUILT_BUNDLES_ENV] = dir;
        log(`workflows bundled once for the whole run in ${formatDuration(setup.bundlesMs)}`);
        setup.ready.bundles = true;
      }, failed('bundling the workflows'))
      .finally(() => {
        setup.bundling = false;
        changed();
      });
    pending.push(bundles);
  }
  setup.done = Promise.all(pending).then(() => undefined);
  return setup;
}
