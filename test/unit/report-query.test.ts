// Pure unit tests — report selection (visibility query, --since) and output formats: no workers, no servers
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CascadeConfigError } from '../../catalog/errors';
import { aggregateReport, type ReportRun } from '../../cli/report/aggregate';
import { reportCsv, reportJson, reportTable } from '../../cli/report/format';
import { buildReportQuery, parseSince } from '../../cli/report/query';

const NOW = new Date('2025-06-10T12:00:00.000Z');

describe('parseSince', () => {
  it('durations back from now, ISO dates, and "all"', () => {
    assert.equal(parseSince('24h', NOW)?.toISOString(), '2025-06-09T12:00:00.000Z');
    assert.equal(parseSince('90m', NOW)?.toISOString(), '2025-06-10T10:30:00.000Z');
    assert.equal(parseSince('7d', NOW)?.toISOString(), '2025-06-03T12:00:00.000Z');
    assert.equal(parseSince('2w', NOW)?.toISOString(), '2025-05-27T12:00:00.000Z');
    assert.equal(parseSince('2025-06-01', NOW)?.toISOString(), '2025-06-01T00:00:00.000Z');
    assert.equal(parseSince('2025-06-01T08:00:00Z', NOW)?.toISOString(), '2025-06-01T08:00:00.000Z');
    assert.equal(parseSince('all', NOW), undefined);
  });

  it('anything else is a config error that lists the accepted forms', () => {
    for (const bad of ['yesterday', '24', '3y', '2025-13-45']) {
      assert.throws(
        () => parseSince(bad, NOW),
        (error: unknown) =>
          error instanceof CascadeConfigError && /expected a duration like 90m, 24h, 7d or 2w/.test(error.message),
        bad,
      );
    }
  });
});

describe('buildReportQuery', () => {
  const since = new Date('2025-06-09T12:00:00.000Z');
  const jobs = '(LlmTask IS NOT NULL AND WorkflowType NOT IN ("cascadeWorkflow", "batchItemWorkflow", "batchWorkflow"))';
  it('everything in a window: every workflow type with ledgers (batches: their inline items), and jobs', () => {
    assert.equal(
      buildReportQuery({ since }),
      `(WorkflowType IN ("cascadeWorkflow", "batchItemWorkflow", "batchWorkflow") OR ${jobs}) AND StartTime >= "2025-06-09T12:00:00.000Z"`,
    );
    // Jobs: workflows of any other type whose inline cascade() steps published LlmTask (pipelines, agent jobs).
    assert.equal(buildReportQuery({ kind: 'job' }), jobs);
  });
  it('cascades only, batch items only, one batch, one workflow, and a user query ANDed in parentheses', () => {
    assert.equal(buildReportQuery({ kind: 'cascade' }), 'WorkflowType = "cascadeWorkflow"');
    assert.equal(
      buildReportQuery({ kind: 'batch', since }),
      'WorkflowType IN ("batchItemWorkflow", "batchWorkflow") AND StartTime >= "2025-06-09T12:00:00.000Z"',
    );
    assert.equal(
      buildReportQuery({ workflowId: 'cascade-x' }),
      `(WorkflowType IN ("cascadeWorkflow", "batchItemWorkflow", "batchWorkflow") OR ${jobs}) AND WorkflowId = "cascade-x"`,
    );
  });
  it('one batch: its item workflows and its own runs (items inline), whatever --kind says', () => {
    const items = '(WorkflowType = "batchItemWorkflow" AND ParentWorkflowId = "batch-\\"7\\"")';
    const runs = '(WorkflowType = "batchWorkflow" AND WorkflowId = "batch-\\"7\\"")';
    assert.equal(buildReportQuery({ batchId: 'batch-"7"' }), `(${items} OR ${runs})`);
    assert.equal(
      buildReportQuery({ batchId: 'batch-"7"', kind: 'cascade', since }),
      `(${items} OR ${runs}) AND StartTime >= "2025-06-09T12:00:00.000Z"`,
    );
    assert.equal(
      buildReportQuery({ kind: 'cascade', query: ' LlmTask = "a" OR LlmTask = "b" ' }),
      'WorkflowType = "cascadeWorkflow" AND (LlmTask = "a" OR LlmTask = "b")',
    );
  });
});

