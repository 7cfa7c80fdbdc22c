/**
 * Worker connections: the one place a `NativeConnection` (the worker's Rust core) is opened from a target. Apart
 * from connect/client.ts because it loads `@temporalio/worker`, which an app that only starts cascades need not have.
 */
import { NativeConnection } from '@temporalio/worker';
import { explicitLayers, type ConnectFromEnvOptions } from './client';
import { connectFailure } from './explain';
import { connectionOptions } from './options';
import { resolveTarget, type TemporalTarget } from './target';

/** Opens a worker connection to `target` (or `address`); a failure says what to fix. */
export async function openNativeConnection(
  target: TemporalTarget,
  options: { address?: string } = {},
): Promise<NativeConnection> {
  const connect = connectionOptions(target, options.address);
  try {
    return await NativeConnection.connect(connect);
  } catch (error) {
    throw connectFailure(error, target, connect.address);
  }
}

/**
 * A worker connection from Temporal's environment configuration, as {@link connectFromEnv} makes a client's:
 *
 * ```ts
 * const { connection, target } = await connectWorkerFromEnv();
 * const worker = await Worker.create({ connection, namespace: target.namespace, plugins: [new CascadePlugin({ catalog })], … });
 * ```
 */
export async function connectWorkerFromEnv(
  options: Omit<ConnectFromEnvOptions, 'encryption' | 'connectTimeout'> = {},
): Promise<{ connection: NativeConnection; target: TemporalTarget }> {
  const target = resolveTarget(explicitLayers(options));
  return { connection: await openNativeConnection(target), target };
}
