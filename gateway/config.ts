/**
 * The `gateway` section of a config file: client API keys (hashed, never in clear), their budgets and rate limits,
 * and per-task defaults of the OpenAI-compatible front door.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { issuesText } from '../catalog/node/issues';

const usd = z.number().positive().finite();

const keySchema = z.strictObject({
  /** Name of the key in logs, reports and the key's budget workflow (never the key itself). */
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." and "-", at most 64'),
  /** Hex SHA-256 of the key: `printf %s "$KEY" | sha256sum`. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the hex SHA-256 of the key (64 lowercase hex digits)'),
  budget: z.strictObject({ dailyUsd: usd.optional(), monthlyUsd: usd.optional() }).optional(),
  /** Most one request of this key may spend; its cascade runs with this budget. */
  maxRequestUsd: usd.optional(),
  rateLimit: z.strictObject({ requestsPerMinute: z.number().int().positive() }).optional(),
});

const taskSchema = z.strictObject({
  /** JSON Schema used when a request sends no `response_format: json_schema`. */
  schema: z.record(z.string(), z.unknown()).optional(),
  schemaName: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});

export const gatewaySectionSchema = z.strictObject({
  keys: z.array(keySchema).optional(),
  /** A JSON file holding the `keys` array instead (relative to the config file). */
  keysFile: z.string().min(1).optional(),
  tasks: z.record(z.string(), taskSchema).optional(),
  /** Budget of a request when its key sets none, USD. @default 1 */
  maxRequestUsd: usd.optional(),
  /** Largest request body accepted, bytes. @default 2000000 */
  maxBodyBytes: z.number().int().positive().optional(),
  /** Run attempts as local activities (lower latency, no heartbeats); a request's `x-cascade-mode` overrides it. @default false */
  latencyMode: z.boolean().optional(),
});

export type GatewayKey = z.infer<typeof keySchema>;
export type GatewayTask = z.infer<typeof taskSchema>;

export interface GatewayConfig {
  /** Empty: no authentication (allowed on loopback only, see `serve`). */
  keys: GatewayKey[];
  tasks: Record<string, GatewayTask>;
  maxRequestUsd: number;
  maxBodyBytes: number;
  latencyMode: boolean;
}

function invalidConfig(origin: string, message: string): never {
  throw new CascadeConfigError({
    code: ConfigErrorCode.InvalidConfig,
    message: `${origin}: "gateway" section: ${message}`,
  });
}

/** Parses the `gateway` section (absent: defaults, no keys). `origin` is the config file's path. */
export function parseGatewayConfig(section: unknown, origin: string): GatewayConfig {
  const parsed = gatewaySectionSchema.safeParse(section ?? {});
  if (!parsed.success) invalidConfig(origin, issuesText(parsed.error.issues));
  const keys = [...(parsed.data.keys ?? [])];
  if (parsed.data.keysFile) {
    const path = resolve(dirname(origin), parsed.data.keysFile);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      invalidConfig(origin, `keysFile ${path}: ${(error as Error).message}`);
    }
    const file = z.array(keySchema).safeParse(json);
    if (!file.success) invalidConfig(origin, `keysFile ${path}: ${issuesText(file.error.issues)}`);
    keys.push(...file.data);
  }
  const ids = new Set<string>();
  for (const key of keys) {
    if (ids.has(key.id)) invalidConfig(origin, `key id "${key.id}" appears twice`);
    ids.add(key.id);
  }
  return {
    keys,
    tasks: parsed.data.tasks ?? {},
    maxRequestUsd: parsed.data.maxRequestUsd ?? 1,
    maxBodyBytes: parsed.data.maxBodyBytes ?? 2_000_000,
    latencyMode: parsed.data.latencyMode ?? false,
  };
}
