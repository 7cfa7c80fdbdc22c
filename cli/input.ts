/** Reading CLI inputs: `@file` or literal text, JSON Schema files. Errors say which flag and file to fix. */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { decodeText } from '../inputs/batch-source';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { toJsonSchema } from '../client/prepare';

/** The flag parsers moved to the light cli/options.ts (command definitions load it); re-exported for callers. */
export { MAX_WAIT_HELP, parseDuration, parseMaxWait, parseUsd } from './options';

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
