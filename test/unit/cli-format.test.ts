// Pure unit tests — the CLI's tables and progress text: the ledger fits 120 columns, the batch ETA is never NFs
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { etaText } from '../../cli/batch-format';
import { ledgerTable, MAX_TABLE_WIDTH } from '../../cli/format';
import { candidate, route, row } from '../helpers/plans';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe('ledger table (CLI)', () => {
  it('long model refs and errors wrap: no line is wider than 120 columns, costs stay whole', () => {
    const plan = route([
      [
        'economy',
        [
          candidate('fireworks/accounts/fireworks/models/qwen2p5-72b-instruct'),
          candidate('together/Qwen/Qwen2.5-72B-Instruct-Turbo'),
        ],
      ],
      ['standard', ['openai/gpt-4o-mini']],
    ]);
    const ledger = [
      row(plan, 0, 0, 'auth_error', {
        seq: 1,
        error:
          'set FIREWORKS_API_KEY on the worker (or remove fireworks from the route): provider fireworks needs an API key',
      }),
      row(plan, 0, 1, 'provider_error', { seq: 2, status: 503, tries: 2, reason: 'failover', error: 'x'.repeat(300) }),
      row(plan, 1, 0, 'schema_violation', {
        seq: 3,
        reason: 'escalation',
        costMicroUsd: 123_456,
        costUsd: 0.123456,
        latencyMs: 123_456,
        error:
          "/total: must be number; /currency: must be equal to one of the allowed values; /dueDate: must match format 'date'",
      }),
    ];
    const table = ledgerTable(ledger);
    assert.ok(widest(table) <= MAX_TABLE_WIDTH, `${widest(table)} columns:\n${table}`);
    assert.match(table, /\$0\.123456/);
    assert.match(table, /123456/);
    // Wrapped, not cut: the model ref and the error are all there, a piece per line.
    const column = (index: number) =>
      table
        .split('\n')
        .filter((line) => line.startsWith('│'))
        .map((line) => line.split('│')[index + 1]!.trim())
        .join('');
    assert.ok(column(2).includes('fireworks/accounts/fireworks/models/qwen2p5-72b-instruct'), table);
    assert.ok(
      column(4).replace(/ /g, '').includes('setFIREWORKS_API_KEYontheworker(orremovefireworksfromtheroute)'),
      table,
    );
  });

  it('a narrow ledger keeps its natural width (nothing wraps)', () => {
    const plan = route([['economy', ['a/x']]]);
    const table = ledgerTable([row(plan, 0, 0, 'ok')]);
    assert.equal(table.split('\n').length, 5, table); // top, head, separator, one row, bottom
    assert.ok(widest(table) < 90, table);
  });
});

describe('batch progress ETA', () => {
  it('"…" before the first item finishes (never NFs or NaNs), then the pace since watching began', () => {
    const since = { done: 0, at: 1_000 };
    assert.equal(etaText({ done: 0, toDo: 0 }, since, 1_000), '0s');
    assert.equal(etaText({ done: 0, toDo: 10 }, since, 1_000), '…');
    assert.equal(etaText({ done: 0, toDo: 10 }, since, 60_000), '…');
    assert.equal(etaText({ done: 5, toDo: 10 }, since, 11_000), '10s');
    assert.equal(etaText({ done: 1, toDo: 100 }, since, 11_000), '16m 30s');
    assert.equal(etaText({ done: 1, toDo: 1_000 }, since, 11_000), '2h 46m');
    assert.equal(etaText({ done: 10, toDo: 10 }, since, 11_000), '0s');
    // Items done by an earlier run do not count toward the pace.
    assert.equal(etaText({ done: 60, toDo: 100 }, { done: 50, at: 1_000 }, 11_000), '40s');
  });
});
