// Pure unit tests — a gateway key's spend ledger (reserve, settle, release, expiry); no Temporal, no I/O
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyKeyOperations,
  committedMicroUsd,
  emptyKeyLedger,
  RESERVATION_EXPIRY_MS,
} from '../../workflows/gateway/key-ledger';
import type { KeyLimits } from '../../workflows/gateway/definitions';

const NOW = Date.UTC(2026, 10, 30, 12);
const limits: KeyLimits = { dailyMicroUsd: 1000, perRequestMicroUsd: 300, minGrantMicroUsd: 50 };

describe('key ledger: reservations hold a key under its budget', () => {
  it('grants the per-request maximum while the budget allows, then what is left, then refuses', () => {
    const state = emptyKeyLedger('k');
    const results = applyKeyOperations(
      state,
      ['a', 'b', 'c', 'd', 'e'].map((id) => ({ kind: 'reserve', id })),
      limits,
      NOW,
    );
    assert.deepEqual(
      results.map((r) => (r.kind === 'granted' ? r.grantMicroUsd : r.kind)),
      [300, 300, 300, 100, 'refused'],
    );
    assert.equal(committedMicroUsd(state, '2026-11-30'), 1000);
  });

  it('a grant below the minimum is refused, naming the budget', () => {
    const state = emptyKeyLedger('k');
    applyKeyOperations(state, [{ kind: 'reserve', id: 'a' }], { ...limits, perRequestMicroUsd: 960 }, NOW);
    const [result] = applyKeyOperations(state, [{ kind: 'reserve', id: 'b' }], limits, NOW);
    assert.deepEqual(result, { kind: 'refused', reason: 'daily', spentMicroUsd: 960, limitMicroUsd: 1000 });
  });

  it('settling frees the unspent part of a reservation; the monthly budget counts too', () => {
    const state = emptyKeyLedger('k');
    const monthly = { ...limits, monthlyMicroUsd: 1200 };
    const day = Date.UTC(2026, 10, 14, 12);
    applyKeyOperations(state, [{ kind: 'reserve', id: 'a' }], monthly, day);
    applyKeyOperations(state, [{ kind: 'settle', id: 'a', costMicroUsd: 40 }], monthly, day);
    assert.equal(committedMicroUsd(state, '2026-11-14'), 40);
    assert.equal(committedMicroUsd(state, '2026-11'), 40);
    // The next day the daily budget is fresh, the monthly one is not.
    state.spentMicroUsd['2026-11'] = 1100;
    const [result] = applyKeyOperations(state, [{ kind: 'reserve', id: 'b' }], monthly, day + 86_400_000);
    assert.deepEqual(result, { kind: 'granted', grantMicroUsd: 100, existing: false });
  });

  it('operations are idempotent by id: a second reserve returns the open grant, a settled id is never billed twice', () => {
    const state = emptyKeyLedger('k');
    applyKeyOperations(state, [{ kind: 'reserve', id: 'a' }], limits, NOW);
    assert.deepEqual(applyKeyOperations(state, [{ kind: 'reserve', id: 'a' }], limits, NOW), [
      { kind: 'granted', grantMicroUsd: 300, existing: true },
    ]);
    applyKeyOperations(state, [{ kind: 'settle', id: 'a', costMicroUsd: 120 }], limits, NOW);
    applyKeyOperations(state, [{ kind: 'settle', id: 'a', costMicroUsd: 120 }], limits, NOW);
    assert.equal(committedMicroUsd(state, '2026-11-30'), 120);
    assert.deepEqual(applyKeyOperations(state, [{ kind: 'reserve', id: 'a' }], limits, NOW), [
      { kind: 'settled', costMicroUsd: 120 },
    ]);
  });

  it('release drops a reservation without spend', () => {
    const state = emptyKeyLedger('k');
    applyKeyOperations(
      state,
      [
        { kind: 'reserve', id: 'a' },
        { kind: 'release', id: 'a' },
      ],
      limits,
      NOW,
    );
    assert.equal(committedMicroUsd(state, '2026-11-30'), 0);
    assert.deepEqual(state.open, {});
  });

  it('a reservation nobody settles is charged in full when it expires', () => {
    const state = emptyKeyLedger('k');
    applyKeyOperations(state, [{ kind: 'reserve', id: 'a' }], limits, NOW);
    applyKeyOperations(state, [], limits, NOW + RESERVATION_EXPIRY_MS);
    assert.deepEqual(state.open, {});
    assert.equal(state.spentMicroUsd['2026-11'], 300);
    assert.deepEqual(state.settled.a, { costMicroUsd: 300, month: '2026-11' });
  });

  it('forgets periods older than the previous day and month', () => {
    const state = emptyKeyLedger('k');
    state.spentMicroUsd = {
      '2026-09': 5,
      '2026-10': 6,
      '2026-11': 7,
      '2026-11-28': 1,
      '2026-11-29': 2,
      '2026-11-30': 3,
    };
    state.settled = { old: { costMicroUsd: 5, month: '2026-09' }, recent: { costMicroUsd: 6, month: '2026-10' } };
    applyKeyOperations(state, [], limits, NOW);
    assert.deepEqual(Object.keys(state.spentMicroUsd).sort(), ['2026-10', '2026-11', '2026-11-29', '2026-11-30']);
    assert.deepEqual(Object.keys(state.settled), ['recent']);
  });

  it('a limit at exactly the committed spend refuses; one micro-dollar more grants it', () => {
    const state = emptyKeyLedger('k');
    const tight = { dailyMicroUsd: 300, perRequestMicroUsd: 300, minGrantMicroUsd: 1 };
    applyKeyOperations(state, [{ kind: 'reserve', id: 'a' }], tight, NOW);
    assert.equal(applyKeyOperations(state, [{ kind: 'reserve', id: 'b' }], tight, NOW)[0]!.kind, 'refused');
    assert.deepEqual(applyKeyOperations(state, [{ kind: 'reserve', id: 'c' }], { ...tight, dailyMicroUsd: 301 }, NOW), [
      { kind: 'granted', grantMicroUsd: 1, existing: false },
    ]);
  });
});
