/**
 * The bare-Temporal baselines, bundled on their own: the least a durable request can be. `noopActivityWorkflow`
 * runs one no-op activity (the throughput baseline); `sdkActivityWorkflow` runs one activity that calls the
 * upstream with the openai SDK, what a hand-written one-activity LLM workflow does (the latency baseline);
 * `sdkLocalActivityWorkflow` makes the same call as a local activity (no activity dispatch, no second workflow
 * task round trip), to show what that design choice would be worth.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { SdkCallInput, baselineActivities } from './noop-activities';

const { noop, sdkCall } = proxyActivities<typeof baselineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 1 },
});

const local = proxyLocalActivities<typeof baselineActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 1 },
});

/** Runs one no-op activity and returns its result. */
export async function noopActivityWorkflow(input: string): Promise<string> {
  return await noop(input);
}

/** Runs one activity that makes one chat completion call; returns the answer text. */
export async function sdkActivityWorkflow(input: SdkCallInput): Promise<string> {
  return await sdkCall(input);
}

/** The same call as a local activity. */
export async function sdkLocalActivityWorkflow(input: SdkCallInput): Promise<string> {
  return await local.sdkCall(input);
}
