/** The baselines' activities: nothing at all, or one plain SDK call with no validation, pricing or logging. */
import OpenAI from 'openai';

export interface SdkCallInput {
  baseURL: string;
  model: string;
  messages: Array<{ role: 'system' | 'user'; content: string }>;
  responseFormat: OpenAI.ResponseFormatJSONSchema;
  maxTokens: number;
}

const clients = new Map<string, OpenAI>();

export const baselineActivities = {
  async noop(input: string): Promise<string> {
    return input;
  },
  async sdkCall(input: SdkCallInput): Promise<string> {
    let client = clients.get(input.baseURL);
    if (!client)
      clients.set(input.baseURL, (client = new OpenAI({ baseURL: input.baseURL, apiKey: 'sk-bench', maxRetries: 0 })));
    const completion = await client.chat.completions.create({
      model: input.model,
      messages: input.messages,
      response_format: input.responseFormat,
      max_tokens: input.maxTokens,
    });
    return completion.choices[0]?.message.content ?? '';
  },
};
