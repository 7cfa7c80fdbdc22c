// Pure unit tests — a request is filed alike by the worker's rows and by a backfill from its history: same kind,
// same scope, same key (so a backfill over rows the worker wrote counts nothing twice); no servers
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { historyContext } from '../../cli/report/backfill';
import type { ReportRun } from '../../cli/report/aggregate';
import { requestKey } from '../../store/keys';
import { requestKind } from '../../store/rows';
import { storeContext } from '../../worker/ledger-sinks';

type Info = Pick<WorkflowExecutionInfo, 'workflowId' | 'runId' | 'type' | 'parentExecution'>;

function run(workflowId: string, extra: Partial<ReportRun> = {}): ReportRun {
  return {
    workflowId,
    runId: 'r-1',
    workflowType: 'x',
    status: 'COMPLETED',
    startTime: '2026-12-07T10:00:00.000Z',
    task: 'extract',
    attempts: [],
    baselineMicroUsd: 0,
    ...extra,
  };
}

describe('requestKind: what kind of work a request is', () => {
  it('by the workflow that ran it', () => {
    assert.equal(requestKind('cascadeWorkflow', {}), 'cascade');
    assert.equal(requestKind('cascadeWorkflow', { gatewayKey: 'team' }), 'gateway');
    assert.equal(requestKind('batchItemWorkflow', {}), 'batch-item');
    assert.equal(requestKind('batchWorkflow', {}), 'batch-item');
    assert.equal(requestKind('supportPipeline', { inlineItem: true }), 'batch-item');
    assert.equal(requestKind('agentWorkflow', {}), 'agent');
    assert.equal(requestKind('supportPipeline', {}), 'step');
  });
});

describe('the worker and a backfill file a request alike', () => {
  it("a job's step: its own scope, so each step is a request of its own, with the worker's key", () => {
    const info: Info = { workflowId: 'triage-1', runId: 'r-1', type: 'supportPipeline' };
    const classify = historyContext(info, run('triage-1/classify'));
    const draft = historyContext(info, run('triage-1/draft'));
    assert.equal(classify.kind, 'step');
    assert.equal(classify.step, 'classify');
    assert.notEqual(requestKey(classify), requestKey(draft));
    const worker = storeContext(
      { workflowId: 'triage-1', runId: 'r-1', workflowType: 'supportPipeline' },
      { task: 'extract', startedAtMs: 0, step: 'classify' },
    );
    assert.equal(worker.kind, 'step');
    assert.equal(requestKey(worker), requestKey(classify));
  });

  it("an agent job's step", () => {
    const info: Info = { workflowId: 'agent-a', runId: 'r-1', type: 'agentWorkflow' };
    const backfilled = historyContext(info, run('agent-a/step 3'));
    const worker = storeContext(
      { workflowId: 'agent-a', runId: 'r-1', workflowType: 'agentWorkflow' },
      { task: 'extract', startedAtMs: 0, step: 'step 3' },
    );
    assert.equal(backfilled.kind, 'agent');
    assert.equal(worker.kind, 'agent');
    assert.equal(requestKey(backfilled), requestKey(worker));
  });

  it('a standalone cascade and a gateway request', () => {
    const info: Info = { workflowId: 'c-1', runId: 'r-1', type: 'cascadeWorkflow' };
    assert.equal(historyContext(info, run('c-1')).kind, 'cascade');
    const gateway = historyContext(info, run('c-1', { gatewayKey: 'team' }));
    const worker = storeContext(
      { workflowId: 'c-1', runId: 'r-1', workflowType: 'cascadeWorkflow' },
      { task: 'extract', startedAtMs: 0, gatewayKey: 'team' },
    );
    assert.equal(gateway.kind, 'gateway');
    assert.equal(worker.kind, 'gateway');
    assert.equal(requestKey(gateway), requestKey(worker));
  });
});
