/**
 * Builds the Chat Completions request for one attempt. The schema is never silently dropped: it goes into
 * `response_format: json_schema` where the endpoint honours it, and into the system prompt everywhere else
 * (with `json_object` mode where that exists), and ajv checks the answer in every case.
 */
import type {
  ChatCompletionContentPart,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { CallModelInput, JsonObject, MediaPart } from '../../workflows/definitions';
import { schemaFieldList } from './schema-fields';
import { AGENT_STEP_SCHEMA, nativeTools } from '../../prompts/agent';
import { isStrictCompatible, withoutMetaSchema } from '../../catalog/node/json-schema';

/** Markers around the schema in the system prompt; the simulated provider reads the schema from between them. */
export const SCHEMA_OPEN = '<json_schema>';
export const SCHEMA_CLOSE = '</json_schema>';

/**
 * The errors quoted in a repair prompt, capped: the cascade reserves budget for a bounded repair prompt
 * (REPAIR_OVERHEAD_TOKENS in workflows/cascade/decide.ts), and ten errors are plenty to correct an answer.
 */
export function repairErrorLines(errors: readonly string[]): string {
  const shown = errors.slice(0, 10).map((e) => `- ${e.length > 200 ? `${e.slice(0, 200)}…` : e}`);
  if (errors.length > shown.length) shown.push(`- … and ${errors.length - shown.length} more`);
  return shown.join('\n');
}

/**
 * `mediaData`: the data URL of each stored part by its hash, read by the activity from the blob store (history
 * carries only the hash). A message with media is sent as OpenAI content parts: its text, then each part.
 */
export function buildRequest(
  input: CallModelInput,
  mediaData: ReadonlyMap<string, string> = new Map(),
): ChatCompletionCreateParamsNonStreaming {
  const mode = input.candidate.structuredOutput;
  const schema = withoutMetaSchema(input.schema.jsonSchema);
  const messages: ChatMessageList = input.messages.map((m) =>
    m.media?.length && m.role === 'user'
      ? {
          role: 'user',
          content: [
            ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
            ...m.media.map((part) => wirePart(part, mediaData)),
          ],
        }
      : { role: m.role, content: m.content },
  );
  if (mode !== 'json_schema') {
    messages.unshift({ role: 'system', content: schemaInstruction(schema) });
  } else if (input.schemaInPrompt !== false) {
    addFieldList(messages, schema);
  }
  if (input.repair) {
    messages.push(
      { role: 'assistant', content: input.repair.previousOutput },
      {
        role: 'user',
        content: repairPrompt(input.repair),
      },
    );
  }
  const request: ChatCompletionCreateParamsNonStreaming = {
    model: input.candidate.model,
    messages,
    max_tokens: input.maxOutputTokens,
  };
  const tools =
    input.candidate.toolCalling && input.schema.name === AGENT_STEP_SCHEMA ? nativeTools(schema as JsonObject) : [];
  if (tools.length > 0) {
    // Native tool calling: the model may call tools the provider's way; `final` / `ask_user` stay JSON answers.
    request.tools = tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    request.tool_choice = 'auto';
  }
  if (mode === 'json_schema') {
    request.response_format = {
      type: 'json_schema',
      json_schema: { name: safeName(input.schema.name), schema, strict: isStrictCompatible(schema) },
    };
  } else if (mode === 'json_object') {
    request.response_format = { type: 'json_object' };
  }
  return request;
}

type ChatMessageList = ChatCompletionMessageParam[];

/** The schema's field list as a system message after the leading system messages (the task's instructions). */
function addFieldList(messages: ChatMessageList, schema: Record<string, unknown>): void {
  const list = schemaFieldList(schema);
  if (!list) return;
  const at = messages.findIndex((message) => message.role !== 'system');
  messages.splice(at < 0 ? messages.length : at, 0, { role: 'system', content: list });
}

/** The repair re-ask: quotes the ajv errors, or the failed checks (which say which value the input does not support). */
export function repairPrompt(repair: NonNullable<CallModelInput['repair']>): string {
  const head =
    repair.outcome === 'check_failed'
      ? 'That answer is valid JSON but failed these checks against the input; use only values the input states:\n'
      : 'That answer does not validate against the required JSON Schema:\n';
  return `${head}${repairErrorLines(repair.errors)}\nAnswer again with the corrected JSON only.`;
}

function schemaInstruction(schema: object): string {
  return (
    'Answer with a single JSON object and nothing else. It must validate against this JSON Schema:\n' +
    `${SCHEMA_OPEN}\n${JSON.stringify(schema)}\n${SCHEMA_CLOSE}`
  );
}

/** OpenAI accepts `^[a-zA-Z0-9_-]{1,64}$` as a schema name. */
function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'output';
}

/** One image or PDF as OpenAI sends it: `image_url` (a data URL, or the https URL the provider fetches), `file`. */
export function wirePart(part: MediaPart, mediaData: ReadonlyMap<string, string>): ChatCompletionContentPart {
  const url = part.url ?? (part.blob && mediaData.get(part.blob.hash));
  if (!url) throw new Error(`media ${part.blob?.hash.slice(0, 12) ?? '?'}… was not read from the blob store`);
  if (part.kind === 'pdf') return { type: 'file', file: { filename: 'document.pdf', file_data: url } };
  return { type: 'image_url', image_url: { url, ...(part.detail && { detail: part.detail }) } };
}
