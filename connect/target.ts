/**
 * Where a process's Temporal is and how to reach it, decided in one pure function. Each setting comes from the first
 * layer that has it: a flag, then the config file, then Temporal's environment configuration (`TEMPORAL_*`
 * variables over the `temporal.toml` profile, merged by `@temporalio/envconfig` as Temporal's CLI and SDKs do), then
 * the default. Settings merge field by field, as in Temporal's own tools: `--address` over a profile keeps the
 * profile's certificates.
 */

/** A PEM file by path, or its contents inline (a profile's `*_data`, `TEMPORAL_TLS_*_DATA`). */
export type PemSource = { path: string } | { data: string | Uint8Array };

/** TLS settings of one layer (a profile's `[profile.x.tls]` table, `TEMPORAL_TLS_*`). */
export interface TlsSettings {
  /** True: plaintext even if a lower layer or an API key would turn TLS on. */
  disabled?: boolean;
  /** The name the server's certificate must carry, when it differs from the address's host. */
  serverName?: string;
  /** Client certificate for mTLS; needs `clientKey`. */
  clientCert?: PemSource;
  clientKey?: PemSource;
  /** CA that signed the server's certificate, when the system's roots do not. */
  serverCaCert?: PemSource;
}

/** One layer of connection settings; a field left undefined (or empty) falls through to the next layer. */
export interface ConnectionLayer {
  address?: string;
  namespace?: string;
  apiKey?: string;
  tls?: TlsSettings;
  /** gRPC metadata sent with every call (a profile's `grpc_meta`, `TEMPORAL_GRPC_META_*`). */
  grpcMeta?: Record<string, string>;
}

/** The cluster a process talks to and how, every layer applied. */
export interface TemporalTarget {
  /** Undefined when no layer names a server: a command that can embed a dev server starts one. */
  address?: string;
  namespace: string;
  apiKey?: string;
  /** The merged TLS settings, or undefined: plaintext (unless an API key turns TLS on, see {@link tlsMode}). */
  tls?: TlsSettings;
  grpcMeta?: Record<string, string>;
  /** Where the settings came from, for messages: `profile "prod"`, `--address`, `the config`. */
  origin: string;
}

export const DEFAULT_NAMESPACE = 'default';

/** The local default of commands that need an existing server (`worker`, `setup`, `report`). */
export const DEFAULT_ADDRESS = 'localhost:7233';

/** A named layer, highest precedence first. */
export interface NamedLayer {
  /** How a person would name it in a message: `--address`, `the config file`, `profile "prod"`. */
  name: string;
  layer: ConnectionLayer;
}

/** Merges layers (highest precedence first) field by field; empty strings count as unset. */
export function resolveTarget(layers: NamedLayer[]): TemporalTarget {
  const first = <K extends keyof ConnectionLayer>(key: K) => layers.find(({ layer }) => present(layer[key]));
  const pick = <K extends keyof ConnectionLayer>(key: K) => first(key)?.layer[key];
  const tls = mergeTls(layers.map(({ layer }) => layer.tls));
  const from = first('address');
  const grpcMeta = pick('grpcMeta');
  return {
    address: pick('address'),
    namespace: pick('namespace') ?? DEFAULT_NAMESPACE,
    ...(present(pick('apiKey')) && { apiKey: pick('apiKey') }),
    ...(tls && { tls }),
    ...(grpcMeta && Object.keys(grpcMeta).length > 0 && { grpcMeta }),
    origin: from?.name ?? 'no address set',
  };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

const TLS_FIELDS = ['disabled', 'serverName', 'clientCert', 'clientKey', 'serverCaCert'] as const;

function mergeTls(layers: (TlsSettings | undefined)[]): TlsSettings | undefined {
  const merged: TlsSettings = {};
  for (const field of TLS_FIELDS) {
    const value = layers.find((tls) => present(tls?.[field]))?.[field];
    if (value !== undefined) Object.assign(merged, { [field]: value });
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/**
 * Whether a target connects with TLS: off when `disabled`; on with any TLS setting (as envconfig decides) or an API
 * key (Temporal Cloud requires TLS with one); else plaintext.
 */
export function tlsMode(target: Pick<TemporalTarget, 'tls' | 'apiKey'>): 'off' | 'system' | 'custom' {
  const { tls, apiKey } = target;
  if (tls?.disabled) return 'off';
  if (tls && TLS_FIELDS.some((field) => field !== 'disabled' && tls[field] !== undefined)) return 'custom';
  if (tls?.disabled === false || apiKey) return 'system';
  return 'off';
}

/** One line for messages: `127.0.0.1:7233 (profile "prod", namespace prod, TLS with client certificate)`. */
export function describeTarget(target: TemporalTarget): string {
  const mode = tlsMode(target);
  const tls =
    mode === 'off'
      ? 'no TLS'
      : target.tls?.clientCert
        ? `TLS with client certificate ${sourceName(target.tls.clientCert)}`
        : 'TLS without a client certificate';
  return `${target.address ?? '(no address)'} (from ${target.origin}, namespace ${target.namespace}, ${tls}${target.apiKey ? ', API key' : ''})`;
}

export function sourceName(source: PemSource): string {
  return 'path' in source ? source.path : 'inline data';
}
