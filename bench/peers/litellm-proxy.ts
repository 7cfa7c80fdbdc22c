/**
 * LiteLLM's proxy server (`litellm --config`) as a child process on loopback, called over HTTP with the openai SDK:
 * the peer of `llm-cascade serve`. One model group per benchmark model, pointing at the fake upstream.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { findFreePort } from '../../server/free-port';
import { allModels, priceOf, ROUTES } from '../setup/fixtures';
import { MAX_TOKENS, RESPONSE_FORMAT, messagesFor, type BenchSystem } from '../systems/request';
import { spawnChild } from '../util/child';

export interface LiteLLMProxyPeer {
  system: BenchSystem;
  stop(): Promise<void>;
}

/** The proxy's config as YAML (JSON is valid YAML): every benchmark model, with our prices. */
function proxyConfig(baseURL: string): string {
  return JSON.stringify({
    model_list: allModels().map((m) => ({
      model_name: m.id,
      litellm_params: {
        model: `openai/${m.id}`,
        api_base: baseURL,
        api_key: 'sk-bench',
        input_cost_per_token: priceOf(m).inputUsdPerMTok / 1e6,
        output_cost_per_token: priceOf(m).outputUsdPerMTok / 1e6,
      },
    })),
    litellm_settings: { num_retries: 0, drop_params: false, set_verbose: false },
    router_settings: { disable_cooldowns: true },
  });
}

export async function startLiteLLMProxy(installDir: string, baseURL: string): Promise<LiteLLMProxyPeer> {
  const config = join(tmpdir(), `litellm-proxy-${process.pid}.yaml`);
  writeFileSync(config, proxyConfig(baseURL));
  const port = await findFreePort();
  // The proxy refuses to start without a strong master key; clients authenticate with it.
  const masterKey = `sk-${randomBytes(32).toString('hex')}`;
  const child = spawnChild(
    'python3',
    [
      '-c',
      'from litellm.proxy.proxy_cli import run_server; run_server()',
      '--config',
      config,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--num_workers',
      '1',
    ],
    {
      env: {
        ...process.env,
        PYTHONPATH: installDir,
        LITELLM_LOCAL_MODEL_COST_MAP: 'True',
        LITELLM_MASTER_KEY: masterKey,
        LITELLM_LOG: 'ERROR',
        PYTHONUNBUFFERED: '1',
      },
    },
  );
  child.lines.on('line', () => undefined);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.child.exitCode !== null) throw new Error(`LiteLLM proxy exited at start\n${child.stderrTail()}`);
    const up = await fetch(`${base}/health/liveliness`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`LiteLLM proxy did not answer on ${base} within 120 s\n${child.stderrTail()}`);
    }
    await sleep(500);
  }
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: masterKey, maxRetries: 0 });
  return {
    system: {
      key: 'litellm-proxy',
      label: 'LiteLLM proxy server',
      async call(request) {
        const started = performance.now();
        try {
          const { data, response } = await client.chat.completions
            .create({
              model: ROUTES[request.route][0]![0]!.id,
              messages: messagesFor(request),
              response_format: RESPONSE_FORMAT,
              max_tokens: MAX_TOKENS,
            })
            .withResponse();
          const cost = response.headers.get('x-litellm-response-cost');
          return {
            ms: performance.now() - started,
            ok: true,
            reportedCostUsd: cost === null ? null : Number(cost),
            finalModel: data.model,
          };
        } catch (error) {
          return { ms: performance.now() - started, ok: false, error: String(error), reportedCostUsd: null };
        }
      },
    },
    stop: () => child.stop(),
  };
}
