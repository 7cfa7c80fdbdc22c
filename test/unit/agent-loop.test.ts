// Pure unit tests — what steps, compressions, waits, tool results and people's signals do to an agent job's state; no servers
// Longer than 250 lines because it covers every outcome of the loop (steps, compressions, waits, tool results,
// signals, views) with one small named case each, sharing its fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../workflows/definitions';
import type { AgentInput, PendingCall, Turn } from '../../workflows/agent/definitions';
import {
  applyCompression,
  applyStep,
  callsRan,
  decideCalls,
  decisionsIn,
  denialResult,
  receiveMessage,
} from '../../workflows/agent/outcomes';
import {
  agentStatus,
  carriedOn,
  finishJob,
  jobLedger,
  loopLimits,
  newCarry,
  startLoop,
  type AgentLoop,
} from '../../workflows/agent/state';
import type { StepOutcome } from '../../workflows/agent/step';
import { statusLines } from '../../cli/actions/agent';

const NOW = 5_000_000;

function input(agent: Partial<AgentInput['agent']> = {}): AgentInput {
  return {
    agent: { name: 'a', instructions: 'i', tools: ['pay', 'read'], task: 't', finalSchema: {}, ...agent },
    goal: 'g',
  };
}
const loopOf = (agent: Partial<AgentInput['agent']> = {}, carry: Partial<AgentLoop['carry']> = {}) =>
  startLoop(input(agent), { ...newCarry(NOW - 1_000), ...carry });

const row = (costMicroUsd: number, step = 'step 1'): AttemptRecord =>
  ({
    seq: 1,
    step,
    tier: 'economy',
    ref: 'p/m',
    outcome: 'ok',
    billed: true,
    usage: { inputTokens: 10, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 2 },
    costMicroUsd,
    costUsd: costMicroUsd / 1e6,
  }) as never;
const ok = (output: unknown, attempts = [row(10)]): StepOutcome => ({ ok: true, output: output as never, attempts });
const call = (id: string, extra: Partial<PendingCall> = {}): PendingCall => ({
  id,
  tool: 'pay',
  arguments: { vendor: id },
  needsApproval: true,
  ...extra,
});

