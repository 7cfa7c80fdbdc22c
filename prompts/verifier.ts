/**
 * The verifier gate's contract and prompt, as pure, sandbox-safe functions: the workflow sends them inline, and
 * the `callModel` activity rebuilds the same prompt when the conversation travels by reference (claim check).
 */
import type { ChatMessage, JsonValue, OutputSchema } from '../workflows/definitions';

/** The verifier's answer. Its name is how simulated providers recognise a verification request. */
export const VERDICT_SCHEMA: OutputSchema = {
  name: 'verdict',
  jsonSchema: {
    type: 'object',
    properties: {
      ok: {
        type: 'boolean',
        description: 'true only if every value is stated in, or directly derivable from, the source',
      },
      problems: { type: 'array', items: { type: 'string' }, description: 'each wrong value as "field: what is wrong"' },
    },
    required: ['ok', 'problems'],
    additionalProperties: false,
  },
};
/** The verdict is short: a few problems at most. */
export const VERDICT_MAX_TOKENS = 300;

export interface Verdict {
  ok: boolean;
  problems: string[];
}

/** The verifier's prompt: the request's source text and the answer to judge. */
export function verifierMessages(messages: readonly ChatMessage[], answer: JsonValue): ChatMessage[] {
  const source = messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  return [
    {
      role: 'system',
      content:
        'You verify a structured extraction against its source document. Check every value of the extraction ' +
        'against the source. Answer ok: true only if every value is stated in the source or directly derivable ' +
        'from it; otherwise ok: false and list each wrong value as "field: what is wrong".',
    },
    { role: 'user', content: `Source document:\n<<<\n${source}\n>>>\n\nExtraction:\n${JSON.stringify(answer)}` },
  ];
}

export function asVerdict(output: JsonValue | undefined): Verdict | undefined {
  if (!output || typeof output !== 'object' || Array.isArray(output)) return undefined;
  const { ok, problems } = output as { ok?: unknown; problems?: unknown };
  if (typeof ok !== 'boolean') return undefined;
  return { ok, problems: Array.isArray(problems) ? problems.map(String) : [] };
}
