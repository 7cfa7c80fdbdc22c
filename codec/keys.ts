/**
 * Encryption keys: where they come from (environment variables or files, never the config file itself), which one
 * encrypts new payloads, and their checks. A key is 32 random bytes (AES-256), written as base64 or hex.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';

/** One key: an id recorded in each payload's metadata, and where its 32 bytes are read from. */
export interface EncryptionKeySpec {
  /** Recorded in every payload it encrypts (`encryption-key-id`); never reuse an id for other key material. */
  id: string;
  /** Name of the environment variable holding the key (base64 or hex of 32 bytes). */
  env?: string;
  /** Path of a file holding the key (base64 or hex of 32 bytes; surrounding whitespace ignored). */
  file?: string;
  /** The key itself, for programs that fetch it from a KMS. Not accepted in config files. */
  key?: Uint8Array | string;
}

/** The `encryption` setting: the same object configures workers, clients, the CLI and the codec server. */
export interface EncryptionOptions {
  /**
   * Keys, newest first. New payloads use `currentKeyId`; every key listed still decrypts, so a rotation adds the
   * new key in front and keeps the old ones until no history needs them.
   */
  keys: EncryptionKeySpec[];
  /** The key that encrypts new payloads. @default the first key */
  currentKeyId?: string;
  /**
   * Payloads larger than this many bytes are deflated before they are encrypted (only when that makes them
   * smaller). `false`: never.
   * @default 1024
   */
  compressAboveBytes?: number | false;
  /**
   * Also encrypt failure messages and stack traces (they can quote provider answers or documents). With this on,
   * history shows "Encoded failure" where the message was, and the codec server restores it for the UI.
   * @default true
   */
  encryptFailures?: boolean;
}

/** Keys read and checked: id → 32 bytes. */
export interface ResolvedKeys {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

const KEY_BYTES = 32;

function configError(message: string): CascadeConfigError {
  return new CascadeConfigError({ code: ConfigErrorCode.InvalidConfig, message: `encryption: ${message}` });
}

/** Parses base64 or hex of exactly 32 bytes; the error names where the key came from, never its value. */
export function parseKey(text: string, where: string): Buffer {
  const value = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) bytes = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value))
    bytes = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  if (!bytes || bytes.length !== KEY_BYTES) {
    throw configError(
      `${where} does not hold a 32-byte key as base64 (44 characters) or hex (64); ` +
        `make one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  return bytes;
}

function readSpec(spec: EncryptionKeySpec, env: Record<string, string | undefined>): Buffer {
  const sources = [spec.env, spec.file, spec.key].filter((s) => s !== undefined).length;
  if (sources !== 1) throw configError(`key "${spec.id}" needs exactly one of env, file (or key, in code)`);
  if (spec.key !== undefined) {
    if (typeof spec.key === 'string') return parseKey(spec.key, `key "${spec.id}"`);
    if (spec.key.length !== KEY_BYTES) throw configError(`key "${spec.id}" has ${spec.key.length} bytes, not 32`);
    return Buffer.from(spec.key);
  }
  if (spec.env !== undefined) {
    const value = env[spec.env];
    if (!value) throw configError(`key "${spec.id}": environment variable ${spec.env} is not set`);
    return parseKey(value, `environment variable ${spec.env} (key "${spec.id}")`);
  }
  let text: string;
  try {
    text = readFileSync(spec.file!, 'utf8');
  } catch (error) {
    throw configError(`key "${spec.id}": cannot read ${spec.file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  return parseKey(text, `file ${spec.file} (key "${spec.id}")`);
}

/** Reads every key, checks ids and lengths; throws CascadeConfigError naming what to fix. */
export function resolveKeys(
  options: EncryptionOptions,
  env: Record<string, string | undefined> = process.env,
): ResolvedKeys {
  if (!Array.isArray(options.keys) || options.keys.length === 0) throw configError('at least one key is needed');
  const keys = new Map<string, Buffer>();
  for (const spec of options.keys) {
    if (!spec.id || !/^[\w.:-]{1,64}$/.test(spec.id)) {
      throw configError(`key id ${JSON.stringify(spec.id)} must be 1-64 letters, digits, '.', ':', '_' or '-'`);
    }
    if (keys.has(spec.id)) throw configError(`key id "${spec.id}" is listed twice`);
    keys.set(spec.id, readSpec(spec, env));
  }
  const currentKeyId = options.currentKeyId ?? options.keys[0]!.id;
  if (!keys.has(currentKeyId)) throw configError(`currentKeyId "${currentKeyId}" is not one of the keys`);
  return { currentKeyId, keys };
}

/** A short, non-reversible name for key material (first 8 hex digits of SHA-256), for mismatch messages. */
export function fingerprint(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}