describe('agent loop: a step', () => {
  it('a final answer ends the job done, with the answer; the action joins the transcript', () => {
    const loop = loopOf();
    loop.prompt = { prompt: { messages: [] }, tokens: 5 };
    applyStep(loop, ok({ action: 'final', answer: { total: 3 } }), NOW);
    assert.deepEqual(loop.end, { ending: 'done', answer: { total: 3 } });
    assert.equal(loop.carry.steps, 1);
    assert.equal(loop.prompt, undefined, 'the prompt is used up');
    assert.deepEqual(loop.carry.turns, [
      { role: 'assistant', kind: 'action', content: '{"action":"final","answer":{"total":3}}', step: 1 },
    ]);
  });

  it('a question waits for the person and shows as the last action', () => {
    const loop = loopOf();
    applyStep(loop, ok({ action: 'ask_user', question: `Which year? ${'x'.repeat(100)}` }), NOW);
    assert.match(loop.carry.question!, /^Which year\?/);
    assert.equal(loop.lastAction, `asked: Which year? ${'x'.repeat(68)}`);
    assert.equal(loop.end, undefined);
  });

  it('tool calls become pending calls s<step>c<n>; approval by tool; a deadline only when a call needs one', () => {
    const loop = loopOf({ approval: { tools: ['pay'], timeoutMs: 60_000 } }, { steps: 2 });
    applyStep(
      loop,
      ok({
        action: 'call_tools',
        calls: [
          { tool: 'read', arguments: { id: 'inv-001' } },
          { tool: 'pay', arguments: { vendor: 'Acme' } },
        ],
      }),
      NOW,
    );
    assert.deepEqual(
      loop.carry.pending.map((c) => [c.id, c.tool, c.needsApproval]),
      [
        ['s3c1', 'read', false],
        ['s3c2', 'pay', true],
      ],
    );
    assert.equal(loop.carry.approvalDeadlineMs, NOW + 60_000);
    const noApproval = loopOf({ approval: { tools: ['pay'], timeoutMs: 60_000 } });
    applyStep(noApproval, ok({ action: 'call_tools', calls: [{ tool: 'read', arguments: {} }] }), NOW);
    assert.equal(noApproval.carry.approvalDeadlineMs, undefined);
  });

  it('parallel calls show in full in the last action, each with its own label (not cut by its index)', () => {
    const loop = loopOf();
    const ids = ['inv-001', 'inv-002', 'inv-003', 'inv-004'];
    applyStep(loop, ok({ action: 'call_tools', calls: ids.map((id) => ({ tool: 'read', arguments: { id } })) }), NOW);
    assert.equal(loop.lastAction, ids.map((id) => `read(id="${id}")`).join(', '));
  });

  it("rows join the job's ledger numbered across the job, named by the step they belong to", () => {
    const loop = loopOf({}, { steps: 4 });
    loop.carry.ledger.push({ ...row(1), seq: 1, agentStep: 4, purpose: 'step' });
    applyStep(loop, ok({ action: 'final', answer: 1 }, [row(10), row(20)]), NOW);
    assert.deepEqual(
      loop.carry.ledger.map((r) => [r.seq, r.agentStep, r.purpose]),
      [
        [1, 4, 'step'],
        [2, 5, 'step'],
        [3, 5, 'step'],
      ],
    );
    assert.equal(jobLedger(loop).totals.costMicroUsd, 31);
  });

  it('a failed step ends the job: budget_exhausted for the budget, failed otherwise; what it paid is kept', () => {
    const budget = loopOf();
    applyStep(budget, { ok: false, failure: 'budget', reason: 'no room', attempts: [row(7)] }, NOW);
    assert.deepEqual(budget.end, { ending: 'budget_exhausted', reason: 'no room' });
    assert.equal(budget.carry.ledger.length, 1);
    assert.equal(budget.carry.steps, 0, 'a failed step is not a step taken');
    for (const failure of ['exhausted', 'unavailable', 'config'] as const) {
      const loop = loopOf();
      applyStep(loop, { ok: false, failure, reason: 'r', attempts: [] }, NOW);
      assert.equal(loop.end?.ending, 'failed', failure);
    }
  });
});

describe('agent loop: a compression', () => {
  const keep: Turn[] = [{ role: 'user', kind: 'message', content: 'recent', step: 3 }];

  it('the summary replaces the folded turns; the stored transcript moves to what is kept', () => {
    const loop = loopOf({}, { steps: 3, transcriptRef: { hash: 'old', bytes: 1 } });
    applyCompression(loop, ok({ summary: 'S' }, [row(3, 'compression 1')]), keep, { hash: 'kept', bytes: 1 });
    assert.equal(loop.carry.summary, 'S');
    assert.deepEqual(loop.carry.turns, keep);
    assert.deepEqual(loop.carry.transcriptRef, { hash: 'kept', bytes: 1 });
    assert.equal(loop.carry.compressions, 1);
    assert.deepEqual(
      loop.carry.ledger.map((r) => [r.agentStep, r.purpose]),
      [[3, 'compression']],
    );
  });

  it('inline (no stored transcript): the reference stays as it was', () => {
    const loop = loopOf();
    applyCompression(loop, ok({ summary: 'S' }), keep);
    assert.equal(loop.carry.transcriptRef, undefined);
  });

  it('a failed compression ends the job like a failed step', () => {
    const loop = loopOf();
    applyCompression(loop, { ok: false, failure: 'budget', reason: 'spent', attempts: [] }, keep);
    assert.deepEqual(loop.end, { ending: 'budget_exhausted', reason: 'spent' });
    assert.equal(loop.carry.compressions, 0);
  });
});

