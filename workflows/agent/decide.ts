/**
 * The agent loop's next move, as a pure function of its state (no Temporal imports): finish, continue as new, wait
 * for a person (resume, decisions, an answer), run the tool calls, compose the next prompt, compress, or take a
 * step. `workflow.ts` is the driver that runs each move; unit-tested in test/unit/agent-decide.test.ts.
 *
 * The order of the rules is the order the recorded histories were made with (test/fixtures/histories): the same
 * state gives the same commands, so jobs that were running before this split replay.
 */
import type { PendingCall, Turn } from './definitions';
import { undecidedCalls, wallTimeOver, type AgentLoop, type ComposedPrompt, type JobEnd } from './state';
import { shouldCompress, splitForCompression } from './view';
import { plural } from '../../catalog/plural';

/** What Temporal tells the loop besides its state. */
export interface LoopSignals {
  continueAsNewSuggested: boolean;
}

/** The driver's next move. Waits carry `until`: the first deadline that ends them (epoch ms), if any. */
export type AgentMove =
  | { kind: 'finish'; end: JobEnd }
  | { kind: 'continue-as-new' }
  /** Paused: wait for `resume` (or a cancel, or the wall time). */
  | { kind: 'wait-resume'; until?: number }
  /** Calls wait for a person: wait for the decisions, their deadline, a cancel or the wall time. */
  | { kind: 'await-approval'; until?: number }
  | { kind: 'run-calls'; calls: PendingCall[] }
  /** The model asked the person something: wait for `sendMessage`. */
  | { kind: 'await-answer'; until?: number }
  /** Build the next step's prompt and count its tokens (a local activity): what decides `compress` or `step`. */
  | { kind: 'compose' }
  /** The prompt passed the threshold: fold the older turns into the summary by a cheap step, keep the recent ones. */
  | { kind: 'compress'; fold: Turn[]; keep: Turn[] }
  | { kind: 'step'; prompt: ComposedPrompt };

/** The state views show while a wait lasts. */
export const WAIT_STATE = {
  'wait-resume': 'paused',
  'await-approval': 'waiting_approval',
  'await-answer': 'waiting_input',
} as const;

export type WaitMove = Extract<AgentMove, { kind: keyof typeof WAIT_STATE }>;

function earliest(...deadlines: (number | undefined)[]): number | undefined {
  const set = deadlines.filter((deadline): deadline is number => deadline !== undefined);
  return set.length > 0 ? Math.min(...set) : undefined;
}

export function nextMove(loop: AgentLoop, signals: LoopSignals, now: number): AgentMove {
  const { carry, limits } = loop;
  // A step's outcome ends the job at once: a final answer stands even if a cancel arrived while the model wrote it.
  if (loop.end) return { kind: 'finish', end: loop.end };
  // A composed prompt is used at once: its token count is what chooses between compressing and stepping.
  if (loop.prompt) {
    if (!shouldCompress(limits.compression, carry.turns, loop.prompt.tokens))
      return { kind: 'step', prompt: loop.prompt };
    return { kind: 'compress', ...splitForCompression(carry.turns, limits.compression?.keepRecentTurns) };
  }
  if (loop.cancelReason !== undefined)
    return { kind: 'finish', end: { ending: 'cancelled', reason: loop.cancelReason } };
  // Decisions came in while waiting: the calls run before anything else (a pause waits for the next step).
  if (loop.decided) return { kind: 'run-calls', calls: carry.pending };
  if (wallTimeOver(loop, now)) {
    return { kind: 'finish', end: { ending: 'timed_out', reason: `wall time of ${limits.maxWallTimeMs} ms reached` } };
  }
  const stepsThisRun = carry.steps - loop.stepsAtStart;
  if (stepsThisRun > 0 && (signals.continueAsNewSuggested || stepsThisRun >= limits.continueAsNewAfterSteps)) {
    return { kind: 'continue-as-new' };
  }
  if (carry.paused) return { kind: 'wait-resume', until: limits.wallDeadlineMs };
  if (carry.pending.length > 0) {
    if (undecidedCalls(carry).length === 0) return { kind: 'run-calls', calls: carry.pending };
    return { kind: 'await-approval', until: earliest(carry.approvalDeadlineMs, limits.wallDeadlineMs) };
  }
  if (carry.question !== undefined) return { kind: 'await-answer', until: limits.wallDeadlineMs };
  if (carry.steps >= limits.maxSteps) {
    return {
      kind: 'finish',
      end: { ending: 'max_steps', reason: `${plural(limits.maxSteps, 'step')} taken without a final answer` },
    };
  }
  return { kind: 'compose' };
}

/** A wait is over when what it waits for happened, or on a cancel (its deadline is the driver's timer). */
export function waitIsOver(loop: AgentLoop, move: WaitMove): boolean {
  if (loop.cancelReason !== undefined) return true;
  if (move.kind === 'wait-resume') return !loop.carry.paused;
  if (move.kind === 'await-approval') return undecidedCalls(loop.carry).length === 0;
  return loop.carry.question === undefined;
}
