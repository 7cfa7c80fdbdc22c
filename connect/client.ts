/**
 * Client connections: the one place a `Connection` (the client's gRPC) is opened from a target, and
 * {@link connectFromEnv}, the library's way to a client the way Temporal's tools connect. Loads no part of
 * `@temporalio/worker`, so an app that only starts cascades needs no worker installed.
 */
import { Client, Connection } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { cascadeDataConverter } from '../codec/data-converter';
import type { EncryptionOptions } from '../codec/keys';
import { connectFailure } from './explain';
import { connectionOptions } from './options';
import { tlsHandshakeError } from './probe';
import { profileLayer, type ProfileOptions } from './profile';
import { resolveTarget, type NamedLayer, type TemporalTarget } from './target';

/** Opens a client connection to `target` (or `address`); a failure says what to fix. */
export async function openConnection(
  target: TemporalTarget,
  options: { address?: string; connectTimeout?: Duration } = {},
): Promise<Connection> {
  const connect = connectionOptions(target, options.address);
  try {
    return await Connection.connect({ ...connect, connectTimeout: options.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT });
  } catch (error) {
    // grpc-js hides why a TLS connection failed ("before the deadline"): one handshake of our own names it.
    const handshake = connect.tls ? await tlsHandshakeError(connect.address, connect.tls) : undefined;
    throw connectFailure(handshake ? new Error(handshake, { cause: error }) : error, target, connect.address);
  }
}

/** Long enough for a cluster across a region; short enough that a wrong address fails while someone waits. */
export const DEFAULT_CONNECT_TIMEOUT: Duration = '10 seconds';

/** Where to connect: explicit settings, each winning over the environment configuration. */
export interface ConnectFromEnvOptions extends ProfileOptions {
  /** Temporal frontend, host:port. @default the profile's, TEMPORAL_ADDRESS, else localhost:7233 */
  address?: string;
  /** @default the profile's, TEMPORAL_NAMESPACE, else `default` */
  namespace?: string;
  /** @default the profile's `api_key`, else TEMPORAL_API_KEY */
  apiKey?: string;
  /** The workers' payload encryption, so what the client sends and reads is encrypted with the same keys. */
  encryption?: EncryptionOptions;
  /** @default 10 seconds */
  connectTimeout?: Duration;
}

/** A connected client; `close()` closes its connection. */
export interface ConnectedClient {
  client: Client;
  connection: Connection;
  /** The target as resolved: address, namespace, TLS (no key material is read back from it). */
  target: TemporalTarget;
  close(): Promise<void>;
}

/**
 * Connects a client the way Temporal's CLI and SDKs do: the `temporal.toml` profile (`TEMPORAL_PROFILE`,
 * `TEMPORAL_CONFIG_FILE`), the `TEMPORAL_*` variables over it (address, namespace, API key, TLS client certificate and
 * key, server CA, server name), and the explicit options over both.
 *
 * ```ts
 * const { client, close } = await connectFromEnv();
 * const result = await runCascade(client, { task: 'extract', input, schema });
 * await close();
 * ```
 */
export async function connectFromEnv(options: ConnectFromEnvOptions = {}): Promise<ConnectedClient> {
  const target = resolveTarget(explicitLayers(options));
  const connection = await openConnection(target, { connectTimeout: options.connectTimeout });
  const client = new Client({
    connection,
    namespace: target.namespace,
    dataConverter: cascadeDataConverter(options.encryption),
  });
  return { client, connection, target, close: () => connection.close() };
}

/** The explicit options over the environment configuration. */
export function explicitLayers(options: ConnectFromEnvOptions): NamedLayer[] {
  const { address, namespace, apiKey } = options;
  return [
    { name: 'the options', layer: { address, namespace, apiKey } },
    profileLayer({ profile: options.profile, configFile: options.configFile, env: options.env }),
  ];
}
