// Pure unit tests — report aggregation and ledgers rebuilt from history events: no workers, no servers
// Longer than 250 lines because its cases share recorded history events to rebuild ledgers from.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateReport, type ReportAttempt, type ReportRun } from '../../cli/report/aggregate';
import { attemptsFromEvents, runBaselineMicroUsd, type CallModelEvents } from '../../cli/report/ledger';
import {
  FailureType,
  type AttemptReason,
  type CallModelInput,
  type CallModelResult,
} from '../../workflows/definitions';
import { candidate, route } from '../helpers/plans';

const usage = (input: number, output: number) => ({
  inputTokens: input,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: output,
});

function attempt(
  ref: string,
  tier: string,
  outcome: ReportAttempt['outcome'],
  cost: number,
  reason: AttemptReason = 'first',
): ReportAttempt {
  return {
    tier,
    ref,
    provider: ref.split('/')[0]!,
    reason,
    outcome,
    billed: cost > 0,
    usage: usage(cost, 0),
    costMicroUsd: cost,
  };
}

function run(id: string, attempts: ReportAttempt[], extra: Partial<ReportRun> = {}): ReportRun {
  return {
    workflowId: id,
    runId: `${id}-run`,
    workflowType: 'cascadeWorkflow',
    status: 'COMPLETED',
    startTime: '2025-06-01T00:00:00.000Z',
    task: 'extract',
    attempts,
    baselineMicroUsd: 0,
    ...extra,
  };
}

// r1: economy fails validation, standard's first provider is down, its second answers (escalated, failed over).
// r2: economy answers. r3: nothing validates (billed anyway). r4: still running, no attempt yet.
const RUNS = [
  run(
    'r1',
    [
      attempt('a/eco', 'economy', 'schema_violation', 100),
      attempt('b/down', 'standard', 'provider_error', 0, 'escalation'),
      attempt('c/std', 'standard', 'ok', 500, 'failover'),
    ],
    { baselineMicroUsd: 5_000, userId: 'alice', sessionId: 's1' },
  ),
  run('r2', [attempt('a/eco', 'economy', 'ok', 120)], { baselineMicroUsd: 6_000, userId: 'bob', sessionId: 's1' }),
  run(
    'r3',
    [
      attempt('a/eco', 'economy', 'invalid_json', 90),
      attempt('c/std', 'standard', 'schema_violation', 400, 'escalation'),
    ],
    { userId: 'alice', task: 'classify' },
  ),
  run('r4', [], { status: 'RUNNING', task: 'classify' }),
];

describe('aggregateReport', () => {
  it('by model: each attempt counted once under its model; costs add up to the total', () => {
    const report = aggregateReport(RUNS, 'model');
    const byKey = Object.fromEntries(report.groups.map((g) => [g.key, g]));
    assert.deepEqual(
      report.groups.map((g) => g.key),
      ['c/std', 'a/eco', 'b/down'],
    ); // by cost, descending
    assert.deepEqual([byKey['a/eco']!.requests, byKey['a/eco']!.attempts, byKey['a/eco']!.costMicroUsd], [3, 3, 310]);
    assert.deepEqual([byKey['c/std']!.requests, byKey['c/std']!.attempts, byKey['c/std']!.costMicroUsd], [2, 2, 900]);
    assert.equal(
      report.groups.reduce((sum, g) => sum + g.costMicroUsd, 0),
      report.total.costMicroUsd,
    );
    assert.equal(report.total.costMicroUsd, 1_210);
  });

  it('by model: escalation is counted against the model escalated past; valid answers and baselines where they were produced', () => {
    const eco = aggregateReport(RUNS, 'model').groups.find((g) => g.key === 'a/eco')!;
    assert.deepEqual([eco.escalated, eco.escalationRate, eco.validResults, eco.baselineMicroUsd], [2, 2 / 3, 1, 6_000]);
    assert.equal(eco.costPerValidMicroUsd, 310);
    assert.equal(eco.savingsMicroUsd, 6_000 - 310);
    const down = aggregateReport(RUNS, 'model').groups.find((g) => g.key === 'b/down')!;
    assert.deepEqual(
      [down.escalated, down.validResults, down.costPerValidMicroUsd, down.savingsRate],
      [0, 0, null, null],
    );
  });

  it('total: every request once, running ones included; escalation and savings over all spend', () => {
    const { total, inFlight } = aggregateReport(RUNS, 'tier');
    assert.deepEqual([total.requests, total.attempts, total.escalated, total.validResults, inFlight], [4, 6, 2, 2, 1]);
    assert.equal(total.escalationRate, 0.5);
    assert.equal(total.baselineMicroUsd, 11_000);
    assert.equal(total.savingsMicroUsd, 11_000 - 1_210);
    assert.equal(total.savingsRate, (11_000 - 1_210) / 11_000);
    assert.equal(total.costPerValidMicroUsd, 605);
  });

  it('by tier and provider: grouped per attempt', () => {
    const tiers = aggregateReport(RUNS, 'tier');
    assert.deepEqual(
      tiers.groups.map((g) => [g.key, g.requests, g.attempts, g.costMicroUsd, g.escalated]),
      [
        ['standard', 2, 3, 900, 0],
        ['economy', 3, 3, 310, 2],
      ],
    );
    assert.deepEqual(
      aggregateReport(RUNS, 'provider').groups.map((g) => g.key),
      ['c', 'a', 'b'],
    );
  });

  it('by task, user and session: whole requests, runs without attempts included', () => {
    const tasks = aggregateReport(RUNS, 'task');
    assert.deepEqual(
      tasks.groups.map((g) => [g.key, g.requests, g.attempts, g.costMicroUsd, g.escalated, g.validResults]),
      [
        ['extract', 2, 4, 720, 1, 2],
        ['classify', 2, 2, 490, 1, 0],
      ],
    );
    const users = aggregateReport(RUNS, 'user');
    assert.deepEqual(
      users.groups.map((g) => [g.key, g.requests]),
      [
        ['alice', 2],
        ['bob', 1],
        ['(no user)', 1],
      ],
    );
    assert.deepEqual(
      aggregateReport(RUNS, 'session').groups.map((g) => [g.key, g.requests]),
      [
        ['s1', 2],
        ['(no session)', 2],
      ],
    );
  });

  it('nothing to report: zero rows, null rates', () => {
    const report = aggregateReport([], 'model');
    assert.deepEqual(report.groups, []);
    assert.deepEqual(
      [report.total.requests, report.total.escalationRate, report.total.costPerValidMicroUsd, report.total.savingsRate],
      [0, null, null, null],
    );
  });
});

