/**
 * The fake provider's chat completions: the model's script (a reply, a queue, or a function) chooses each answer,
 * after the request-level faults a real endpoint has (bad JSON, wrong key, unknown model, streaming). A batch line
 * is answered by the same script (`answerLine`).
 */
import type http from 'node:http';
import type { FakeCall, FakeReply, FakeUsage } from './fake-types';
import { abortOnClose, readBody, sendHuge, sendJson, sleep, hugeCompletionTokens } from './fake-http';
import { logCall, type FakeState } from './fake-state';
import { countMedia } from './fake-media';
import { completionBody, countPromptTokens, countTextTokens, errorBody } from './openai-wire';

export async function chatCompletion(
  state: FakeState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const started = Date.now();
  const raw = await readBody(req);
  let body: unknown = null;
  try {
    body = JSON.parse(raw);
  } catch {
    // Left null: answered below with a 400 like the real API's "could not parse the JSON body".
  }
  const b = (body ?? {}) as Record<string, unknown>;
  const model = typeof b.model === 'string' ? b.model : '';
  const media = await countMedia(body, state.options.media?.[model]).catch((error: Error) => ({
    refused: `a media part does not parse: ${error.message}`,
  }));
  const imageTokens = 'tokens' in media ? media.tokens : 0;
  const promptTokens = countPromptTokens(body) + imageTokens;
  const reply =
    'refused' in media
      ? ({ kind: 'error', status: 400, message: media.refused } satisfies FakeReply as FakeReply)
      : await chooseReply(state, req.headers.authorization, body, model, promptTokens);

  const call: FakeCall = { seq: ++state.seq, at: started, model, body, status: 0, reply: reply.kind };
  if (req.headers.authorization !== undefined) call.authorization = req.headers.authorization;
  logCall(state, call);

  // A client that gives up (timeout, abort) closes the connection; stop any pending work then.
  const gone = AbortSignal.any([state.closing.signal, abortOnClose(res)]);
  const finish = (status: number) => {
    call.status = status;
    call.durationMs = Date.now() - started;
  };
  if (reply.kind === 'hang') {
    gone.addEventListener('abort', () => finish(0), { once: true });
    return;
  }
  if (reply.kind === 'content' && reply.keepsGenerating && reply.delayMs) {
    // The meter runs on the server's clock: only the provider's own shutdown stops this generation.
    if (!(await sleep(reply.delayMs, state.closing.signal))) return finish(0);
    // A client that left before the response object listened for 'close' shows as a destroyed socket.
    if (gone.aborted || req.socket.destroyed) {
      call.usage = billedUsage(reply.usage, promptTokens, () => countTextTokens(toText(reply.content)));
      call.abandoned = true;
      return finish(0);
    }
  } else if (reply.delayMs && !(await sleep(reply.delayMs, gone))) return finish(0);
  if (reply.kind === 'reset') {
    finish(0);
    req.socket.destroy();
    return;
  }
  if (reply.kind === 'error') {
    finish(reply.status);
    return sendJson(res, reply.status, errorBody(reply, model, promptTokens), reply.headers);
  }
  if (reply.kind === 'huge') {
    const usage = billedUsage(reply.usage, promptTokens, () => hugeCompletionTokens(reply.bytes));
    call.usage = usage;
    finish(200);
    return sendHuge(res, completionBody({ model, content: '', refusal: null, finishReason: 'stop', ...usage }), reply);
  }
  const toolCalls = reply.kind === 'content' ? reply.toolCalls : undefined;
  const text = toolCalls
    ? null
    : reply.kind === 'content'
      ? toText(reply.content)
      : reply.kind === 'refusal'
        ? null
        : '';
  const refusal = reply.kind === 'refusal' ? reply.refusal : null;
  const usage = billedUsage(
    reply.usage,
    promptTokens,
    () => countTextTokens(text ?? refusal ?? JSON.stringify(toolCalls ?? '')),
    imageTokens,
  );
  call.usage = usage;
  finish(200);
  const finishReason = reply.kind === 'content' ? (reply.finishReason ?? 'stop') : 'stop';
  const payload = completionBody({ model, content: text, refusal, finishReason, ...usage });
  if (toolCalls) {
    const choice = (payload.choices as { message: Record<string, unknown>; finish_reason: string }[])[0]!;
    choice.message.tool_calls = toolCalls.map((call, index) => ({
      id: `call_${index + 1}`,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
    choice.finish_reason = 'tool_calls';
  }
  if (reply.kind === 'no_choices') {
    if (reply.choices === 'empty') payload.choices = [];
    else delete payload.choices;
  }
  if (reply.kind === 'content' && reply.wireUsage !== undefined) {
    if (reply.wireUsage === null) delete payload.usage;
    else payload.usage = reply.wireUsage;
  }
  sendJson(res, 200, payload);
}

/** Decide the reply: request-level faults first (bad JSON, key, model, streaming), then the script. */
async function chooseReply(
  state: FakeState,
  authorization: string | undefined,
  body: unknown,
  model: string,
  promptTokens: number,
): Promise<FakeReply> {
  if (body === null || typeof body !== 'object') {
    return { kind: 'error', status: 400, message: 'We could not parse the JSON body of your request.' };
  }
  if (state.options.apiKey !== undefined && authorization !== `Bearer ${state.options.apiKey}`) {
    return { kind: 'error', status: 401 };
  }
  const model_ = state.models.get(model);
  if (!model_) return { kind: 'error', status: 404, code: 'model_not_found' };
  if ((body as { stream?: unknown }).stream === true) {
    return { kind: 'error', status: 400, message: 'The fake provider does not implement stream: true.' };
  }
  const callIndex = model_.callIndex++;
  const { behavior } = model_;
  try {
    if (typeof behavior === 'function') return await behavior({ model, body, callIndex, promptTokens });
    if (!Array.isArray(behavior)) return behavior;
    const queued = behavior[Math.min(callIndex, behavior.length - 1)];
    return queued ?? { kind: 'error', status: 500, message: `Empty reply queue for model ${model}` };
  } catch (err) {
    return { kind: 'error', status: 500, message: `Fake behaviour for ${model} threw: ${String(err)}` };
  }
}

/**
 * One line of a batch, answered by the model's script as a chat call would be. The batch was created with the
 * key, so no key is checked here; a hang or reset has no meaning inside a batch and becomes a 500 line.
 */
export async function answerLine(state: FakeState, body: unknown) {
  const b = (body ?? {}) as Record<string, unknown>;
  const model = typeof b.model === 'string' ? b.model : '';
  const promptTokens = countPromptTokens(body);
  const reply = await chooseReply(state, `Bearer ${state.options.apiKey ?? ''}`, body, model, promptTokens);
  if (reply.kind === 'error') return { status: reply.status, body: errorBody(reply, model, promptTokens) };
  if (reply.kind === 'hang' || reply.kind === 'reset' || reply.kind === 'huge') {
    const error = { kind: 'error' as const, status: 500 };
    return { status: 500, body: errorBody(error, model, promptTokens) };
  }
  const text = reply.kind === 'content' ? toText(reply.content) : reply.kind === 'refusal' ? null : '';
  const refusal = reply.kind === 'refusal' ? reply.refusal : null;
  const usage = billedUsage(reply.usage, promptTokens, () => countTextTokens(text ?? refusal ?? ''));
  const finishReason = reply.kind === 'content' ? (reply.finishReason ?? 'stop') : 'stop';
  const payload = completionBody({ model, content: text, refusal, finishReason, ...usage });
  if (reply.kind === 'no_choices') delete payload.choices;
  return { status: 200, body: payload, usage };
}

/** What the provider bills for a call: scripted counts, else its own count. */
function billedUsage(
  scripted: FakeUsage | undefined,
  promptTokens: number,
  completionTokens: () => number,
  imageTokens = 0,
) {
  return {
    promptTokens: scripted?.promptTokens ?? promptTokens,
    completionTokens: scripted?.completionTokens ?? completionTokens(),
    cachedTokens: scripted?.cachedTokens ?? 0,
    ...(imageTokens > 0 && scripted?.promptTokens === undefined && { imageTokens }),
  };
}

function toText(content: unknown): string {
  return typeof content === 'string' ? content : JSON.stringify(content);
}
