/**
 * An agent job's transcript and prompts in the claim-check store. These run as local activities of the agent
 * workflow: their inputs (whole turns) never enter history, and their results are references and short previews,
 * so a job's history grows by a bounded amount per step however long its transcript gets.
 */
import { countPromptTokens, countTextTokens } from '../../catalog/node/tokens';
import { TURN_PREVIEW_CHARS, type AgentSpec, type ToolSpec, type Turn } from '../../workflows/agent/definitions';
import { compressionMessages, stepMessages, toolResultsText } from '../../prompts/agent';
import type { BlobRef, JsonObject, JsonValue } from '../../workflows/definitions';
import { claimed, type ClaimCheck } from '../claim-check/store';

export interface AppendTurnsInput {
  transcriptRef?: BlobRef;
  turns: Turn[];
}
export interface AppendTurnsResult {
  transcriptRef: BlobRef;
  /** The appended turns as the workflow keeps them: previews with sizes and tokens. */
  turns: Turn[];
}
export interface ComposeStepInput {
  agent: AgentSpec;
  tools: ToolSpec[];
  goal: string;
  summary?: string;
  transcriptRef?: BlobRef;
  schema: JsonObject;
}
export interface ComposeCompressionInput {
  goal: string;
  summary?: string;
  transcriptRef: BlobRef;
  /** How many of the oldest turns are folded into the summary. */
  fold: number;
}
export interface ComposeCompressionResult {
  messagesRef: BlobRef;
  /** The transcript of the turns kept verbatim. */
  keepRef: BlobRef;
}

/** The turn as the workflow keeps it once stored: a preview, its size and tokens. */
export function turnPreview(turn: Turn): Turn {
  return {
    role: turn.role,
    kind: turn.kind,
    step: turn.step,
    content:
      turn.content.length > TURN_PREVIEW_CHARS ? `${turn.content.slice(0, TURN_PREVIEW_CHARS - 1)}…` : turn.content,
    chars: turn.content.length,
    tokens: countTextTokens(turn.content),
  };
}

/** The transcript's local activities (their names are the activity types the agent workflow calls). */
export function createTranscriptActivities(claims: ClaimCheck | undefined) {
  const transcript = async (ref: BlobRef | undefined): Promise<Turn[]> => (ref ? claimed(claims).get<Turn[]>(ref) : []);

  /** A turn's full text: a tool-results turn is built here from the results the tool activities stored. */
  const fullTurn = async (turn: Turn): Promise<Turn> => {
    const { results, chars: _chars, tokens: _tokens, ...rest } = turn;
    if (!results) return rest;
    const resolved = await Promise.all(
      results.map(async ({ call, result, ref }) => ({
        call,
        result: ref ? await claimed(claims).get<JsonValue>(ref) : (result ?? null),
      })),
    );
    return { ...rest, content: toolResultsText(resolved) };
  };

  return {
    /** Appends turns to a job's transcript in the store (tool results read from their references). */
    async appendAgentTurns({ transcriptRef, turns }: AppendTurnsInput): Promise<AppendTurnsResult> {
      const added = await Promise.all(turns.map(fullTurn));
      const all = [...(await transcript(transcriptRef)), ...added];
      return { transcriptRef: await claimed(claims).put(all), turns: added.map(turnPreview) };
    },
    /** Writes a step's prompt to the store, with its tokens counted. */
    async composeAgentStep(input: ComposeStepInput): Promise<BlobRef> {
      const turns = await transcript(input.transcriptRef);
      const messages = stepMessages(input.agent, input.tools, input.goal, turns, input.summary);
      return claimed(claims).put(messages, countPromptTokens(messages, input.schema));
    },
    /** Writes a compression step's prompt and the transcript of the turns it keeps. */
    async composeAgentCompression(input: ComposeCompressionInput): Promise<ComposeCompressionResult> {
      const turns = await transcript(input.transcriptRef);
      const messages = compressionMessages(input.goal, input.summary, turns.slice(0, input.fold));
      return {
        messagesRef: await claimed(claims).put(messages),
        keepRef: await claimed(claims).put(turns.slice(input.fold)),
      };
    },
  };
}
