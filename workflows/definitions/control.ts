/**
 * The control signals of llm-cascade's long-running workflows (a batch, an agent job): one name, one payload shape
 * each, whichever workflow receives them.
 */
import { defineSignal } from '@temporalio/workflow';

/** Stop starting new work until `resume`; work in flight finishes. */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** End the workflow's work early; `reason` is recorded (a batch's report, an agent's ending). */
export const cancelSignal = defineSignal<[reason?: string]>('cancel');

/**
 * The reason a `cancel` signal carries. Its shape is a bare string; agent clients of 0.1.0 sent `{ reason }`, which a
 * job started before an upgrade may still receive, so that shape is read too.
 */
export function cancelReasonOf(payload: unknown): string | undefined {
  if (typeof payload === 'string') return payload || undefined;
  const reason = (payload as { reason?: unknown } | null | undefined)?.reason;
  return typeof reason === 'string' && reason ? reason : undefined;
}