describe('report formats', () => {
  const runs: ReportRun[] = [
    {
      workflowId: 'w1',
      runId: 'r1',
      workflowType: 'cascadeWorkflow',
      status: 'COMPLETED',
      startTime: '',
      task: 'invoice, "EU"',
      baselineMicroUsd: 2_000,
      attempts: [
        {
          tier: 'economy',
          ref: 'a/eco',
          provider: 'a',
          reason: 'first',
          outcome: 'schema_violation',
          billed: true,
          usage: { inputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 1 },
          costMicroUsd: 150,
        },
        {
          tier: 'standard',
          ref: 'b/std',
          provider: 'b',
          reason: 'escalation',
          outcome: 'ok',
          billed: true,
          usage: { inputTokens: 4, cachedInputTokens: 2, cacheWriteTokens: 0, outputTokens: 1 },
          costMicroUsd: 850,
        },
      ],
    },
  ];
  const context = { query: 'WorkflowType = "cascadeWorkflow"', namespace: 'default', truncated: true, limit: 1 };

  it('CSV: one header, one line per group, a TOTAL line; USD in decimals; cells with commas or quotes quoted', () => {
    const lines = reportCsv(aggregateReport(runs, 'task')).trim().split('\n');
    assert.equal(
      lines[0],
      'task,requests,attempts,escalated,escalation_rate,valid_results,cost_usd,cost_per_valid_usd,baseline_usd,savings_usd,savings_rate,cached_input_share',
    );
    assert.equal(lines[1], '"invoice, ""EU""",1,2,1,1,1,0.001,0.001,0.002,0.001,0.5,0.4');
    assert.equal(lines[2], 'TOTAL,1,2,1,1,1,0.001,0.001,0.002,0.001,0.5,0.4');
  });

  it('the cached-input share per task and per model: cached input tokens over input tokens', () => {
    const byModel = aggregateReport(runs, 'model');
    assert.deepEqual(
      byModel.groups.map((g) => [g.key, g.inputTokens, g.cachedInputTokens, g.cachedInputShare]),
      [
        ['b/std', 4, 2, 0.5],
        ['a/eco', 1, 0, 0],
      ],
    );
    assert.equal(aggregateReport(runs, 'task').groups[0]!.cachedInputShare, 0.4);
    assert.equal(aggregateReport([], 'task').total.cachedInputShare, null);
    assert.match(reportTable(byModel, context), /│ b\/std .*│ +50\.0% │/);
  });

  it('JSON keeps exact micro-USD next to USD; the table names the query and warns when truncated', () => {
    const report = aggregateReport(runs, 'model');
    const json = reportJson(report, context);
    assert.deepEqual(
      json.groups.map((g) => [g.key, g.costMicroUsd, g.costUsd]),
      [
        ['b/std', 850, 0.00085],
        ['a/eco', 150, 0.00015],
      ],
    );
    assert.equal(json.total.costPerValidUsd, 0.001);
    const table = reportTable(report, context);
    assert.match(
      table,
      /│ a\/eco +│ +1 │ +1 │ +1 \(100\.0%\) │ +0 │ \$0\.000150 │ +— │ +\$0\.000000 │ +-\$0\.000150 │/,
    );
    assert.match(
      table,
      /│ TOTAL +│ +1 │ +2 │ +1 \(100\.0%\) │ +1 │ \$0\.001000 │ +\$0\.001000 │ +\$0\.002000 │ \$0\.001000 \(50\.0%\) │/,
    );
    assert.match(table, /query: WorkflowType = "cascadeWorkflow"/);
    assert.match(table, /each attempt's cost counts once/);
    // The warning comes first, above the table, not as a footnote; JSON carries it too.
    assert.match(table, /^WARNING: more workflows matched than --limit 1: only the newest 1 were read/);
    assert.ok(table.indexOf('WARNING') < table.indexOf('TOTAL'));
    assert.match(String(json.warning), /^WARNING: more workflows matched than --limit 1/);
    assert.equal(reportJson(report, { ...context, truncated: false }).warning, undefined);
    assert.doesNotMatch(reportTable(report, { ...context, truncated: false }), /WARNING/);
  });
});
