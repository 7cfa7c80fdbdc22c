/**
 * Temporal's environment configuration as one layer: the `temporal.toml` profile (`TEMPORAL_CONFIG_FILE`, else
 * `~/.config/temporalio/temporal.toml`; `TEMPORAL_PROFILE`, else `default`) with the `TEMPORAL_*` variables over it,
 * read by `@temporalio/envconfig` exactly as Temporal's CLI and SDKs read them.
 */
import { existsSync } from 'node:fs';
import { loadClientConfigProfile } from '@temporalio/envconfig';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import type { ConnectionLayer, NamedLayer, PemSource } from './target';

export interface ProfileOptions {
  /** The profile to read; an explicit name must exist. @default TEMPORAL_PROFILE, else `default` (may be absent) */
  profile?: string;
  /** The `temporal.toml` to read. @default TEMPORAL_CONFIG_FILE, else the user's config directory */
  configFile?: string;
  /** Environment variables to read instead of `process.env` (tests, a worker given its own environment). */
  env?: Record<string, string | undefined>;
}

/** The environment-configuration layer, named for messages (`profile "prod"`, `TEMPORAL_ADDRESS`). */
export function profileLayer(options: ProfileOptions = {}): NamedLayer {
  const env = definedOnly(options.env ?? process.env);
  const explicitFile = options.configFile ?? env.TEMPORAL_CONFIG_FILE;
  if (explicitFile !== undefined && explicitFile !== '' && !existsSync(explicitFile)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.FileNotFound,
      message: `Temporal config file not found: ${explicitFile} (${options.configFile ? 'given' : 'TEMPORAL_CONFIG_FILE'}); fix the path or unset it`,
    });
  }
  const name = options.profile || env.TEMPORAL_PROFILE || undefined;
  const load = (disableFile: boolean) =>
    loadClientConfigProfile({
      profile: name,
      ...(explicitFile && { configSource: { path: explicitFile } }),
      overrideEnvVars: env,
      disableFile,
    });
  let profile: ReturnType<typeof loadClientConfigProfile>;
  try {
    try {
      profile = load(false);
    } catch (error) {
      // envconfig 1.24 throws a TypeError on a file without any [profile.*] table (an empty temporal.toml): such a
      // file names nothing, like no file at all; a profile asked for by name is still missing from it.
      if (!(error instanceof TypeError) || name) throw error instanceof TypeError ? missingProfile(name!) : error;
      profile = load(true);
    }
  } catch (error) {
    const where = explicitFile ?? 'the default temporal.toml (~/.config/temporalio/temporal.toml)';
    const missing = /Profile '.*' not found/.test((error as Error).message);
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message: missing
        ? `Temporal profile "${name}" not found in ${where} (${options.profile ? '--profile or the config file' : 'TEMPORAL_PROFILE'}); add [profile.${name}] or pick another`
        : `cannot read Temporal's environment configuration from ${where}: ${(error as Error).message}`,
      cause: error,
    });
  }
  const layer: ConnectionLayer = {
    address: profile.address,
    namespace: profile.namespace,
    apiKey: profile.apiKey,
    grpcMeta: profile.grpcMeta,
    ...(profile.tls && {
      tls: {
        disabled: profile.tls.disabled,
        serverName: profile.tls.serverName,
        clientCert: profile.tls.clientCert as PemSource | undefined,
        clientKey: profile.tls.clientKey as PemSource | undefined,
        serverCaCert: profile.tls.serverCACert as PemSource | undefined,
      },
    }),
  };
  return { name: layerName(name, env), layer };
}

/** What set the layer's address, for messages: TEMPORAL_ADDRESS (it wins over the file), else the profile. */
function layerName(profile: string | undefined, env: Record<string, string>): string {
  if (env.TEMPORAL_ADDRESS) return 'TEMPORAL_ADDRESS';
  return profile ? `profile "${profile}"` : 'the default profile';
}

function missingProfile(name: string): Error {
  return new Error(`Profile '${name}' not found in config data`);
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}
