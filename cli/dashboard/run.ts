/** What `llm-cascade dashboard` does: check its flags, open the store, serve the page until Ctrl-C. */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { parseGatewayConfig } from '../../gateway/config';
import { openLedgerStore } from '../../store/store';
import { loadConfig } from '../config';
import { describeTarget, readableTarget } from '../report/store-source';
import type { LedgerConfig } from '../../store/config';
import { DEFAULT_DASHBOARD_PORT, isLoopback, startDashboardServer, type DashboardServer } from './server';
import { waitForSignal } from '../signals';

/** The flags of `llm-cascade dashboard` (cli/commands/dashboard.ts). */
export interface DashboardFlags {
  config?: string;
  port: number;
  host: string;
  tokenEnv?: string;
  uiUrl?: string;
  namespace?: string;
}

/** The dev server's Web UI (`llm-cascade dev`, `temporal server start-dev`): where links go when nothing else says. */
export const DEFAULT_UI_URL = 'http://localhost:8233';

function invalid(message: string): CascadeConfigError {
  return new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
}

/** The token an exposed dashboard requires, from the environment variable named by `--token-env`. */
export function dashboardToken(
  flags: Pick<DashboardFlags, 'host' | 'tokenEnv'>,
  env = process.env,
): string | undefined {
  const token = flags.tokenEnv ? env[flags.tokenEnv] : undefined;
  if (flags.tokenEnv && !token) throw invalid(`--token-env ${flags.tokenEnv}: that environment variable is not set`);
  if (!token && !isLoopback(flags.host)) {
    throw invalid(
      `--host ${flags.host} lets other machines read your spend: give --token-env NAME, an environment variable ` +
        'holding a token (e.g. `export DASHBOARD_TOKEN=$(openssl rand -hex 24)`), or keep the default 127.0.0.1',
    );
  }
  return token;
}

export function uiUrlOf(flags: Pick<DashboardFlags, 'uiUrl'>, configured: string | undefined): string {
  const url = flags.uiUrl ?? configured ?? DEFAULT_UI_URL;
  if (!/^https?:\/\/\S+$/.test(url)) throw invalid(`--ui-url must be an http:// or https:// URL, got "${url}"`);
  return url.replace(/\/+$/, '');
}

export async function runDashboard(flags: DashboardFlags): Promise<void> {
  const token = dashboardToken(flags);
  const config = loadConfig(flags.config);
  const uiUrl = uiUrlOf(flags, config.temporal.uiUrl);
  const gateway = parseGatewayConfig(config.gateway, config.origin);
  const target = readableTarget(config.worker.ledger);
  const store = await openLedgerStore(target);
  try {
    const server = await startDashboardServer({
      db: store.engine,
      storeName: describeTarget(target),
      uiUrl,
      namespace: flags.namespace ?? config.temporal.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
      keys: gateway.keys,
      tiers: Object.values(config.catalog.routes).flatMap((route) => route.tiers.map((tier) => tier.name)),
      ...(flags.config && { configFile: flags.config }),
      port: flags.port,
      host: flags.host,
      ...(token && { token }),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(
      [
        `dashboard  ${server.url}`,
        `store      ${describeTarget(target)}`,
        `Web UI     ${uiUrl} (links to each run)`,
        token
          ? `every request carries the token: the address above, or Authorization: Bearer <$${flags.tokenEnv}>`
          : 'no token: any process on this machine can read it (loopback only)',
        'Ctrl-C to stop',
        '',
      ].join('\n'),
    );
    await waitForSignal();
    await server.close();
  } finally {
    await store.close();
  }
}

/**
 * A dashboard on loopback for a process that already runs (the demo): on 8234 when free, else a free port. It reads
 * the store `ledger` names, as the process's workers write it. Closing it closes its store.
 */
export async function startLocalDashboard(options: {
  ledger: LedgerConfig | undefined;
  uiUrl?: string;
  namespace: string;
  tiers?: readonly string[];
}): Promise<DashboardServer> {
  const target = readableTarget(options.ledger, false);
  const store = await openLedgerStore(target);
  const start = (port: number) =>
    startDashboardServer({
      db: store.engine,
      storeName: describeTarget(target),
      ...(options.uiUrl && { uiUrl: options.uiUrl }),
      namespace: options.namespace,
      keys: [],
      ...(options.tiers && { tiers: options.tiers }),
      port,
    });
  try {
    const server = await start(DEFAULT_DASHBOARD_PORT).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') return start(0);
      throw error;
    });
    return { ...server, close: () => server.close().finally(() => store.close()) };
  } catch (error) {
    await store.close();
    throw error;
  }
}
