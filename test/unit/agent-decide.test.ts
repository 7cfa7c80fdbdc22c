// Pure unit tests — the agent loop's next move, one case per rule and the order of the rules; no workers, no servers
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentInput, PendingCall, Turn } from '../../workflows/agent/definitions';
import { nextMove, waitIsOver, type AgentMove, type LoopSignals } from '../../workflows/agent/decide';
import { newCarry, startLoop, type AgentLoop } from '../../workflows/agent/state';

const NOW = 1_000_000;
const quiet: LoopSignals = { continueAsNewSuggested: false };

function input(overrides: Partial<AgentInput['agent']> = {}, more: Partial<AgentInput> = {}): AgentInput {
  return {
    agent: { name: 'a', instructions: 'i', tools: ['pay', 'look'], task: 't', finalSchema: {}, ...overrides },
    goal: 'g',
    ...more,
  };
}

/** A loop at step `steps` of a job started at `startedAtMs`, with the given agent and carried fields. */
function loopOf(
  agent: Partial<AgentInput['agent']> = {},
  carry: Partial<AgentLoop['carry']> = {},
  more: Partial<AgentInput> = {},
): AgentLoop {
  const loop = startLoop(input(agent, more), { ...newCarry(NOW - 10_000), ...carry });
  return loop;
}

const call = (id: string, extra: Partial<PendingCall> = {}): PendingCall => ({
  id,
  tool: 'pay',
  arguments: { vendor: id },
  needsApproval: true,
  ...extra,
});
const turn = (step: number, kind: Turn['kind'] = 'action'): Turn => ({
  role: kind === 'action' ? 'assistant' : 'user',
  kind,
  content: `turn ${step}`,
  step,
});
const kind = (move: AgentMove) => move.kind;

