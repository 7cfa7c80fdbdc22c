/**
 * One gateway request's time, split: the client's and the gateway's marks (wall clock, ms) and the server's history
 * event times of the request's workflow, chained in time order so every millisecond lands in exactly one step.
 * Pure: no I/O.
 */
import type { Client } from '@temporalio/client';

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** The client's, the gateway's and the worker's marks of one request, epoch ms with fractions. */
export type Marks = Record<string, number>;

const MARK_NAMES: Record<string, string> = {
  sent: 'client sent',
  arrived: 'gateway has the request',
  startSent: 'gateway sends start',
  startReturned: 'start returned',
  resultSent: 'gateway asks for the result',
  resultReturned: 'gateway has the result',
  received: 'client has the answer',
};

function eventMs(event: HistoryEvent): number {
  const time = event.eventTime!;
  return Number(time.seconds ?? 0) * 1000 + (time.nanos ?? 0) / 1e6;
}

function eventName(event: HistoryEvent): string | undefined {
  if (event.workflowExecutionStartedEventAttributes) return 'workflow started';
  if (event.workflowTaskScheduledEventAttributes) return 'workflow task scheduled';
  if (event.workflowTaskStartedEventAttributes) return 'workflow task started';
  if (event.workflowTaskCompletedEventAttributes) return 'workflow task completed';
  if (event.activityTaskScheduledEventAttributes) return 'activity scheduled';
  if (event.activityTaskStartedEventAttributes) return 'activity started';
  if (event.activityTaskCompletedEventAttributes) return 'activity completed';
  if (event.workflowExecutionCompletedEventAttributes) return 'workflow completed';
  return undefined;
}

/**
 * Named steps of one request, ms: consecutive points (marks and history events) in time order, each step named
 * `from → to`. Steps in one mode's table line up because every request of a mode has the same shape.
 */
export function phasesOf(marks: Marks, history: History): Record<string, number> {
  const points: Array<{ name: string; ms: number }> = [];
  for (const [key, ms] of Object.entries(marks)) points.push({ name: MARK_NAMES[key] ?? key, ms });
  // Server events whose time is the same as the one before (written in one transaction) add no step.
  let last = Number.NaN;
  for (const event of history.events ?? []) {
    const name = eventName(event);
    const ms = eventMs(event);
    if (name && ms !== last) points.push({ name: `server: ${name}`, ms });
    last = ms;
  }
  points.sort((a, b) => a.ms - b.ms);
  const steps: Record<string, number> = {};
  for (let i = 1; i < points.length; i += 1) {
    const name = `${points[i - 1]!.name} → ${points[i]!.name}`;
    steps[name] = (steps[name] ?? 0) + points[i]!.ms - points[i - 1]!.ms;
  }
  steps.total = marks.received! - marks.sent!;
  return steps;
}
