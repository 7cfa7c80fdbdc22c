// Pure unit tests — a report's requests from an inline batch's history: rows grouped by item and retry round
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ReportAttempt } from '../../cli/report/aggregate';
import { itemRequests } from '../../cli/report/batch-items';
import { ledgerRows, type CallModelEvents, type LedgerRow } from '../../cli/report/ledger';
import type { AttemptReason, CallModelInput } from '../../workflows/definitions';
import { candidate } from '../helpers/plans';

const NO_USAGE = { inputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 0 };

function attempt(ref: string, reason: AttemptReason, outcome: ReportAttempt['outcome'], cost: number): ReportAttempt {
  return { tier: 't', ref, provider: 'p', reason, outcome, billed: true, usage: NO_USAGE, costMicroUsd: cost };
}

/** A row of item `item` at event `eventId`, ended at `eventId + 2` ms unless `running`. */
function row(eventId: number, item: string | undefined, reason: AttemptReason, running = false): LedgerRow {
  return {
    eventId,
    ...(item !== undefined && { item }),
    reason,
    startMs: eventId,
    ...(!running && { endMs: eventId + 2, attempt: attempt(`m${eventId}`, reason, 'ok', eventId) }),
  };
}

const summary = (requests: ReturnType<typeof itemRequests>) =>
  requests.map((r) => [r.item, r.round, r.attempts.map((a) => a.ref), r.running, r.startMs, r.endMs]);

describe('itemRequests', () => {
  it('one request per item, in the order the items started, each with its own attempts in event order', () => {
    const rows = [row(9, 'b', 'escalation'), row(3, 'a', 'first'), row(5, 'b', 'first'), row(7, 'a', 'failover')];
    assert.deepEqual(summary(itemRequests(rows)), [
      ['a', 0, ['m3', 'm7'], false, 3, 9],
      ['b', 0, ['m5', 'm9'], false, 5, 11],
    ]);
  });

  it('a retry round of an item starts at its next first attempt (or classifier call), as its own request', () => {
    const rows = [
      row(1, 'a', 'first'),
      row(3, 'a', 'failover'),
      row(10, 'a', 'classify'),
      row(12, 'a', 'first'),
      row(14, 'a', 'escalation'),
      row(20, 'a', 'first'),
    ];
    assert.deepEqual(summary(itemRequests(rows)), [
      ['a', 0, ['m1', 'm3'], false, 1, 5],
      ['a', 1, ['m10', 'm12', 'm14'], false, 10, 16],
      ['a', 2, ['m20'], false, 20, 22],
    ]);
  });

  it('an attempt still running makes its request running (no end yet); rows without an item belong to none', () => {
    const rows = [row(1, 'a', 'first'), row(3, 'a', 'escalation', true), row(5, undefined, 'first')];
    assert.deepEqual(summary(itemRequests(rows)), [['a', 0, ['m1'], true, 1, undefined]]);
    assert.deepEqual(itemRequests([]), []);
  });
});

describe('ledgerRows', () => {
  const input = (ref: string, reason: AttemptReason, batchItem?: string): CallModelInput => ({
    task: 'extract',
    tier: 'economy',
    candidate: candidate(ref),
    schema: { name: 's', jsonSchema: {} },
    messages: [],
    maxOutputTokens: 100,
    timeoutMs: 1_000,
    maxRetryAfterMs: 1_000,
    reason,
    ...(batchItem !== undefined && { batchItem }),
  });

  it("a provider batch's answer is its item's first row, in history order with the item's callModel activities", () => {
    const events: CallModelEvents[] = [
      {
        scheduledEventId: 8,
        scheduledMs: 100,
        input: input('std', 'escalation', 'x'),
        end: { kind: 'failed', failureType: 'SomethingNew', endMs: 130 },
      },
      { scheduledEventId: 12, input: input('late', 'failover', 'x'), end: { kind: 'canceled' } },
      { scheduledEventId: 14, input: input('now', 'first', 'y') },
    ];
    const prior = attempt('eco-batch', 'first', 'schema_violation', 7);
    const rows = ledgerRows(events, [{ eventId: 4, timeMs: 90, item: 'x', attempt: prior }]);
    assert.deepEqual(
      rows.map((r) => [r.eventId, r.item, r.reason, r.startMs, r.endMs, r.attempt?.ref, r.attempt?.outcome]),
      [
        [4, 'x', 'first', 90, 90, 'eco-batch', 'schema_violation'],
        [8, 'x', 'escalation', 100, 130, 'std', 'provider_error'],
        [14, 'y', 'first', undefined, undefined, undefined, undefined],
      ],
    );
    assert.deepEqual(
      summary(itemRequests(rows)).map(([item, round, refs, running]) => [item, round, refs, running]),
      [
        ['x', 0, ['eco-batch', 'std'], false],
        ['y', 0, [], true],
      ],
    );
  });
});
