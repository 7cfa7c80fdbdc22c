/**
 * A target's connection options, certificates read from their files: the one shape both `Connection.connect` (the
 * client's gRPC) and `NativeConnection.connect` (the worker's Rust core) take.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { DEFAULT_ADDRESS, sourceName, tlsMode, type PemSource, type TemporalTarget } from './target';

export interface TargetConnectionOptions {
  address: string;
  apiKey?: string;
  /** false: plaintext; true: TLS with the system's roots; an object: custom TLS. */
  tls: TLSConfig | boolean;
  metadata?: Record<string, string>;
}

/** The options to connect to `target` (at `address` when the caller picked one, e.g. an embedded server). */
export function connectionOptions(target: TemporalTarget, address = target.address ?? DEFAULT_ADDRESS) {
  const mode = tlsMode(target);
  const options: TargetConnectionOptions = {
    address,
    tls: mode === 'custom' ? customTls(target) : mode === 'system',
    ...(target.apiKey && { apiKey: target.apiKey }),
    ...(target.grpcMeta && { metadata: target.grpcMeta }),
  };
  return options;
}

function customTls(target: TemporalTarget): TLSConfig {
  const tls = target.tls ?? {};
  if ((tls.clientCert === undefined) !== (tls.clientKey === undefined)) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidConfig,
      message:
        `Temporal TLS: a client ${tls.clientCert ? 'certificate needs its key' : 'key needs its certificate'}; ` +
        'give both client_cert_path and client_key_path (TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH)',
    });
  }
  return {
    ...(tls.serverName && { serverNameOverride: tls.serverName }),
    ...(tls.serverCaCert && { serverRootCACertificate: readPem(tls.serverCaCert, 'server CA certificate') }),
    ...(tls.clientCert &&
      tls.clientKey && {
        clientCertPair: {
          crt: readPem(tls.clientCert, 'client certificate'),
          key: readPem(tls.clientKey, 'client key'),
        },
      }),
  };
}

function readPem(source: PemSource, what: string): Buffer {
  if (!('path' in source)) return Buffer.from(source.data);
  try {
    return readFileSync(source.path);
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.FileNotFound,
      message: `Temporal TLS ${what} ${sourceName(source)} cannot be read: ${(error as Error).message}`,
      cause: error,
    });
  }
}
