/**
 * The simulated provider in-process: a `fetch` that answers the simulated catalog's providers (baseURL host
 * `simulated.invalid`) with OpenAI's wire format, without a socket, and passes every other request to the real
 * fetch. Each model plays its tier's profile (`tier-profiles.ts`: pass rate, broken JSON, 503s, 429s with
 * Retry-After) at a tenth of the demo's latency, seeded, so a first run is quick, shows escalations and failovers,
 * and is billed from the real prompt and answer tokens at the catalog's prices.
 */
import { countMedia } from './fake-media';
import { SIMULATED_HOST } from '../catalog/node/simulated';
import type { Catalog } from '../catalog/types';
import type { FakeBehavior, FakeReply } from './fake-types';
import { completionBody, countPromptTokens, countTextTokens, errorBody } from './openai-wire';
import { simulatedBehavior, type SimProfile } from './simulated-provider';
import { TIER_PROFILES } from './tier-profiles';

/** Options of {@link simulatedFetch}. */
export interface SimulatedFetchOptions {
  /** Seeds every model's answers. @default 7 */
  seed?: number;
  /** Where requests to other hosts go. @default globalThis.fetch */
  fallback?: typeof fetch;
}

/** The latency of the demo's profiles divided by this: quick enough for a first run, long enough to show. */
const LATENCY_DIVISOR = 10;

/** A `fetch` answering the simulated providers of `catalog` in-process, and anything else with `fallback`. */
export function simulatedFetch(catalog: Catalog, options: SimulatedFetchOptions = {}): typeof fetch {
  const fallback = options.fallback ?? globalThis.fetch;
  const behaviors = new Map<string, { behavior: FakeBehavior; calls: number }>();
  const profiles = modelProfiles(catalog);
  // What each model reads and how it bills images and PDF pages (catalog/media.ts), by the model id sent.
  const media = new Map(Object.values(catalog.models).map((m) => [m.model, m.reads?.length ? m.media : undefined]));
  const behaviorOf = (model: string) => {
    let state = behaviors.get(model);
    if (!state) {
      const profile = profiles.get(model) ?? TIER_PROFILES.economy!;
      const latencyMs = profile.latencyMs && {
        mean: profile.latencyMs.mean / LATENCY_DIVISOR,
        jitter: profile.latencyMs.jitter / LATENCY_DIVISOR,
      };
      state = { behavior: simulatedBehavior({ ...profile, latencyMs, seed: options.seed ?? 7 }), calls: 0 };
      behaviors.set(model, state);
    }
    return state;
  };

  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== SIMULATED_HOST) return fallback(input, init);
    if (!url.pathname.replace(/\/+$/, '').endsWith('/chat/completions')) {
      return json(404, {
        error: {
          message: `The simulated provider answers chat completions only, not ${url.pathname}`,
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      });
    }
    const text = input instanceof Request ? await input.text() : String(init?.body ?? '');
    const body = JSON.parse(text) as { model?: unknown };
    const model = typeof body.model === 'string' ? body.model : '';
    const counted = await countMedia(body, media.get(model));
    if ('refused' in counted) return respond({ kind: 'error', status: 400, message: counted.refused }, model, 0);
    const promptTokens = countPromptTokens(body) + counted.tokens;
    const state = behaviorOf(model);
    const behavior = state.behavior as (context: object) => FakeReply;
    const reply = behavior({ model, body, callIndex: state.calls++, promptTokens });
    if ('delayMs' in reply && reply.delayMs) await sleep(reply.delayMs, init?.signal ?? undefined);
    return respond(reply, model, promptTokens, counted.tokens);
  };
}

/** Each model's profile: the one of the first tier that lists it (economy for models in no route). */
function modelProfiles(catalog: Catalog): Map<string, SimProfile> {
  const profiles = new Map<string, SimProfile>();
  for (const route of Object.values(catalog.routes)) {
    route.tiers.forEach((tier, index) => {
      const position = index === 0 ? 'economy' : index === route.tiers.length - 1 ? 'premium' : 'standard';
      const profile = TIER_PROFILES[tier.name] ?? TIER_PROFILES[position]!;
      for (const ref of tier.candidates) {
        const model = catalog.models[ref]?.model;
        if (model !== undefined && !profiles.has(model)) profiles.set(model, profile);
      }
    });
  }
  return profiles;
}

/** The HTTP response the real API would send for `reply` (the simulated profiles only script these kinds). */
function respond(reply: FakeReply, model: string, promptTokens: number, imageTokens = 0): Response {
  if (reply.kind === 'error') {
    return json(reply.status, errorBody(reply, model, promptTokens), reply.headers);
  }
  const content = reply.kind === 'content' ? reply.content : '';
  const text = reply.kind === 'refusal' ? null : typeof content === 'string' ? content : JSON.stringify(content);
  const refusal = reply.kind === 'refusal' ? reply.refusal : null;
  const usage = 'usage' in reply ? reply.usage : undefined;
  const finishReason = reply.kind === 'content' ? (reply.finishReason ?? 'stop') : 'stop';
  return json(
    200,
    completionBody({
      model,
      content: text,
      refusal,
      finishReason,
      promptTokens: usage?.promptTokens ?? promptTokens,
      completionTokens: usage?.completionTokens ?? countTextTokens(text ?? refusal ?? ''),
      cachedTokens: usage?.cachedTokens ?? 0,
      ...(usage?.promptTokens === undefined && imageTokens > 0 && { imageTokens }),
    }),
  );
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** Waits `ms`, or until `signal` aborts (the activity was cancelled or timed out), then throws like fetch would. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
