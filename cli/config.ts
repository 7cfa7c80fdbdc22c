/**
 * The config file shared by the CLI and the worker: a catalog file (providers, models, routes; `extends: "default"`
 * merges the built-in catalog underneath) plus an optional `temporal` section.
 */
import { parseJsonc } from '../catalog/node/jsonc';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AgentTool } from '../activities/agent/tools';
import { z } from 'zod';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { loadCatalog } from '../catalog/node/load';
import type { Catalog } from '../catalog/types';
import type { EncryptionOptions } from '../codec/keys';
import { TASK_QUEUE } from '../workflows/definitions';

const temporalSection = z.strictObject({
  address: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  taskQueue: z.string().min(1).optional(),
  /** A profile of Temporal's `temporal.toml` (TLS certificates, API key): see docs/deploying.md. */
  profile: z.string().min(1).optional(),
});

/** `encryption`: keys by reference only (an env var or a file), so a config file never holds key material. */
const encryptionSection = z.strictObject({
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

export interface CascadeConfig {
  catalog: Catalog;
  /** Unset fields fall through to Temporal's environment configuration (cli/temporal-target.ts). */
  temporal: { address?: string; namespace?: string; taskQueue: string; profile?: string };
  /** Payload encryption for the worker, the clients and the codec server; undefined: off. */
  encryption?: EncryptionOptions;
  /** Keep answer text in logs and ledger messages. @default false */
  logContent?: boolean;
  /** Where the config came from, for messages. */
  origin: string;
  /** Agents by name, as written (`agents` section; checked by `agentFromConfig` when one is started). */
  agents?: Record<string, unknown>;
  /** Tools from the module named by `tools` (a path relative to the config file exporting `tools`). */
  tools?: AgentTool<never>[];
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
      tools: [],
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
    tools,
    gateway,
    encryption: encryptionJson,
    logContent,
    ...catalogJson
  } = json;
  const temporal = temporalSection.safeParse(temporalJson ?? {});
  if (!temporal.success) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${fullPath}: "temporal" section: ${temporal.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    });
  }
  const encryption = encryptionJson === undefined ? undefined : encryptionSection.safeParse(encryptionJson);
  if (encryption && !encryption.success) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${fullPath}: "encryption" section: ${encryption.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
    });
  }
  if (logContent !== undefined && typeof logContent !== 'boolean') {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${fullPath}: "logContent" must be true or false`,
    });
  }
  return {
    catalog: loadCatalog(catalogJson, fullPath),
    encryption: encryption?.data,
    logContent,
    temporal: {
      address: temporal.data.address,
      namespace: temporal.data.namespace,
      taskQueue: temporal.data.taskQueue ?? TASK_QUEUE,
      profile: temporal.data.profile,
    },
    origin: fullPath,
    agents: agentsSection(agents, fullPath),
    tools: typeof tools === 'string' ? loadTools(resolve(dirname(fullPath), tools), fullPath) : [],
    ...(gateway !== undefined ? { gateway } : {}),
  };
}

function agentsSection(agents: unknown, origin: string): Record<string, unknown> {
  if (agents === undefined) return {};
  if (typeof agents === 'object' && agents !== null && !Array.isArray(agents)) return agents as Record<string, unknown>;
  throw new CascadeConfigError({
    code: ConfigErrorCode.InvalidConfig,
    message: `${origin}: "agents" must be an object of agents by name`,
  });
}

/** Loads the tools module a config names: it exports `tools`, an array made with `tool({ … })`. */
function loadTools(path: string, origin: string): AgentTool<never>[] {
  let loaded: { tools?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a user's module named in the config file
    loaded = require(path) as { tools?: unknown };
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${origin}: cannot load the tools module ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
  if (!Array.isArray(loaded.tools)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${origin}: the tools module ${path} must export \`tools\`, an array of tool({ … }) definitions`,
    });
  }
  return loaded.tools as AgentTool<never>[];
}
