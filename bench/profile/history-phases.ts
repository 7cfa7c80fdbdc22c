/**
 * Where a single-attempt cascade's time goes, read from the server's own event timestamps
 * (WorkflowTaskScheduled→Started→Completed, ActivityTaskScheduled→Started→Completed) plus the client's clock
 * around `runCascade` (same machine, same clock).
 */
import type { Client } from '@temporalio/client';

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** Phase names, in the order they happen. */
export const PHASES = [
  'client → workflow started (prepare + start RPC)',
  'workflow task 1: schedule → start (dispatch)',
  'workflow task 1: start → complete (worker)',
  'activity: schedule → start (dispatch)',
  'activity: start → complete (HTTP call + validation)',
  'activity complete → workflow task 2 start',
  'workflow task 2: start → complete (worker)',
  'workflow completed → client has result',
] as const;
export type Phase = (typeof PHASES)[number];

function eventMs(event: HistoryEvent | undefined): number {
  const time = event?.eventTime;
  if (!time) return Number.NaN;
  return Number(time.seconds ?? 0) * 1000 + (time.nanos ?? 0) / 1e6;
}

/**
 * Phase durations (ms) of one single-activity workflow run.
 * @param clientStartMs - wall clock just before the client began (prepare + start), epoch ms with fractions.
 * @param clientDoneMs - wall clock when the client had the result.
 */
export function historyPhases(
  history: History,
  clientStartMs: number,
  clientDoneMs: number,
): Record<Phase, number> | undefined {
  const events = history.events ?? [];
  const find = (pick: (e: HistoryEvent) => unknown, nth = 0) => events.filter((e) => pick(e) != null)[nth];
  const started = find((e) => e.workflowExecutionStartedEventAttributes);
  const wft1Scheduled = find((e) => e.workflowTaskScheduledEventAttributes, 0);
  const wft1Started = find((e) => e.workflowTaskStartedEventAttributes, 0);
  const wft1Completed = find((e) => e.workflowTaskCompletedEventAttributes, 0);
  const activityScheduled = find((e) => e.activityTaskScheduledEventAttributes);
  const activityStarted = find((e) => e.activityTaskStartedEventAttributes);
  const activityCompleted = find((e) => e.activityTaskCompletedEventAttributes);
  const wft2Started = find((e) => e.workflowTaskStartedEventAttributes, 1);
  const wft2Completed = find((e) => e.workflowTaskCompletedEventAttributes, 1);
  const completed = find((e) => e.workflowExecutionCompletedEventAttributes);
  if (!activityCompleted || !wft2Completed || !completed) return undefined;
  // An eagerly started workflow's first task is handed over in the start response: scheduled ≈ started.
  const firstScheduled = wft1Scheduled ?? started;
  return {
    [PHASES[0]]: eventMs(started) - clientStartMs,
    [PHASES[1]]: eventMs(wft1Started) - eventMs(firstScheduled),
    [PHASES[2]]: eventMs(wft1Completed) - eventMs(wft1Started),
    [PHASES[3]]: eventMs(activityStarted) - eventMs(activityScheduled),
    [PHASES[4]]: eventMs(activityCompleted) - eventMs(activityStarted),
    [PHASES[5]]: eventMs(wft2Started) - eventMs(activityCompleted),
    [PHASES[6]]: eventMs(wft2Completed) - eventMs(wft2Started),
    [PHASES[7]]: clientDoneMs - eventMs(completed),
  } as Record<Phase, number>;
}

/** Wall clock in epoch ms with sub-millisecond resolution (Date.now() has whole ms only). */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
