// Pure unit tests — `tune --labels`: the cascade replayed per item from measured answers, options by cost per correct result
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Label } from '../../inputs/score';
import { startOptions, type MeasuredTier } from '../../cli/eval/choose';
import type { EvalAnswer } from '../../cli/eval/score';

describe('startOptions (tune --labels)', () => {
  const item = (id: string, accepted: boolean, total: number | undefined, costMicroUsd: number): EvalAnswer => ({
    id,
    accepted,
    costMicroUsd,
    verdicts: {},
    ...(total !== undefined && { answer: { total } }),
  });
  const two = new Map<string, Label>([
    ['a', { total: 1 }],
    ['b', { total: 2 }],
  ]);
  // Economy is cheap and often wrong; its gates catch the wrong answer on b and send it up.
  const measured: MeasuredTier[] = [
    { tier: 'economy', gates: 'off', answers: [item('a', true, 7, 10), item('b', true, 9, 10)] },
    { tier: 'economy', gates: 'on', answers: [item('a', true, 1, 12), item('b', false, 9, 12)] },
    { tier: 'premium', gates: 'off', answers: [item('a', true, 1, 100), item('b', true, 2, 100)] },
    { tier: 'premium', gates: 'on', answers: [item('a', true, 1, 110), item('b', true, 2, 110)] },
  ];

  it('replays the cascade per item and picks the cheapest per correct result, not per valid one', () => {
    const options = startOptions(['economy', 'premium'], measured, two);
    assert.deepEqual(
      options.map((o) => [o.startTier, o.gates, o.correct, o.costMicroUsd, o.costPerCorrectMicroUsd]),
      [
        // economy, gates on: a at 12; b 12 then premium 110 → 134 for 2 correct.
        ['economy', 'on', 2, 134, 67],
        ['premium', 'off', 2, 200, 100],
        ['premium', 'on', 2, 220, 110],
        // gates off: the cheapest per valid result (10 each), but every answer is wrong: last.
        ['economy', 'off', 0, 20, null],
      ],
    );
  });

  it('an item that runs out of tiers costs what it paid and is not correct; a setting not measured is left out', () => {
    const refusing: MeasuredTier[] = [
      { tier: 'economy', gates: 'on', answers: [item('a', false, 5, 7), item('b', false, undefined, 7)] },
      { tier: 'premium', gates: 'on', answers: [item('a', true, 1, 50), item('b', false, 3, 50)] },
    ];
    const options = startOptions(['economy', 'premium'], refusing, two);
    assert.deepEqual(
      options.map((o) => [o.startTier, o.gates, o.correct, o.costMicroUsd, o.costPerCorrectMicroUsd]),
      [
        ['premium', 'on', 1, 100, 100],
        ['economy', 'on', 1, 114, 114],
      ],
    );
  });
});
