/**
 * A config file's worker: the sections that set the plugin's options, how each is checked, and the one conversion
 * of a loaded config into the options a worker starts with. Data options are sections of their own (`cooldown`,
 * `measurements`, `maxAnswerBytes`, `claimCheck`, `blobs`, `logContent`, `ledger`, `telemetry`; `encryption` is shared with
 * the clients); options
 * that are code (`tools`, `checks`, `batchSink`, `fetch`, `env`, `claimCheck.store`) are named by a module path,
 * relative to the config file, whose export of the same name is the value. The file itself is read by the CLI's
 * loader (cli/config.ts).
 */
import { z } from 'zod';
import type { ActivityOptions } from '../activities/options';
import type { Catalog } from '../catalog/types';
import type { EncryptionOptions } from '../codec/keys';
import type { CascadePluginOptions } from './plugin';
import { ledgerConfigSchema, type LedgerConfig } from '../store/config';
import { telemetrySchema, type TelemetryConfig } from './tracing/config';
import { blobsConfigSchema } from '../blobs/config';

/** Temporal refuses payloads over 2 MB, and an answer travels back as one: no larger cap makes sense. */
const MAX_ANSWER_BYTES_LIMIT = 2_000_000;

/** The data sections of a config file that set worker options, checked with zod (unknown keys are errors). */
export const workerSections = z.strictObject({
  cooldown: z
    .strictObject({
      failureThreshold: z.number().int().min(1).optional(),
      cooldownMs: z.number().int().min(0).optional(),
    })
    .optional(),
  measurements: z
    .strictObject({
      maxAttempts: z.number().int().min(1).optional(),
      windowMs: z.number().int().min(1).optional(),
    })
    .optional(),
  maxAnswerBytes: z.number().int().min(1).max(MAX_ANSWER_BYTES_LIMIT).optional(),
  claimCheck: z
    .strictObject({
      /** Directory of the file store, relative to the config file. */
      dir: z.string().min(1).optional(),
      /** A module exporting `store`, a `ClaimCheckStore` shared by every worker host. */
      store: z.string().min(1).optional(),
    })
    .refine((section) => !(section.dir && section.store), 'give dir or store, not both')
    .optional(),
  logContent: z.boolean().optional(),
  /** The ledger store (docs/ledger-store.md); a `path` is relative to the config file. */
  ledger: ledgerConfigSchema.optional(),
  /** OpenTelemetry traces over OTLP/HTTP (docs/opentelemetry.md); off without it (or OTEL_TRACES_EXPORTER=otlp). */
  telemetry: telemetrySchema.optional(),
  /** The blob store (docs/deploying.md): a directory or `s3://bucket/prefix`. @default `.llm-cascade` */
  blobs: blobsConfigSchema.optional(),
});

/** The options that are code: each named by a module path exporting it under its own name, and what it must be. */
export const CODE_OPTIONS = {
  tools: { what: 'an array of tool({ … }) definitions', is: (value: unknown) => Array.isArray(value) },
  checks: { what: 'an object of check functions by name', is: isObjectOf('function') },
  batchSink: {
    what: 'a ResultSink (recordedIds and append methods)',
    is: (value: unknown) =>
      typeof (value as { append?: unknown } | null)?.append === 'function' &&
      typeof (value as { recordedIds?: unknown }).recordedIds === 'function',
  },
  fetch: { what: 'a fetch function', is: (value: unknown) => typeof value === 'function' },
  env: { what: 'an object of environment variables (strings) by name', is: isObjectOf('string') },
} as const;
export type CodeOption = keyof typeof CODE_OPTIONS;

function isObjectOf(type: 'function' | 'string') {
  return (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((entry) => typeof entry === type);
}

/** The worker a config file describes: its catalog, its encryption, and every other plugin option it sets. */
export interface WorkerConfig {
  catalog: Catalog;
  encryption?: EncryptionOptions;
  /** The plugin options of the file's worker sections (everything but the catalog and the encryption). */
  worker: Omit<ActivityOptions, 'catalog' | 'encryption'> & { ledger?: LedgerConfig; telemetry?: TelemetryConfig };
}

/** The plugin's options of a loaded config: the one place a config becomes worker options. */
export function workerOptions(config: WorkerConfig): CascadePluginOptions & { catalog: Catalog } {
  return {
    ...config.worker,
    // The CLI's workers keep the ledger store by default (the user's data directory); `"ledger": { "enabled": false }`
    // turns it off.
    ledger: config.worker.ledger ?? {},
    catalog: config.catalog,
    ...(config.encryption && { encryption: config.encryption }),
  };
}