describe('agent loop: next move, one rule each', () => {
  it('nothing to wait for: compose the next prompt', () => {
    assert.deepEqual(nextMove(loopOf(), quiet, NOW), { kind: 'compose' });
  });

  it("a step's end finishes the job with it", () => {
    const loop = loopOf();
    loop.end = { ending: 'done', answer: { total: 3 } };
    assert.deepEqual(nextMove(loop, quiet, NOW), { kind: 'finish', end: { ending: 'done', answer: { total: 3 } } });
  });

  it('a composed prompt under the threshold is the step', () => {
    const loop = loopOf({ compression: { thresholdTokens: 100, keepRecentTurns: 1 } }, { turns: [turn(1), turn(1)] });
    loop.prompt = { prompt: { messages: [] }, tokens: 100 };
    assert.deepEqual(nextMove(loop, quiet, NOW), { kind: 'step', prompt: loop.prompt });
  });

  it('a composed prompt past the threshold compresses: older turns folded, the recent ones kept', () => {
    const turns = [turn(1), turn(1, 'tool_results'), turn(2), turn(2, 'tool_results')];
    const loop = loopOf({ compression: { thresholdTokens: 100, keepRecentTurns: 1 } }, { turns });
    loop.prompt = { prompt: { messages: [] }, tokens: 101 };
    // The kept part never starts with tool results whose call was folded away.
    assert.deepEqual(nextMove(loop, quiet, NOW), { kind: 'compress', fold: turns.slice(0, 2), keep: turns.slice(2) });
  });

  it('no compression without a compression spec, whatever the prompt', () => {
    const loop = loopOf({}, { turns: [turn(1), turn(2), turn(3), turn(4), turn(5), turn(6)] });
    loop.prompt = { prompt: { messages: [] }, tokens: 1e9 };
    assert.equal(nextMove(loop, quiet, NOW).kind, 'step');
  });

  it('a cancel finishes the job, with its reason', () => {
    const loop = loopOf();
    loop.cancelReason = 'no longer needed';
    assert.deepEqual(nextMove(loop, quiet, NOW), {
      kind: 'finish',
      end: { ending: 'cancelled', reason: 'no longer needed' },
    });
  });

  it('decisions that came in during the wait: the calls run', () => {
    const pending = [call('s1c1', { decision: 'approved' })];
    const loop = loopOf({}, { pending });
    loop.decided = true;
    assert.deepEqual(nextMove(loop, quiet, NOW), { kind: 'run-calls', calls: pending });
  });

  it('the wall time ends the job from its deadline on, not a millisecond before', () => {
    const loop = loopOf({ limits: { maxWallTimeMs: 10_000 } });
    assert.equal(kind(nextMove(loop, quiet, NOW - 1)), 'compose');
    assert.deepEqual(nextMove(loop, quiet, NOW), {
      kind: 'finish',
      end: { ending: 'timed_out', reason: 'wall time of 10000 ms reached' },
    });
  });

  it('continues as new after `continueAsNewAfterSteps` steps of this run, not before', () => {
    const loop = loopOf({}, { steps: 7 }, { continueAsNewAfterSteps: 3 });
    loop.stepsAtStart = 5;
    assert.equal(kind(nextMove(loop, quiet, NOW)), 'compose');
    loop.stepsAtStart = 4;
    assert.equal(kind(nextMove(loop, quiet, NOW)), 'continue-as-new');
  });

  it("continues as new when Temporal suggests it, but never before the run's first step", () => {
    const suggested = { continueAsNewSuggested: true };
    const loop = loopOf({}, { steps: 4 });
    loop.stepsAtStart = 4;
    assert.equal(kind(nextMove(loop, suggested, NOW)), 'compose');
    loop.stepsAtStart = 3;
    assert.equal(kind(nextMove(loop, suggested, NOW)), 'continue-as-new');
  });

  it('the default run length is 200 steps', () => {
    const loop = loopOf({ limits: { maxSteps: 1_000 } }, { steps: 199 });
    loop.stepsAtStart = 0;
    assert.equal(kind(nextMove(loop, quiet, NOW)), 'compose');
    loop.carry.steps = 200;
    assert.equal(kind(nextMove(loop, quiet, NOW)), 'continue-as-new');
  });

  it('paused: wait for resume, until the wall time at most', () => {
    assert.deepEqual(nextMove(loopOf({}, { paused: true }), quiet, NOW), { kind: 'wait-resume', until: undefined });
    const limited = loopOf({ limits: { maxWallTimeMs: 60_000 } }, { paused: true });
    assert.deepEqual(nextMove(limited, quiet, NOW), { kind: 'wait-resume', until: NOW + 50_000 });
  });

  it('calls waiting for a person: wait until the earlier of their deadline and the wall time', () => {
    const pending = [call('s1c1'), call('s1c2', { needsApproval: false })];
    assert.deepEqual(nextMove(loopOf({}, { pending }), quiet, NOW), { kind: 'await-approval', until: undefined });
    const both = loopOf({ limits: { maxWallTimeMs: 60_000 } }, { pending, approvalDeadlineMs: NOW + 5_000 });
    assert.deepEqual(nextMove(both, quiet, NOW), { kind: 'await-approval', until: NOW + 5_000 });
    const wallFirst = loopOf({ limits: { maxWallTimeMs: 12_000 } }, { pending, approvalDeadlineMs: NOW + 5_000 });
    assert.deepEqual(nextMove(wallFirst, quiet, NOW), { kind: 'await-approval', until: NOW + 2_000 });
  });

  it('calls that need no decision (or have one) run at once', () => {
    const pending = [call('s1c1', { needsApproval: false }), call('s1c2', { decision: 'denied' })];
    assert.deepEqual(nextMove(loopOf({}, { pending }), quiet, NOW), { kind: 'run-calls', calls: pending });
  });

  it('a question waits for the answer', () => {
    assert.deepEqual(nextMove(loopOf({}, { question: 'which year?' }), quiet, NOW), {
      kind: 'await-answer',
      until: undefined,
    });
  });

  it('max steps ends the job once reached, not before', () => {
    assert.equal(kind(nextMove(loopOf({ limits: { maxSteps: 3 } }, { steps: 2 }), quiet, NOW)), 'compose');
    assert.deepEqual(nextMove(loopOf({ limits: { maxSteps: 3 } }, { steps: 3 }), quiet, NOW), {
      kind: 'finish',
      end: { ending: 'max_steps', reason: '3 steps taken without a final answer' },
    });
    assert.equal(kind(nextMove(loopOf({}, { steps: 49 }), quiet, NOW)), 'compose', 'default 50');
    assert.equal(kind(nextMove(loopOf({}, { steps: 50 }), quiet, NOW)), 'finish');
  });
});

