/** The bare-Temporal latency baseline as a system: start `sdkActivityWorkflow`, wait for its result. */
import type { Client } from '@temporalio/client';
import { wallClockMs } from '../profile/history-phases';
import { ROUTES } from '../setup/fixtures';
import { MAX_TOKENS, RESPONSE_FORMAT, messagesFor, type BenchRequest, type BenchSystem } from '../systems/request';
import type { CascadeOutcome } from '../systems/cascade';
import type { SdkCallInput } from './noop-activities';
import type { sdkActivityWorkflow } from './noop-workflows';

export interface BareSystemOptions {
  key: string;
  label: string;
  client: Client;
  taskQueue: string;
  upstreamBaseURL: string;
  /** Make the SDK call as a local activity instead. @default false */
  local?: boolean;
  onResult?: (outcome: CascadeOutcome) => void;
}

/** The baseline activity's input for a benchmark request: the same call `direct` makes. */
export function sdkCallInput(upstreamBaseURL: string, request: BenchRequest): SdkCallInput {
  return {
    baseURL: upstreamBaseURL,
    model: ROUTES[request.route][0]![0]!.id,
    messages: messagesFor(request),
    responseFormat: RESPONSE_FORMAT,
    maxTokens: MAX_TOKENS,
  };
}

export function bareTemporalSystem(options: BareSystemOptions): BenchSystem {
  let counter = 0;
  return {
    key: options.key,
    label: options.label,
    async call(request) {
      const startWallMs = wallClockMs();
      const started = performance.now();
      const workflowId = `bare-${request.marker}-${++counter}`;
      try {
        const handle = await options.client.workflow.start<typeof sdkActivityWorkflow>(
          options.local ? 'sdkLocalActivityWorkflow' : 'sdkActivityWorkflow',
          {
            taskQueue: options.taskQueue,
            workflowId,
            args: [sdkCallInput(options.upstreamBaseURL, request)],
          },
        );
        await handle.result();
        const ms = performance.now() - started;
        options.onResult?.({ workflowId, startWallMs, doneWallMs: wallClockMs() });
        return { ms, ok: true, reportedCostUsd: null };
      } catch (error) {
        return { ms: performance.now() - started, ok: false, error: String(error), reportedCostUsd: null };
      }
    },
  };
}
