/**
 * The one place the command line builds a Temporal client. Every command's client (runs, batches, agent jobs,
 * reports, tuning, the gateway) takes the config's `encryption`, so whatever it sends (workflow inputs, signals,
 * updates, query arguments) is encrypted and whatever it reads is decrypted with the worker's keys.
 * test/unit/cli-client.test.ts checks that no other CLI module constructs a `Client`.
 */
import { Client, type Connection } from '@temporalio/client';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { cascadeDataConverter } from '../codec/data-converter';
import type { CascadeConfig } from './config';
import { openConnection } from '../connect/client';
import { temporalTarget, type TemporalFlags } from './temporal-target';

/** A client on `connection` with the config's encryption. */
export function cliClient(
  connection: Connection,
  namespace: string,
  config: Pick<CascadeConfig, 'encryption'>,
): Client {
  return new Client({ connection, namespace, dataConverter: cascadeDataConverter(config.encryption) });
}

/** A client of the cluster the flags, config or environment name (no worker: steering a job needs none). */
export async function openClient(
  config: CascadeConfig,
  flags: TemporalFlags,
): Promise<{ client: Client; close(): Promise<void> }> {
  const target = temporalTarget(flags, config);
  if (!target.address) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: 'which Temporal? give --address, temporal.address in the config, TEMPORAL_ADDRESS or a profile',
    });
  }
  const connection = await openConnection(target);
  return { client: cliClient(connection, target.namespace, config), close: () => connection.close() };
}
