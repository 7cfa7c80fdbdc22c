/**
 * The agent workflow's local activities, typed here and nowhere else: the workflow proxies
 * `ReturnType<typeof createAgentLocalActivities>`, so a changed signature fails the build on both sides. They run
 * on the workflow's worker: their inputs (whole prompts, whole turns) never enter history, only their small results.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { countPromptTokens } from '../../catalog/node/tokens';
import { AgentFailureType, type ToolSpec } from '../../workflows/agent/definitions';
import type { ChatMessage, JsonObject } from '../../workflows/definitions';
import type { ClaimCheck } from '../claim-check/store';
import { createTranscriptActivities } from './transcript';

/** `tools`: the worker's registered tools by name. */
export function createAgentLocalActivities(tools: ReadonlyMap<string, Omit<ToolSpec, 'name'>>, claims?: ClaimCheck) {
  return {
    ...createTranscriptActivities(claims),
    /** Counts a step's prompt with the project's tokenizer (the sandbox has none): compression and budgets use it. */
    async countAgentPromptTokens(messages: ChatMessage[], schema: JsonObject): Promise<number> {
      return countPromptTokens(messages, schema);
    },
    /** The registered tools an agent names, as the model sees them; an unknown name fails the job at its start. */
    async describeAgentTools(names: string[]): Promise<ToolSpec[]> {
      const unknown = names.filter((name) => !tools.has(name));
      if (unknown.length > 0) {
        throw ApplicationFailure.create({
          type: AgentFailureType.UnknownTool,
          nonRetryable: true,
          message: `tool(s) ${unknown.join(', ')} not registered on this worker's CascadePlugin (registered: ${[...tools.keys()].join(', ') || 'none'})`,
        });
      }
      return names.map((name) => {
        const definition = tools.get(name)!;
        return {
          name,
          description: definition.description,
          inputSchema: definition.inputSchema,
          ...(definition.timeoutMs !== undefined ? { timeoutMs: definition.timeoutMs } : {}),
        };
      });
    },
  };
}

/** What the agent workflow proxies as local activities. */
export type AgentLocalActivities = ReturnType<typeof createAgentLocalActivities>;
