// Integration tests — the real `@openai/agents-core` Runner and `@temporalio/openai-agents` (1.23, held to SDK 1.24)
// with cascade models, on the real dev server and the fake provider: an invalid tool call on the economy tier
// escalates, the tool runs once with arguments that validate, and the ledgers add up to the provider's bill.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, Runner, tool } from '@openai/agents-core';
import { OpenAIAgentsPlugin } from '@temporalio/openai-agents';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { cascadeModelProvider, CascadeModelError } from '../../integrations/openai-agents';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { uniqueTaskQueue } from '../helpers/temporal';
import { VALID, toolTurnBehavior, type ToolScript } from '../helpers/tool-turns';
import type { AgentRunView, cascadeAgentWorkflow } from '../helpers/openai-agents-workflows';

// The Agents SDK's own tracing (to OpenAI's platform) has nowhere to go in a test.
process.env.OPENAI_AGENTS_DISABLE_TRACING = '1';

interface CascadeData {
  workflowId: string;
  tierPath: string[];
  costMicroUsd: number;
  ledger: { outcome: string }[];
}

const cascadeOf = (providerData: unknown) => (providerData as { cascade: CascadeData }).cascade;

describe('OpenAI Agents SDK: cascades as models', () => {
  let env: CascadeEnv;
  const script: ToolScript = { economy: [], standard: [] };

  before(async () => {
    env = await startCascadeEnv({
      name: 'openai-agents',
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: toolTurnBehavior(script, 'economy', { name: 'Ada' }) }]],
        ['standard', [{ ref: 'b/std', behavior: toolTurnBehavior(script, 'standard', VALID), inputUsdPerMTok: 3 }]],
      ],
    });
  });
  after(async () => {
    await env?.close();
  });

  const escalatingToolCall = () => {
    script.economy = [{ call: { tool: 'lookup_email', arguments: { person: 42 } } }, { final: 'ada@example.com' }];
    script.standard = [{ call: { tool: 'lookup_email', arguments: { person: 'Ada Lovelace' } } }];
  };

  it('a Runner with the cascade provider: the invalid call escalates, the tool runs once, ledger = bill', async () => {
    env.provider.clearCalls();
    escalatingToolCall();
    const looked: string[] = [];
    const agent = new Agent({
      name: 'Contacts',
      instructions: 'Answer with the email address.',
      model: 'cascade/extract',
      tools: [
        tool({
          name: 'lookup_email',
          description: 'Looks up the email of a person',
          parameters: z.object({ person: z.string() }),
          execute: async ({ person }) => {
            looked.push(person);
            return 'ada@example.com';
          },
        }),
      ],
    });
    const runner = new Runner({
      modelProvider: cascadeModelProvider({ client: env.temporal.client, taskQueue: env.taskQueue }),
    });
    const result = await runner.run(agent, 'What is the email of Ada Lovelace?');
    assert.equal(result.finalOutput, 'ada@example.com');
    assert.deepEqual(looked, ['Ada Lovelace']);
    const cascades = result.rawResponses.map((response) => cascadeOf(response.providerData));
    assert.deepEqual(
      cascades.map((cascade) => cascade.tierPath),
      [['economy', 'standard'], ['economy']],
    );
    assert.deepEqual(
      cascades[0]!.ledger.map((row) => row.outcome),
      ['schema_violation', 'ok'],
    );
    const billed = cascades.reduce((total, cascade) => total + cascade.costMicroUsd, 0);
    assert.equal(billed, env.provider.bill().chatMicroUsd);
    assert.equal(result.state.usage.requests, 3, 'three provider calls: the invalid one counts');
  });

  it('a structured output type is the cascade schema; a spent budget is a CascadeModelError (402, no retry)', async () => {
    const agent = new Agent({
      name: 'Extractor',
      instructions: 'Extract the contact.',
      model: 'cascade/extract',
      outputType: z.object({ name: z.string(), email: z.string() }),
    });
    const provider = cascadeModelProvider({
      client: env.temporal.client,
      taskQueue: env.taskQueue,
      models: { broke: { task: 'extract', maxCostUsd: 0.000001 } },
    });
    const result = await new Runner({ modelProvider: provider }).run(agent, 'Ada Lovelace <ada@example.com>');
    assert.deepEqual(result.finalOutput, VALID);
    assert.deepEqual(cascadeOf(result.rawResponses[0]!.providerData).tierPath, ['economy', 'standard']);

    const broke = agent.clone({ model: 'broke' });
    const error = await new Runner({ modelProvider: provider }).run(broke, 'Ada').then(
      () => assert.fail('the budget cannot fit a call'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof CascadeModelError, String(error));
    assert.equal(error.status, 402);
    assert.equal(error.headers?.get('x-should-retry'), 'false');
    assert.equal(error.cascade.type, 'BudgetExceededError');
  });

  describe('inside @temporalio/openai-agents workflows', () => {
    let agentsWorker: Worker;
    let running: Promise<void>;
    let client: Client;
    const agentsQueue = uniqueTaskQueue('openai-agents-plugin');

    before(async () => {
      const plugin = new OpenAIAgentsPlugin({
        modelProvider: cascadeModelProvider({
          client: env.temporal.client,
          taskQueue: env.taskQueue,
          models: { broke: { task: 'extract', maxCostUsd: 0.000001 } },
        }),
        modelParams: { startToCloseTimeout: '2 minutes', retry: { maximumAttempts: 3, initialInterval: '100ms' } },
      });
      agentsWorker = await Worker.create({
        connection: env.temporal.nativeConnection,
        namespace: env.temporal.namespace,
        taskQueue: agentsQueue,
        workflowsPath: require.resolve('../helpers/openai-agents-workflows'),
        plugins: [plugin],
      });
      running = agentsWorker.run();
      client = new Client({
        connection: env.temporal.connection,
        namespace: env.temporal.namespace,
        plugins: [plugin],
      });
    });
    after(async () => {
      if (agentsWorker?.getState() === 'RUNNING') agentsWorker.shutdown();
      await running?.catch(() => undefined);
    });

    it("each model call is a cascade named after the plugin's activity; the agent's ledger equals the bill", async () => {
      env.provider.clearCalls();
      escalatingToolCall();
      const workflowId = `agents-plugin-${Date.now()}`;
      const view: AgentRunView = await client.workflow.execute<typeof cascadeAgentWorkflow>('cascadeAgentWorkflow', {
        taskQueue: agentsQueue,
        workflowId,
        args: ['What is the email of Ada Lovelace?'],
      });
      assert.equal(view.finalOutput, 'ada@example.com');
      assert.deepEqual(view.looked, ['Ada Lovelace']);
      assert.deepEqual(
        view.cascades.map((cascade) => cascade.tierPath),
        [['economy', 'standard'], ['economy']],
      );
      assert.equal(view.cascades[0]!.ledger[0]!.outcome, 'schema_violation');
      for (const cascade of view.cascades) assert.ok(cascade.workflowId.startsWith(`cascade-${workflowId}/`));
      const billed = view.cascades.reduce((total, cascade) => total + cascade.costMicroUsd, 0);
      assert.equal(billed, env.provider.bill().chatMicroUsd);
    });

    it('a failed cascade fails the model activity once: not retried, nothing paid again', async () => {
      const workflowId = `agents-plugin-broke-${Date.now()}`;
      const failure = await client.workflow
        .execute<typeof cascadeAgentWorkflow>('cascadeAgentWorkflow', {
          taskQueue: agentsQueue,
          workflowId,
          args: ['Ada', 'broke'],
        })
        .then(
          () => assert.fail('the budget cannot fit a call'),
          (caught: unknown) => caught,
        );
      assert.ok(failure instanceof WorkflowFailedError);
      // Activity task failed ← the plugin's ModelInvocationError (non-retryable) ← our CascadeModelError.
      const invocation = failure.cause?.cause as Error | undefined;
      assert.match(invocation?.message ?? '', /^Model invocation failed: 402 BudgetExceededError: budget/);
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const started = (history.events ?? []).filter((event) => event.activityTaskStartedEventAttributes);
      assert.equal(started.length, 1);
      assert.equal(started[0]!.activityTaskStartedEventAttributes!.attempt, 1);
    });
  });
});
