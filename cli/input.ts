/** Reading CLI inputs: `@file` or literal text, JSON Schema files. Errors say which flag and file to fix. */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Duration } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { decodeText } from '../inputs/batch-source';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { budgetProblem } from '../catalog/pricing';
import { toJsonSchema } from '../client/prepare';

/** Literal text, or `@path`: a file that must be UTF-8 text (a binary file would be sent, and billed, as garbage). */
export function readTextArgument(value: string, flag: string): string {
  if (!value.startsWith('@')) return value;
  const path = resolve(value.slice(1));
  const decoded = decodeText(readBytes(path, flag));
  if (!('text' in decoded))
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `${flag} ${path}: ${decoded.reason}`,
    });
  return decoded.text;
}

/** A JSON Schema file, checked now (strict keywords, compiles) so the message can name the file. */
export function readSchemaFile(path: string, flag: string): Record<string, unknown> {
  const schema = readJsonFile(path, flag);
  try {
    toJsonSchema(schema);
  } catch (error) {
    if (!(error instanceof CascadeConfigError)) throw error;
    throw new CascadeConfigError({ code: error.code, message: `${flag} ${resolve(path)}: ${error.message}` });
  }
  return schema;
}

/** A schema file's name in the UI and for providers: its `title`, else the file name (`invoice.schema.json` → invoice). */
export function schemaFileName(path: string, schema: Record<string, unknown>): string {
  if (typeof schema.title === 'string' && schema.title.trim()) return schema.title.trim();
  return basename(path).replace(/(\.schema)?\.jsonc?$/i, '') || 'output';
}

export function readJsonFile(path: string, flag: string): Record<string, unknown> {
  const text = readFile(path, flag);
  try {
    const json: unknown = JSON.parse(text);
    if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('expected a JSON object');
    return json as Record<string, unknown>;
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidSchema,
      message: `${flag} ${resolve(path)}: not a JSON object: ${(error as Error).message}`,
    });
  }
}

function readFile(path: string, flag: string): string {
  return readBytes(resolve(path), flag).toString('utf8');
}

function readBytes(path: string, flag: string): Buffer {
  try {
    return readFileSync(resolve(path));
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.FileNotFound,
      message: `${flag}: cannot read ${resolve(path)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    });
  }
}

/** Parses a positive USD amount from a flag. */
export function parseUsd(value: string): number {
  const amount = Number(value);
  const problem = budgetProblem(amount);
  if (problem) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--max-cost-usd ${problem}, got "${value}"`,
    });
  }
  return amount;
}

/** Parses a duration flag ("90m", "2 days", "1h"): Temporal's duration syntax, at least one second. */
export function parseDuration(flag: string): (value: string) => number {
  return (value) => {
    let ms: number;
    try {
      ms = msToNumber(value as Duration);
    } catch {
      ms = NaN;
    }
    if (!Number.isFinite(ms) || ms < 1000) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `${flag} must be a duration of at least 1s such as "90m", "12h" or "2 days", got "${value}"`,
      });
    }
    return ms;
  };
}

/** `--max-wait`, the same on `run` and `batch`: what it bounds, for the help text. */
export const MAX_WAIT_HELP = 'waits in all for providers that are down or rate-limited';

/** `--max-wait <seconds>` (0 to 30 days) as the cascade's `maxWaitMs`. */
export function parseMaxWait(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 30 * 86_400) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--max-wait must be a number of seconds between 0 and 2592000 (30 days), got "${value}"`,
    });
  }
  return Math.round(seconds * 1000);
}
