/**
 * What a running cascade is waiting on, for a client to show while it waits: a durable wait when every candidate
 * left is down (cooldown, Retry-After past the tier's cap), or an attempt whose provider's Retry-After Temporal is
 * waiting out before the next try. It reads the server's description of the workflow (no worker, no history) and
 * asks the workflow's `ledger` query only when that shows no attempt running or an attempt between tries.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { ledgerQuery } from '../workflows/definitions';

/** One wait on providers, reported once. */
export interface ProviderWait {
  /** `cascade`: every candidate left is down, a durable timer; `retry`: an attempt waits for its next try. */
  kind: 'cascade' | 'retry';
  /** What it waits for, naming the provider(s) and why. */
  message: string;
  /** When the wait ends, epoch ms. */
  untilMs: number;
}

export interface WatchWaitsOptions {
  /** How often the workflow is described, ms. @default 2000 */
  intervalMs?: number;
  /** Stops the watch (the caller's result arrived). */
  signal: AbortSignal;
}

function timestampMs(value: { seconds?: unknown; nanos?: number | null } | null | undefined): number | undefined {
  if (!value || value.seconds === undefined || value.seconds === null) return undefined;
  return Number(value.seconds) * 1000 + Math.floor((value.nanos ?? 0) / 1e6);
}

/** Calls `onWait` once per wait of the cascade behind `handle` until `signal` aborts or the workflow ends. */
export async function watchWaits(
  handle: WorkflowHandle,
  onWait: (wait: ProviderWait) => void,
  { intervalMs = 2_000, signal }: WatchWaitsOptions,
): Promise<void> {
  const seen = new Set<string>();
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
    if (signal.aborted) return;
    const description = await handle.describe().catch(() => undefined);
    if (description === undefined) continue;
    if (description.status.name !== 'RUNNING') return;
    const pending = description.raw.pendingActivities ?? [];
    const now = Date.now();
    const between = pending.find(
      (activity) => (activity.attempt ?? 1) > 1 && (timestampMs(activity.nextAttemptScheduleTime) ?? 0) > now,
    );
    if (pending.length > 0 && !between) continue;
    const ledger = await handle.query(ledgerQuery).catch(() => undefined);
    if (between) {
      const untilMs = timestampMs(between.nextAttemptScheduleTime)!;
      const key = `retry:${between.activityId ?? ''}:${between.attempt ?? 0}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const who = ledger?.calling ? `${ledger.calling.provider} (${ledger.calling.ref})` : 'the provider';
      const why = between.lastFailure?.message ? `: ${between.lastFailure.message}` : '';
      onWait({ kind: 'retry', untilMs, message: `waiting for ${who} to take try ${between.attempt}${why}` });
    } else if (ledger?.waiting) {
      const key = `cascade:${ledger.waiting.untilMs}`;
      if (seen.has(key)) continue;
      seen.add(key);
      onWait({ kind: 'cascade', untilMs: ledger.waiting.untilMs, message: ledger.waiting.message });
    }
  }
}

/** One line for a wait: what, and until when (local time of day, and how long from `now`). */
export function waitLine(wait: ProviderWait, now = Date.now()): string {
  const until = new Date(wait.untilMs).toTimeString().slice(0, 8);
  return `${wait.message} (until ${until}, in ${Math.max(0, Math.round((wait.untilMs - now) / 1000))} s)`;
}
