/**
 * Where the ledger store lives. With no configuration: a SQLite file in the user's data directory, shared by every
 * worker and CLI of that user on the host, whatever their working directory. `ledger.url` (or
 * `LLM_CASCADE_LEDGER_URL`) puts it on PostgreSQL for workers on many hosts. Pure (the environment is passed in).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';

/** The `ledger` section of a config file. */
export const ledgerConfigSchema = z
  .object({
    /** `postgres://user:password@host:5432/db`: the store on PostgreSQL. */
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'ledger.url must be a postgres:// or postgresql:// URL')
      .optional(),
    /** The SQLite file, when no `url` is given. */
    path: z.string().min(1).optional(),
    /** The host-local outbox directory where rows wait while the store is down or slow. */
    outboxDir: z.string().min(1).optional(),
    /** false: no store at all (histories remain the only record). @default true */
    enabled: z.boolean().optional(),
  })
  .strict();
export type LedgerConfig = z.infer<typeof ledgerConfigSchema>;

export const LEDGER_ENV = {
  url: 'LLM_CASCADE_LEDGER_URL',
  path: 'LLM_CASCADE_LEDGER_PATH',
  outboxDir: 'LLM_CASCADE_LEDGER_OUTBOX',
} as const;

export type LedgerTarget =
  { engine: 'sqlite'; path: string; outboxDir: string } | { engine: 'postgres'; url: string; outboxDir: string };

/** `$XDG_DATA_HOME/llm-cascade`, else `~/.local/share/llm-cascade` (the XDG default). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  return xdg && xdg.startsWith('/') ? join(xdg, 'llm-cascade') : join(homedir(), '.local', 'share', 'llm-cascade');
}

/**
 * The store a process uses. The environment wins over the config file (an operator points one worker elsewhere
 * without editing the shared file): `LLM_CASCADE_LEDGER_URL`, `LLM_CASCADE_LEDGER_PATH`, then `ledger.url`,
 * `ledger.path`, then the data directory's `ledger.db`. The outbox is always on this host.
 */
export function resolveLedgerTarget(
  config: LedgerConfig | undefined,
  env: NodeJS.ProcessEnv = process.env,
): LedgerTarget | undefined {
  const parsed = ledgerConfigSchema.safeParse(config ?? {});
  if (!parsed.success) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `ledger: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'ledger'}: ${issue.message}`).join('; ')}`,
    });
  }
  const ledger = parsed.data;
  if (ledger.enabled === false && !env[LEDGER_ENV.url] && !env[LEDGER_ENV.path]) return undefined;
  const url = env[LEDGER_ENV.url] || (env[LEDGER_ENV.path] ? undefined : ledger.url);
  if (url !== undefined && !/^postgres(ql)?:\/\//.test(url)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `${LEDGER_ENV.url} must be a postgres:// or postgresql:// URL`,
    });
  }
  const path = resolve(env[LEDGER_ENV.path] || ledger.path || join(dataDir(env), 'ledger.db'));
  const outboxDir = resolve(
    env[LEDGER_ENV.outboxDir] || ledger.outboxDir || (url ? join(dataDir(env), 'outbox') : `${path}.outbox`),
  );
  return url ? { engine: 'postgres', url, outboxDir } : { engine: 'sqlite', path, outboxDir };
}
