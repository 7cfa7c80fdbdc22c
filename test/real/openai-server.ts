/**
 * An OpenAI-compatible Chat Completions endpoint on loopback in front of a real llama.cpp engine (node-llama-cpp),
 * as llama.cpp's own `llama-server` offers one: the model's chat template renders the messages, `response_format`
 * `json_schema` / `json_object` constrain the sampling with a grammar (as llama-server does), and `usage` reports the
 * prompt and generated tokens the engine evaluated. One request runs at a time (one context sequence on a 2-core
 * machine); the others wait their turn, as they would at a single-slot llama-server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatHistoryItem, Llama, LlamaChatSession, LlamaContextSequence, LlamaGrammar } from './engine';

export interface ServedModel {
  llama: Llama;
  sequence: LlamaContextSequence;
  Session: new (options: { contextSequence: LlamaContextSequence; autoDisposeSequence?: boolean }) => LlamaChatSession;
  /** Model ids the endpoint answers to. */
  ids: string[];
}

interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
  temperature?: number;
  response_format?:
    { type: 'json_schema'; json_schema: { schema: object } } | { type: 'json_object' } | { type: 'text' };
}

export interface EndpointStats {
  requests: number;
  promptTokens: number;
  completionTokens: number;
  grammarFallbacks: number;
}

export async function startEndpoint(
  served: ServedModel,
  log: (line: string) => void = () => {},
): Promise<{ baseURL: string; stats: EndpointStats; close(): Promise<void> }> {
  const stats: EndpointStats = { requests: 0, promptTokens: 0, completionTokens: 0, grammarFallbacks: 0 };
  let queue: Promise<unknown> = Promise.resolve();
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) =>
      reply(res, 500, { error: { message: String(error), type: 'server_error' } }),
    );
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET' && req.url === '/v1/models') {
      return reply(res, 200, {
        object: 'list',
        data: served.ids.map((id) => ({ id, object: 'model', owned_by: 'local' })),
      });
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      return reply(res, 404, {
        error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' },
      });
    }
    const body = JSON.parse(await readBody(req)) as ChatRequest;
    if (!served.ids.includes(body.model)) {
      return reply(res, 404, {
        error: { message: `model ${body.model} is not served here`, type: 'invalid_request_error' },
      });
    }
    const turn = queue.then(async () => {
      const start = Date.now();
      const answer = await complete(served, body, stats);
      const choice = (answer.choices as { message: { content: string }; finish_reason: string }[])[0]!;
      const seconds = ((Date.now() - start) / 1000).toFixed(1);
      log(
        `${body.model}: ${JSON.stringify(answer.usage)} ${choice.finish_reason} in ${seconds} s: ${JSON.stringify(choice.message.content.slice(0, 160))}`,
      );
      return answer;
    });
    queue = turn.catch(() => undefined);
    reply(res, 200, await turn);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    stats,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One completion on a cleared sequence, so the token meter counts this request's whole prompt. */
async function complete(
  served: ServedModel,
  body: ChatRequest,
  stats: EndpointStats,
): Promise<{ usage: object; choices: unknown; [key: string]: unknown }> {
  const { sequence } = served;
  await sequence.clearHistory();
  const before = { input: sequence.tokenMeter.usedInputTokens, output: sequence.tokenMeter.usedOutputTokens };
  const session = new served.Session({ contextSequence: sequence, autoDisposeSequence: false });
  try {
    const messages = body.messages;
    const last = messages.at(-1);
    if (!last || last.role !== 'user') throw new Error('the last message must be the user turn');
    session.setChatHistory(history(messages.slice(0, -1)));
    const grammar = await grammarFor(served.llama, body.response_format, stats);
    const { responseText, stopReason } = await session.promptWithMeta(last.content, {
      maxTokens: body.max_tokens,
      temperature: body.temperature ?? 0,
      seed: 7,
      ...(grammar && { grammar }),
    });
    const usage = {
      prompt_tokens: sequence.tokenMeter.usedInputTokens - before.input,
      completion_tokens: sequence.tokenMeter.usedOutputTokens - before.output,
    };
    stats.requests += 1;
    stats.promptTokens += usage.prompt_tokens;
    stats.completionTokens += usage.completion_tokens;
    return {
      id: `chatcmpl-local-${stats.requests}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: responseText },
          finish_reason: stopReason === 'maxTokens' ? 'length' : 'stop',
        },
      ],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    };
  } finally {
    session.dispose({ disposeSequence: false });
  }
}

/** System turns merge into one (the chat template takes one); earlier user/assistant turns follow in order. */
function history(messages: ChatRequest['messages']): ChatHistoryItem[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const items: ChatHistoryItem[] = system.length > 0 ? [{ type: 'system', text: system.join('\n\n') }] : [];
  for (const m of messages) {
    if (m.role === 'user') items.push({ type: 'user', text: m.content });
    else if (m.role === 'assistant') items.push({ type: 'model', response: [m.content] });
  }
  return items;
}

/**
 * The grammar for a response_format. A schema the engine's JSON-schema grammar cannot express falls back to plain
 * JSON (counted in the stats), as a server that accepts the request but constrains less would.
 */
async function grammarFor(
  llama: Llama,
  format: ChatRequest['response_format'],
  stats: EndpointStats,
): Promise<LlamaGrammar | undefined> {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return llama.getGrammarFor('json');
  try {
    return await llama.createGrammarForJsonSchema(format.json_schema.schema);
  } catch {
    stats.grammarFallbacks += 1;
    return llama.getGrammarFor('json');
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: object): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
