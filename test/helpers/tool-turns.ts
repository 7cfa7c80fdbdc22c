/**
 * Scripted tool turns for the fake provider: what a model answers when a framework's call (AI SDK, OpenAI Agents SDK)
 * reaches it as a tool turn (`agent_step`) or a text turn (`text`), in the order the calls arrive; any other schema
 * (a plain JSON answer) gets the fallback content.
 */
import type { FakeBehavior, FakeReply } from '../../sim/fake-provider';

export const CONTACT: { type: 'object'; [key: string]: unknown } = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string' } },
  required: ['name', 'email'],
  additionalProperties: false,
};
export const VALID = { name: 'Ada Lovelace', email: 'ada@example.com' };

/** One scripted answer: a tool call (arguments as given, valid or not), or a final answer. */
export type ToolStep = { call: { tool: string; arguments: unknown } } | { final: unknown };

/** The queue of answers per tier name, consumed one per call of that tier's model. */
export type ToolScript = Record<string, ToolStep[]>;

export function schemaNameOf(body: unknown): string | undefined {
  return (body as { response_format?: { json_schema?: { name?: string } } }).response_format?.json_schema?.name;
}

export function toolTurnBehavior(script: ToolScript, tier: string, fallback: unknown): FakeBehavior {
  return ({ body }): FakeReply => {
    const name = schemaNameOf(body);
    if (name !== 'agent_step' && name !== 'text') return { kind: 'content', content: fallback };
    const step = script[tier]?.shift();
    if (!step) return { kind: 'error', status: 500, message: `no scripted ${tier} answer left` };
    if ('call' in step) return { kind: 'content', content: { action: 'call_tools', calls: [step.call] } };
    return {
      kind: 'content',
      content: name === 'text' ? { text: step.final } : { action: 'final', answer: step.final },
    };
  };
}
