/**
 * The one place the command line builds a Temporal client. Every command's client (runs, batches, agent jobs,
 * reports, tuning, the gateway) takes the config's `encryption`, so whatever it sends (workflow inputs, signals,
 * updates, query arguments) is encrypted and whatever it reads is decrypted with the worker's keys.
 * test/unit/cli-client.test.ts checks that no other CLI module constructs a `Client`.
 */
import { Client, Connection } from '@temporalio/client';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { cascadeDataConverter } from '../codec/data-converter';
import type { CascadeConfig } from './config';
import { connectOptions, temporalTarget, type TemporalFlags } from './temporal-target';

/** A client on `connection` with the config's encryption. */
export function cliClient(
  connection: Connection,
  namespace: string,
  config: Pick<CascadeConfig, 'encryption'>,
): Client {
  return new Client({ connection, namespace, dataConverter: cascadeDataConverter(config.encryption) });
}

/** A client of the cluster the flags, environment or config name (no worker: steering a job needs none). */
export async function openClient(
  config: CascadeConfig,
  flags: TemporalFlags,
): Promise<{ client: Client; close(): Promise<void> }> {
  const { address, namespace, apiKey } = temporalTarget(flags, config);
  if (!address) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: 'which Temporal? give --address, TEMPORAL_ADDRESS or temporal.address in the config',
    });
  }
  const connection = await Connection.connect(connectOptions(address, apiKey));
  return { client: cliClient(connection, namespace, config), close: () => connection.close() };
}