describe('agent loop: the order of the rules (the order the recorded histories were made with)', () => {
  /** A loop where every rule from `cancel` down applies at once. */
  function everything(): AgentLoop {
    const loop = loopOf(
      { limits: { maxWallTimeMs: 10_000, maxSteps: 1 } },
      { steps: 5, paused: true, pending: [call('s5c1')], question: 'q?' },
      { continueAsNewAfterSteps: 1 },
    );
    loop.stepsAtStart = 0;
    loop.cancelReason = 'stop';
    return loop;
  }

  it('end > prompt > cancel > decided > wall time > continue-as-new > pause > calls > question > max steps', () => {
    const loop = everything();
    loop.end = { ending: 'failed', reason: 'x' };
    loop.prompt = { prompt: { messages: [] }, tokens: 1 };
    loop.decided = true;
    const order: string[] = [];
    const clear: (() => void)[] = [
      () => (loop.end = undefined),
      () => (loop.prompt = undefined),
      () => (loop.cancelReason = undefined),
      () => (loop.decided = false),
      () => (loop.limits.wallDeadlineMs = undefined),
      () => (loop.stepsAtStart = loop.carry.steps),
      () => (loop.carry.paused = false),
      () => (loop.carry.pending = []),
      () => (loop.carry.question = undefined),
      () => (loop.limits.maxSteps = 100),
    ];
    for (const next of clear) {
      const move = nextMove(loop, quiet, NOW);
      order.push(move.kind === 'finish' ? `finish:${move.end.ending}` : move.kind);
      next();
    }
    order.push(nextMove(loop, quiet, NOW).kind);
    assert.deepEqual(order, [
      'finish:failed',
      'step',
      'finish:cancelled',
      'run-calls',
      'finish:timed_out',
      'continue-as-new',
      'wait-resume',
      'await-approval',
      'await-answer',
      'finish:max_steps',
      'compose',
    ]);
  });
});

describe('agent loop: when a wait is over', () => {
  it('resume ends the pause; a cancel ends any wait', () => {
    const loop = loopOf({}, { paused: true });
    const move = { kind: 'wait-resume' } as const;
    assert.equal(waitIsOver(loop, move), false);
    loop.carry.paused = false;
    assert.equal(waitIsOver(loop, move), true);
    loop.carry.paused = true;
    loop.cancelReason = 'stop';
    assert.equal(waitIsOver(loop, move), true);
  });

  it('the approval wait ends once no call waits for a person', () => {
    const loop = loopOf({}, { pending: [call('s1c1'), call('s1c2')] });
    const move = { kind: 'await-approval' } as const;
    loop.carry.pending[0]!.decision = 'approved';
    assert.equal(waitIsOver(loop, move), false);
    loop.carry.pending[1]!.decision = 'denied';
    assert.equal(waitIsOver(loop, move), true);
  });

  it('the answer wait ends once the question is answered', () => {
    const loop = loopOf({}, { question: 'q?' });
    const move = { kind: 'await-answer' } as const;
    assert.equal(waitIsOver(loop, move), false);
    loop.carry.question = undefined;
    assert.equal(waitIsOver(loop, move), true);
  });
});
