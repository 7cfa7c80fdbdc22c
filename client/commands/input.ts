/** Reading CLI inputs: `@file` or literal text, JSON Schema files. Errors say which flag and file to fix. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';

export function readTextArgument(value: string, flag: string): string {
  if (!value.startsWith('@')) return value;
  return readFile(value.slice(1), flag);
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
  try {
    return readFileSync(resolve(path), 'utf8');
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
  if (!Number.isFinite(amount) || amount <= 0) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--max-cost-usd must be a positive number, got "${value}"`,
    });
  }
  return amount;
}
