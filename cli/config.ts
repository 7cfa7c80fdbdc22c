/**
 * The config file shared by the CLI and the worker: a catalog file (providers, models, routes; `extends: "default"`
 * merges the built-in catalog underneath) plus an optional `temporal` section.
 */
import { issuesText } from '../catalog/node/issues';
import { parseJsonc } from '../catalog/node/jsonc';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { loadCatalog } from '../catalog/node/load';
import { TASK_QUEUE } from '../workflows/definitions';
import { CODE_OPTIONS, workerSections, type CodeOption, type WorkerConfig } from '../worker/config';
import { blobsOptionOf } from '../blobs/config';

export const temporalSection = z.strictObject({
  address: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  taskQueue: z.string().min(1).optional(),
  /** A profile of Temporal's `temporal.toml` (TLS certificates, API key): see docs/deploying.md. */
  profile: z.string().min(1).optional(),
  /** The cluster's Web UI (`http://localhost:8233`, https://temporal.example.com): `run`, `batch`, `agent start` and
   * `serve` link to it, and the dashboard links each run to it. */
  uiUrl: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'an http:// or https:// URL')
    .optional(),
});

/** `encryption`: keys by reference only (an env var or a file), so a config file never holds key material. */
export const encryptionSection = z.strictObject({
  keys: z
    .array(
      z
        .strictObject({
          id: z.string().min(1).max(64),
          env: z.string().min(1).optional(),
          file: z.string().min(1).optional(),
        })
        .refine((k) => (k.env === undefined) !== (k.file === undefined), 'give exactly one of env or file'),
    )
    .min(1),
  currentKeyId: z.string().min(1).optional(),
  compressAboveBytes: z
    .union([
      z
        .number()
        .int()
        .min(0)
        .max(64 * 1024 * 1024),
      z.literal(false),
    ])
    .optional(),
  encryptFailures: z.boolean().optional(),
});

export interface CascadeConfig extends WorkerConfig {
  /** Unset fields fall through to Temporal's environment configuration (cli/temporal-target.ts). */
  temporal: { address?: string; namespace?: string; taskQueue: string; profile?: string; uiUrl?: string };
  /** Where the config came from, for messages. */
  origin: string;
  /** Agents by name, as written (`agents` section; checked by `agentFromConfig` when one is started). */
  agents?: Record<string, unknown>;
  /** The `gateway` section as written, for `llm-cascade serve` (parsed there: gateway/config.ts). */
  gateway?: unknown;
}

/** Loads a config file; no path means the built-in catalog and default Temporal settings. */
export function loadConfig(path?: string): CascadeConfig {
  if (!path)
    return {
      catalog: loadCatalog(),
      temporal: { taskQueue: TASK_QUEUE },
      origin: 'built-in catalog',
      agents: {},
      worker: {},
    };
  const fullPath = resolve(path);
  let json: Record<string, unknown>;
  try {
    json = parseJsonc(readFileSync(fullPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CascadeConfigError({
      code: missing ? ConfigErrorCode.FileNotFound : ConfigErrorCode.InvalidConfig,
      message: missing
        ? `config file not found: ${fullPath}`
        : `config file ${fullPath} is not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `config file ${fullPath} must hold a JSON object (providers, models, routes, temporal), not ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`,
    });
  }
  const {
    temporal: temporalJson,
    agents,
    gateway,
    encryption: encryptionJson,
    cooldown,
    measurements,
    maxAnswerBytes,
    claimCheck,
    logContent,
    ledger,
    telemetry,
    blobs,
    tools,
    checks,
    batchSink,
    fetch,
    env,
    ...catalogJson
  } = json;
  const temporal = temporalSection.safeParse(temporalJson ?? {});
  if (!temporal.success) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${fullPath}: "temporal" section: ${issuesText(temporal.error.issues)}`,
    });
  }
  const encryption = encryptionJson === undefined ? undefined : encryptionSection.safeParse(encryptionJson);
  if (encryption && !encryption.success) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${fullPath}: "encryption" section: ${issuesText(encryption.error.issues)}`,
    });
  }
  const sections = workerSections.safeParse({
    cooldown,
    measurements,
    maxAnswerBytes,
    claimCheck,
    logContent,
    ledger,
    telemetry,
    blobs,
  });
  if (!sections.success) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${fullPath}: ${issuesText(sections.error.issues)}`,
    });
  }
  const code = { tools, checks, batchSink, fetch, env };
  return {
    catalog: loadCatalog(catalogJson, fullPath),
    encryption: encryption?.data,
    worker: workerSectionsOf(sections.data, code, fullPath),
    temporal: {
      address: temporal.data.address,
      namespace: temporal.data.namespace,
      taskQueue: temporal.data.taskQueue ?? TASK_QUEUE,
      profile: temporal.data.profile,
      ...(temporal.data.uiUrl !== undefined && { uiUrl: temporal.data.uiUrl.replace(/\/+$/, '') }),
    },
    origin: fullPath,
    agents: agentsSection(agents, fullPath),
    ...(gateway !== undefined ? { gateway } : {}),
  };
}

/** The worker options of the file's sections: data as checked, code loaded from the modules the file names. */
function workerSectionsOf(
  sections: z.output<typeof workerSections>,
  code: Record<CodeOption, unknown>,
  origin: string,
): WorkerConfig['worker'] {
  const here = dirname(origin);
  const { claimCheck, ledger, blobs, ...data } = sections;
  const worker: WorkerConfig['worker'] = Object.fromEntries(
    Object.entries(data).filter(([, value]) => value !== undefined),
  );
  for (const name of Object.keys(CODE_OPTIONS) as CodeOption[]) {
    const path = code[name];
    if (path === undefined) continue;
    Object.assign(worker, { [name]: moduleExport(path, name, CODE_OPTIONS[name], here, origin) });
  }
  if (ledger) worker.ledger = { ...ledger, ...(ledger.path && { path: resolve(here, ledger.path) }) };
  if (blobs) worker.blobs = blobsOptionOf(blobs, here);
  if (claimCheck?.dir) worker.claimCheck = { dir: resolve(here, claimCheck.dir) };
  if (claimCheck?.store) {
    const is = (value: unknown) => typeof (value as { put?: unknown } | null)?.put === 'function';
    worker.claimCheck = {
      store: moduleExport(claimCheck.store, 'store', { what: 'a ClaimCheckStore', is }, here, origin) as NonNullable<
        WorkerConfig['worker']['claimCheck']
      >['store'],
    };
  }
  return worker;
}

/** The export `name` of the module a config file names (a path relative to the file), checked to be what it must. */
function moduleExport(
  path: unknown,
  name: string,
  expected: { what: string; is: (value: unknown) => boolean },
  here: string,
  origin: string,
): unknown {
  if (typeof path !== 'string' || path === '') {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${origin}: "${name}" must name a module (a path relative to the config file) that exports \`${name}\``,
    });
  }
  const full = resolve(here, path);
  let loaded: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a user's module named in the config file
    loaded = require(full) as Record<string, unknown>;
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${origin}: cannot load the ${name} module ${full}: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (!expected.is(loaded[name])) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${origin}: the ${name} module ${full} must export \`${name}\`, ${expected.what}`,
    });
  }
  return loaded[name];
}

function agentsSection(agents: unknown, origin: string): Record<string, unknown> {
  if (agents === undefined) return {};
  if (typeof agents === 'object' && agents !== null && !Array.isArray(agents)) return agents as Record<string, unknown>;
  throw new CascadeConfigError({
    code: ConfigErrorCode.InvalidConfig,
    message: `${origin}: "agents" must be an object of agents by name`,
  });
}
