/**
 * Workflow code of the AI SDK workflow test: `generateText` inside a workflow, with tools, on the workflow-side
 * cascade model (every model call an inline `cascade()` step under one job budget). Bundled with the AI SDK's
 * polyfills (`AiSdkWorkflowPlugin`).
 */
import { generateText, jsonSchema, Output, stepCountIs, tool } from 'ai';
import { proxyActivities } from '@temporalio/workflow';
import { cascadeModel } from '../../integrations/ai-sdk/workflow';
import { jobBudget } from '../../workflows/job/budget';
import type { AttemptRecord } from '../../workflows/definitions';

export * from '../../workflows';

interface StepView {
  step: string;
  tierPath: string[];
  ledger: AttemptRecord[];
}

const { lookupEmail } = proxyActivities<{ lookupEmail(person: string): Promise<{ email: string }> }>({
  startToCloseTimeout: '10 seconds',
});

/** A question answered by a tool loop whose steps are cascades; the tool is an activity. */
export async function aiSdkToolLoopWorkflow(question: string): Promise<{ text: string; steps: StepView[] }> {
  const model = cascadeModel('extract', { budget: jobBudget({ maxCostUsd: 0.05 }) });
  const result = await generateText({
    model,
    prompt: question,
    tools: {
      lookup_email: tool({
        description: 'Looks up the email of a person',
        inputSchema: jsonSchema<{ person: string }>({
          type: 'object',
          properties: { person: { type: 'string' } },
          required: ['person'],
          additionalProperties: false,
        }),
        execute: async ({ person }) => lookupEmail(person),
      }),
    },
    stopWhen: stepCountIs(4),
  });
  return {
    text: result.text,
    steps: result.steps.map((step) => step.providerMetadata?.cascade as unknown as StepView),
  };
}

/** A structured answer (ai 7's `Output.object`) from one inline cascade. */
export async function aiSdkObjectWorkflow(text: string): Promise<unknown> {
  const result = await generateText({
    model: cascadeModel('extract'),
    output: Output.object({
      schema: jsonSchema<{ name: string; email: string }>({
        type: 'object',
        properties: { name: { type: 'string' }, email: { type: 'string' } },
        required: ['name', 'email'],
        additionalProperties: false,
      }),
    }),
    prompt: text,
  });
  return result.output;
}
