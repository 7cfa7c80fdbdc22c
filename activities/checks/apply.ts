/** Runs a request's checks on an answer ajv accepted, inside `callModel`: ok stays ok or becomes `check_failed`. */
import { formatCheckFailure, type CheckFailure } from '../../catalog/checks';
import type { CallModelInput, CallModelResult } from '../../workflows/definitions';
import { runChecks, todayDay, type CheckFunction } from './index';

type Judged = Pick<CallModelResult, 'outcome' | 'output' | 'rawText' | 'validationErrors' | 'finishReason'> & {
  failedChecks?: CheckFailure[];
};

/** The text an answer must be grounded in: the request's user messages (instructions may hold made-up examples). */
export function groundingText(input: Pick<CallModelInput, 'messages'>): string {
  return input.messages
    .filter((message) => message.role === 'user')
    .map((message) => message.content)
    .join('\n');
}

export async function applyChecks<J extends Judged>(
  judged: J,
  input: Pick<CallModelInput, 'messages' | 'checks'>,
  registry: Readonly<Record<string, CheckFunction>> = {},
  now = Date.now(),
): Promise<J & Judged> {
  if (judged.outcome !== 'ok' || !input.checks?.length) return judged;
  let failures: CheckFailure[];
  try {
    failures = await runChecks(judged.output, input.checks, {
      input: groundingText(input),
      today: todayDay(now),
      registry,
    });
  } catch (error) {
    // A user check that throws is a bug in that check; the answer was paid for, so it is judged, not lost.
    failures = [
      { check: 'custom', problem: `a check threw: ${error instanceof Error ? error.message : String(error)}` },
    ];
  }
  if (failures.length === 0) return judged;
  return {
    ...judged,
    outcome: 'check_failed',
    // Kept (capped like any bad answer) for a repair re-ask that quotes it.
    rawText: JSON.stringify(judged.output).slice(0, 16_000),
    output: undefined,
    validationErrors: failures.map(formatCheckFailure),
    failedChecks: failures,
  };
}
