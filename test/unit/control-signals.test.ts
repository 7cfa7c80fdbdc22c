// Pure unit tests — the control signals' one payload shape, and the shape agent clients of 0.1.0 sent
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cancelReasonOf, cancelSignal, pauseSignal, resumeSignal } from '../../workflows/definitions/control';
import { cancelBatchSignal, pauseBatchSignal, resumeBatchSignal } from '../../workflows/batch/definitions';
import {
  cancelAgentSignal,
  pauseSignal as agentPause,
  resumeSignal as agentResume,
} from '../../workflows/agent/definitions';

describe('control signals', () => {
  it('a batch and an agent job answer the same three signals', () => {
    assert.equal(cancelBatchSignal, cancelSignal);
    assert.equal(cancelAgentSignal, cancelSignal);
    assert.equal(pauseBatchSignal, pauseSignal);
    assert.equal(agentPause, pauseSignal);
    assert.equal(resumeBatchSignal, resumeSignal);
    assert.equal(agentResume, resumeSignal);
    assert.deepEqual([pauseSignal.name, resumeSignal.name, cancelSignal.name], ['pause', 'resume', 'cancel']);
  });

  it("cancel's reason: a string, or the { reason } an older agent client sent; nothing usable is no reason", () => {
    assert.equal(cancelReasonOf('enough for today'), 'enough for today');
    assert.equal(cancelReasonOf({ reason: 'budget review' }), 'budget review');
    for (const nothing of [undefined, null, '', {}, { reason: '' }, { reason: 42 }, 7])
      assert.equal(cancelReasonOf(nothing), undefined, JSON.stringify(nothing));
  });
});