describe('agent loop: decisions, tool results and messages', () => {
  it('a person decides one call by id, or every waiting call; decided calls keep their decision', () => {
    const loop = loopOf({}, { pending: [call('s1c1'), call('s1c2'), call('s1c3', { needsApproval: false })] });
    decideCalls(loop, 'denied', { callId: 's1c2', note: 'too much' });
    assert.deepEqual(
      loop.carry.pending.map((c) => [c.decision, c.decidedBy, c.note]),
      [
        [undefined, undefined, undefined],
        ['denied', 'person', 'too much'],
        [undefined, undefined, undefined],
      ],
    );
    decideCalls(loop, 'approved', {});
    assert.deepEqual(
      loop.carry.pending.map((c) => c.decision),
      ['approved', 'denied', undefined],
    );
  });

  it('the approval wait ending by its deadline applies the default to the undecided calls only', () => {
    const loop = loopOf(
      { approval: { tools: ['pay'], defaultDecision: 'approved' } },
      {
        pending: [call('s1c1'), call('s1c2', { decision: 'denied', decidedBy: 'person' })],
      },
    );
    loop.state = 'waiting_approval';
    decisionsIn(loop, NOW);
    assert.deepEqual(
      loop.carry.pending.map((c) => [c.decision, c.decidedBy]),
      [
        ['approved', 'default after timeout'],
        ['denied', 'person'],
      ],
    );
    assert.equal(loop.decided, true);
    assert.equal(loop.state, 'running');
  });

  it('the default decision is denied', () => {
    const loop = loopOf({}, { pending: [call('s1c1')] });
    decisionsIn(loop, NOW);
    assert.equal(loop.carry.pending[0]!.decision, 'denied');
  });

  it('a wait ended by a cancel, or by the wall time with calls undecided, decides nothing', () => {
    const cancelled = loopOf({}, { pending: [call('s1c1')] });
    cancelled.cancelReason = 'stop';
    cancelled.state = 'waiting_approval';
    decisionsIn(cancelled, NOW);
    assert.equal(cancelled.carry.pending[0]!.decision, undefined);
    assert.equal(cancelled.decided, undefined);
    assert.equal(cancelled.state, 'waiting_approval');
    const late = loopOf({ limits: { maxWallTimeMs: 1_000 } }, { pending: [call('s1c1')] });
    decisionsIn(late, NOW);
    assert.equal(late.carry.pending[0]!.decision, undefined);
    // Decided just as the wall time ran out: the calls run (the next move then ends the job).
    const justInTime = loopOf(
      { limits: { maxWallTimeMs: 1_000 } },
      { pending: [call('s1c1', { decision: 'approved' })] },
    );
    decisionsIn(justInTime, NOW);
    assert.equal(justInTime.decided, true);
  });

  it('a denied call tells the model who denied it, and why', () => {
    assert.deepEqual(denialResult(call('x', { decidedBy: 'person', note: 'over budget' })), {
      denied: true,
      reason: 'a person denied this call: over budget',
    });
    assert.deepEqual(denialResult(call('x', { decidedBy: 'default after timeout' })), {
      denied: true,
      reason: 'no decision in time: denied by default',
    });
  });

  it('tool results become one turn (inline text, or stored references); nothing is pending after', () => {
    const c = call('s2c1');
    const inline = loopOf({}, { steps: 2, pending: [c], approvalDeadlineMs: NOW });
    inline.decided = true;
    callsRan(inline, [{ call: c, result: { ok: 1 } }], false);
    assert.deepEqual(inline.carry.turns.at(-1), {
      role: 'user',
      kind: 'tool_results',
      content: 'Tool results:\ns2c1 pay: {"ok":1}',
      step: 2,
    });
    assert.deepEqual([inline.carry.pending, inline.carry.approvalDeadlineMs, inline.decided], [[], undefined, false]);
    const stored = loopOf({}, { steps: 2, pending: [c] });
    const results = [{ call: c, ref: { hash: 'h', bytes: 3 } }];
    callsRan(stored, results, true);
    assert.deepEqual(stored.carry.turns.at(-1), { role: 'user', kind: 'tool_results', content: '', step: 2, results });
  });

  it("a person's message joins the transcript and answers the question", () => {
    const loop = loopOf({}, { steps: 3, question: 'q?' });
    receiveMessage(loop, 'yes');
    assert.deepEqual(loop.carry.turns, [{ role: 'user', kind: 'message', content: 'yes', step: 3 }]);
    assert.equal(loop.carry.question, undefined);
  });
});

