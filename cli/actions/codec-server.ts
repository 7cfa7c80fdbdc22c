/**
 * `llm-cascade codec-server`: decrypts payloads for the Temporal Web UI (and `temporal workflow show
 * --codec-endpoint`) with the config file's `encryption` keys. Also the codec server `llm-cascade dev --encrypt` runs.
 */
import { randomBytes } from 'node:crypto';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { EncryptionCodec } from '../../codec/encryption-codec';
import type { EncryptionOptions } from '../../codec/keys';
import { startCodecServer, type CodecServer } from '../../codec/server';
import { loadConfig } from '../config';
import { DEFAULT_UI_ORIGINS } from '../options';
import { waitForSignal } from '../signals';

export interface CodecServerFlags {
  config?: string;
  port: number;
  host: string;
  uiOrigin: string[];
  tokenEnv?: string;
  namespace?: string[];
}

/** Starts a codec server for `encryption`; errors say what to fix. */
export function serveCodec(
  encryption: EncryptionOptions,
  options: { port?: number; host?: string; uiOrigins: string[]; token?: string; namespaces?: string[] },
): Promise<CodecServer> {
  return startCodecServer({
    codec: EncryptionCodec.fromOptions(encryption),
    ...options,
    log: (m) => process.stderr.write(`${m}\n`),
  });
}

/** A fresh key for one `dev --encrypt` session, when the config has none. */
export function sessionEncryption(): EncryptionOptions {
  return { keys: [{ id: `dev-session-${Date.now()}`, key: randomBytes(32) }] };
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export async function codecServerAction(flags: CodecServerFlags): Promise<void> {
  const config = loadConfig(flags.config);
  if (!config.encryption) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `${config.origin} has no "encryption" section: nothing to decrypt with`,
    });
  }
  const token = flags.tokenEnv ? process.env[flags.tokenEnv] : undefined;
  if (flags.tokenEnv && !token) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: `--token-env ${flags.tokenEnv}: that environment variable is not set`,
    });
  }
  const server = await serveCodec(config.encryption, {
    port: flags.port,
    host: flags.host,
    uiOrigins: flags.uiOrigin ?? DEFAULT_UI_ORIGINS,
    token,
    namespaces: flags.namespace,
  });
  process.stdout.write(
    [
      `codec server on ${server.url} (browser origins: ${(flags.uiOrigin ?? DEFAULT_UI_ORIGINS).join(', ')})`,
      token
        ? `requests must carry the token: Authorization: Bearer <$${flags.tokenEnv}>, or the endpoint ${server.url}/<token>`
        : 'no token (--token-env): any process on this machine can use it',
      `Web UI: Configure data encoder → ${token ? `${server.url}/<token>` : server.url}, or`,
      `  temporal server start-dev --ui-codec-endpoint ${token ? `${server.url}/<token>` : server.url}`,
      `CLI:    temporal workflow show -w <id> --codec-endpoint ${server.url}${token ? ` --codec-auth "Bearer $${flags.tokenEnv}"` : ''}`,
      'Ctrl-C to stop',
      '',
    ].join('\n'),
  );
  await waitForSignal();
  await server.close();
}
