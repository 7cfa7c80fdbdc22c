/**
 * How an integration's models reach cascades, chosen by the caller: a Temporal client, the gateway's URL, or any
 * {@link CascadeRunner} (for example the inline-step runner inside a workflow). Node-side.
 */
import type { Client } from '@temporalio/client';
import type { CascadeRunner } from '../contract/runner';
import { gatewayRunner, type GatewayRunnerOptions } from './gateway';
import { temporalRunner, type TemporalRunnerOptions } from './temporal';

export type CascadeTransport =
  ({ client: Client } & TemporalRunnerOptions) | { gateway: GatewayRunnerOptions } | { runner: CascadeRunner };

/** The runner of a transport (options besides the transport's own are ignored here). */
export function runnerOf(transport: CascadeTransport): CascadeRunner {
  if ('runner' in transport) return transport.runner;
  if ('gateway' in transport) return gatewayRunner(transport.gateway);
  const { client, taskQueue, workflowIdPrefix, catalog, matchWorkerCatalog, executionTimeout, cancelOnAbort } =
    transport;
  return temporalRunner(client, {
    ...(taskQueue && { taskQueue }),
    ...(workflowIdPrefix && { workflowIdPrefix }),
    ...(catalog && { catalog }),
    ...(matchWorkerCatalog !== undefined && { matchWorkerCatalog }),
    ...(executionTimeout !== undefined && { executionTimeout }),
    ...(cancelOnAbort !== undefined && { cancelOnAbort }),
  });
}
