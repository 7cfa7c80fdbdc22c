// Integration tests — the real `ai` package inside a Temporal workflow (bundled with AiSdkWorkflowPlugin's polyfills):
// `generateText` with tools whose model calls are inline cascade steps, on the real dev server and the fake provider;
// the recorded history replays against the same bundle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { AiSdkWorkflowPlugin } from '../../integrations/ai-sdk';
import { WORKFLOW_INTERCEPTORS_PATH } from '../../codec/data-converter';
import { CascadePlugin } from '../../worker/plugin';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { VALID, toolTurnBehavior, type ToolScript } from '../helpers/tool-turns';
import type { aiSdkObjectWorkflow, aiSdkToolLoopWorkflow } from '../helpers/ai-sdk-workflows';

describe('AI SDK inside a workflow: model calls are inline cascade steps', () => {
  let env: CascadeEnv;
  let bundle: WorkflowBundleWithSourceMap;
  let worker: Worker;
  let running: Promise<void>;
  const script: ToolScript = { economy: [], standard: [] };
  const looked: string[] = [];

  before(async () => {
    env = await startCascadeEnv({
      name: 'ai-sdk-workflow',
      noWorker: true,
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: toolTurnBehavior(script, 'economy', { name: 'Ada' }) }]],
        ['standard', [{ ref: 'b/std', behavior: toolTurnBehavior(script, 'standard', VALID) }]],
      ],
    });
    bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('../helpers/ai-sdk-workflows'),
      workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
      plugins: [new AiSdkWorkflowPlugin()],
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) },
    });
    worker = await Worker.create({
      connection: env.temporal.nativeConnection,
      namespace: env.temporal.namespace,
      taskQueue: env.taskQueue,
      workflowBundle: bundle,
      activities: {
        lookupEmail: async (person: string) => {
          looked.push(person);
          return { email: 'ada@example.com' };
        },
      },
      plugins: [new CascadePlugin({ catalog: env.catalog })],
    });
    running = worker.run();
  });
  after(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running?.catch(() => undefined);
    await env?.close();
  });

  it('a tool loop: the invalid call escalates, the tool activity runs once, and the history replays', async () => {
    env.provider.clearCalls();
    script.economy = [{ call: { tool: 'lookup_email', arguments: { person: 7 } } }, { final: 'ada@example.com' }];
    script.standard = [{ call: { tool: 'lookup_email', arguments: { person: 'Ada Lovelace' } } }];
    const workflowId = `ai-sdk-loop-${Date.now()}`;
    const result = await env.temporal.client.workflow.execute<typeof aiSdkToolLoopWorkflow>('aiSdkToolLoopWorkflow', {
      taskQueue: env.taskQueue,
      workflowId,
      args: ['What is the email of Ada Lovelace?'],
    });
    assert.equal(result.text, 'ada@example.com');
    assert.deepEqual(looked, ['Ada Lovelace']);
    assert.deepEqual(
      result.steps.map((step) => [step.step, step.tierPath]),
      [
        ['extract 1', ['economy', 'standard']],
        ['extract 2', ['economy']],
      ],
    );
    // The workflow's own ledger query holds every step's rows, and they add up to the provider's bill.
    const ledger = await env.temporal.client.workflow
      .getHandle(workflowId)
      .query<{ totals: { costMicroUsd: number } }>('ledger');
    assert.equal(ledger.totals.costMicroUsd, env.provider.bill().chatMicroUsd);
    const history = await env.temporal.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, workflowId);
  });

  it('a structured answer with Output.object', async () => {
    const output = await env.temporal.client.workflow.execute<typeof aiSdkObjectWorkflow>('aiSdkObjectWorkflow', {
      taskQueue: env.taskQueue,
      workflowId: `ai-sdk-object-${Date.now()}`,
      args: ['Ada Lovelace <ada@example.com>'],
    });
    assert.deepEqual(output, VALID);
  });
});
