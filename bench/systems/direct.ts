/** The baseline: the openai SDK calling the upstream directly, no routing, no durability, no validation. */
import OpenAI from 'openai';
import { ROUTES } from '../setup/fixtures';
import { MAX_TOKENS, RESPONSE_FORMAT, messagesFor, type BenchSystem } from './request';

/** Calls the first model of the request's route, once; a failure is reported, not retried (maxRetries 0). */
export function directSystem(baseURL: string): BenchSystem {
  const client = new OpenAI({ baseURL, apiKey: 'sk-bench', maxRetries: 0 });
  return {
    key: 'direct',
    label: 'openai SDK, direct',
    async call(request) {
      const model = ROUTES[request.route][0]![0]!.id;
      const started = performance.now();
      try {
        const completion = await client.chat.completions.create({
          model,
          messages: messagesFor(request),
          response_format: RESPONSE_FORMAT,
          max_tokens: MAX_TOKENS,
        });
        return { ms: performance.now() - started, ok: true, reportedCostUsd: null, finalModel: completion.model };
      } catch (error) {
        return { ms: performance.now() - started, ok: false, error: String(error), reportedCostUsd: null };
      }
    },
  };
}