describe('agent loop: views, the next run and the result', () => {
  it('status shows the default-decision deadline only while a call still waits for a person', () => {
    const loop = loopOf({}, { pending: [call('s1c1'), call('s1c2')], approvalDeadlineMs: NOW + 1 });
    assert.equal(agentStatus(loop).approvalDeadlineMs, NOW + 1);
    assert.equal(agentStatus(loop).pendingApprovals.length, 2);
    decideCalls(loop, 'approved', {});
    assert.equal(agentStatus(loop).approvalDeadlineMs, undefined);
    assert.deepEqual(agentStatus(loop).pendingApprovals, []);
  });

  it('limits: defaults, and the wall deadline counted from the job start', () => {
    assert.deepEqual(loopLimits(input(), 100), {
      maxSteps: 50,
      continueAsNewAfterSteps: 200,
      approvalTools: [],
      defaultDecision: 'denied',
    });
    const limits = loopLimits(
      {
        ...input({ limits: { maxWallTimeMs: 50 }, approval: { tools: ['pay'], timeoutMs: 9 } }),
        continueAsNewAfterSteps: 7,
      },
      100,
    );
    assert.equal(limits.wallDeadlineMs, 150);
    assert.equal(limits.continueAsNewAfterSteps, 7);
    assert.equal(limits.approvalTimeoutMs, 9);
  });

  it('a paused carry starts paused; the run counts its steps from where it started', () => {
    const loop = startLoop(input(), { ...newCarry(0), steps: 9, paused: true });
    assert.equal(loop.state, 'paused');
    assert.equal(loop.stepsAtStart, 9);
  });

  it('the next run: one more run; with the claim check, stored turns past the tail travel without previews', () => {
    const stored = (step: number): Turn => ({ role: 'user', kind: 'message', content: `m${step}`, step, chars: 2 });
    const loop = loopOf({}, { turns: Array.from({ length: 22 }, (_, i) => stored(i)), run: 2 });
    const next = carriedOn(loop, true);
    assert.equal(next.run, 3);
    assert.deepEqual(next.turns.map((t) => t.content).slice(0, 3), ['', '', 'm2']);
    assert.equal(carriedOn(loop, false).turns[0]!.content, 'm0', 'inline turns keep their text');
  });

  it('finishing: the ending shows in status and the ledger query; the result has the last 20 turns', () => {
    const turns = Array.from({ length: 25 }, (_, i): Turn => ({
      role: 'user',
      kind: 'message',
      content: `${i}`,
      step: i,
    }));
    const loop = loopOf({}, { turns, steps: 4 });
    assert.equal(jobLedger(loop).done, false);
    const result = finishJob(loop, { ending: 'cancelled', reason: 'r' }, 'wf-1');
    assert.equal(agentStatus(loop).ending, 'cancelled');
    assert.equal(agentStatus(loop).state, 'done');
    assert.equal(jobLedger(loop).done, true);
    assert.equal(result.transcript.length, 20);
    assert.equal(result.transcript[0]!.content, '5');
    assert.deepEqual([result.ending, result.reason, result.steps, result.workflowId], ['cancelled', 'r', 4, 'wf-1']);
  });
});

describe('agent loop: what `agent watch` and the demo print', () => {
  it('parallel calls each in full; no default-decision line once the calls are decided', () => {
    const loop = loopOf({ approval: { tools: ['pay'], timeoutMs: 60_000 } });
    applyStep(
      loop,
      ok({
        action: 'call_tools',
        calls: [
          { tool: 'read', arguments: { id: 'inv-001' } },
          { tool: 'read', arguments: { id: 'inv-002' } },
          { tool: 'pay', arguments: { vendor: 'Acme' } },
        ],
      }),
      NOW,
    );
    const waiting = statusLines(agentStatus(loop));
    assert.equal(waiting[1], 'last: read(id="inv-001"), read(id="inv-002"), pay(vendor="Acme")');
    assert.ok(waiting.includes('waiting for approval: s1c3 pay({"vendor":"Acme"})'), waiting.join('\n'));
    assert.ok(waiting.includes(`default decision at ${new Date(NOW + 60_000).toISOString()}`), waiting.join('\n'));
    decideCalls(loop, 'approved', {});
    const decided = statusLines(agentStatus(loop)).join('\n');
    assert.doesNotMatch(decided, /default decision|waiting for approval/);
  });
});