describe('attemptsFromEvents', () => {
  const plan = route([
    ['economy', ['a/eco']],
    [
      'premium',
      [
        candidate('p/top', {
          price: { inputUsdPerMTok: 10, outputUsdPerMTok: 30, source: 't', effectiveFrom: '2025-01-01' },
        }),
      ],
    ],
  ]);
  const input = (ref: string, tier: string, reason: AttemptReason): CallModelInput => ({
    task: 'extract',
    tier,
    candidate: candidate(ref),
    schema: { name: 's', jsonSchema: {} },
    messages: [],
    maxOutputTokens: 100,
    timeoutMs: 1_000,
    maxRetryAfterMs: 1_000,
    reason,
  });
  const result = (outcome: CallModelResult['outcome'], cost: number): CallModelResult => ({
    outcome,
    finishReason: 'stop',
    usage: usage(1_000, 200),
    costMicroUsd: cost,
    latencyMs: 5,
    tries: 1,
  });

  it('one row per ended callModel activity, in schedule order; failures are unbilled rows classified by type', () => {
    const events: CallModelEvents[] = [
      {
        scheduledEventId: 17,
        input: input('c/ok', 'standard', 'failover'),
        end: { kind: 'completed', result: result('ok', 300) },
      },
      {
        scheduledEventId: 5,
        input: input('a/eco', 'economy', 'first'),
        end: { kind: 'completed', result: result('schema_violation', 40) },
      },
      {
        scheduledEventId: 11,
        input: input('b/down', 'standard', 'escalation'),
        end: { kind: 'failed', failureType: FailureType.RateLimit },
      },
      { scheduledEventId: 14, input: input('b/slow', 'standard', 'failover'), end: { kind: 'timed_out' } },
      { scheduledEventId: 20, input: input('d/late', 'premium', 'escalation'), end: { kind: 'canceled' } },
      { scheduledEventId: 23, input: input('d/now', 'premium', 'escalation') },
    ];
    const rows = attemptsFromEvents(events);
    assert.deepEqual(
      rows.map((r) => [r.ref, r.tier, r.reason, r.outcome, r.billed, r.costMicroUsd]),
      [
        ['a/eco', 'economy', 'first', 'schema_violation', true, 40],
        ['b/down', 'standard', 'escalation', 'rate_limited', false, 0],
        ['b/slow', 'standard', 'failover', 'timeout', false, 0],
        ['c/ok', 'standard', 'failover', 'ok', true, 300],
      ],
    );
    assert.equal(
      attemptsFromEvents([
        {
          scheduledEventId: 1,
          input: input('x/y', 'economy', 'first'),
          end: { kind: 'failed', failureType: 'SomethingNew' },
        },
      ])[0]!.outcome,
      'provider_error',
    );
  });

  it("baseline: the valid answer's tokens at the top tier's first candidate price; 0 without an answer or a route", () => {
    const rows = attemptsFromEvents([
      {
        scheduledEventId: 1,
        input: input('a/eco', 'economy', 'first'),
        end: { kind: 'completed', result: result('ok', 10) },
      },
    ]);
    assert.equal(runBaselineMicroUsd(plan, rows), 1_000 * 10 + 200 * 30); // 1000 tokens at $10/M + 200 at $30/M
    assert.equal(runBaselineMicroUsd(undefined, rows), 0);
    assert.equal(runBaselineMicroUsd(plan, []), 0);
  });
});
