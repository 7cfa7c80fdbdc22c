/**
 * Workflow code of the OpenAI Agents test: an agent run by `@temporalio/openai-agents`' runner, whose model calls
 * (activities of that plugin) are cascades on the worker's catalog. Bundled by `OpenAIAgentsPlugin`.
 */
import { Agent, tool } from '@openai/agents-core';
import { TemporalOpenAIRunner } from '@temporalio/openai-agents/workflow';

/** What each model call's cascade reported (`providerData.cascade` of the raw responses). */
export interface AgentRunView {
  finalOutput: string;
  cascades: { workflowId: string; tierPath: string[]; costMicroUsd: number; ledger: { outcome: string }[] }[];
  looked: string[];
}

export async function cascadeAgentWorkflow(question: string, model = 'cascade/extract'): Promise<AgentRunView> {
  const looked: string[] = [];
  const lookupEmail = tool({
    name: 'lookup_email',
    description: 'Looks up the email of a person',
    parameters: {
      type: 'object',
      properties: { person: { type: 'string' } },
      required: ['person'],
      additionalProperties: false,
    },
    strict: true,
    execute: async (input) => {
      const { person } = input as { person: string };
      looked.push(person);
      return 'ada@example.com';
    },
  });
  const agent = new Agent({
    name: 'Contacts',
    instructions: 'Answer with the email address.',
    model,
    tools: [lookupEmail],
  });
  const result = await new TemporalOpenAIRunner().run(agent, question);
  return {
    finalOutput: String(result.finalOutput ?? ''),
    cascades: result.rawResponses.map((response) => response.providerData?.cascade as AgentRunView['cascades'][number]),
    looked,
  };
}
