/**
 * The Portkey gateway (npm `@portkey-ai/gateway`, pinned in bench/peers/portkey) as a child process on loopback,
 * called from Node with the openai SDK and an `x-portkey-config` header per request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { findFreePort } from '../../server/free-port';
import { spawnChild } from '../util/child';
import { routeModels, type RouteName } from '../setup/fixtures';
import { INVOICE_SCHEMA } from '../upstream/models';
import { MAX_TOKENS, RESPONSE_FORMAT, messagesFor, type BenchSystem } from '../systems/request';

export interface PortkeyPeer {
  version: string;
  gateway: BenchSystem;
  stop(): Promise<void>;
}

/**
 * Portkey's closest equivalent of a cascade: a fallback strategy over the route's models in order, moving on after
 * 5xx/429 and after 446, the status its output guardrail `default.jsonSchema` (deny) gives a schema-violating
 * answer. No `retry` block: `use_retry_after_header` is broken in the npm build (peers.md 4.1), and the other
 * systems make one try per candidate too.
 */
export function portkeyConfig(route: RouteName, upstreamBaseURL: string) {
  return {
    strategy: { mode: 'fallback', on_status_codes: [446, 429, 500, 502, 503, 504] },
    targets: routeModels(route).map((m) => ({
      provider: 'openai',
      api_key: 'sk-bench',
      custom_host: upstreamBaseURL,
      override_params: { model: m.id },
      output_guardrails: [{ 'default.jsonSchema': { schema: INVOICE_SCHEMA }, deny: true }],
    })),
  };
}

/** Starts the gateway (headless) on a free loopback port and waits until it answers. */
export async function startPortkey(installDir: string, upstreamBaseURL: string): Promise<PortkeyPeer> {
  const packageDir = join(installDir, 'node_modules', '@portkey-ai', 'gateway');
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const port = await findFreePort();
  const child = spawnChild(
    process.execPath,
    [join(packageDir, 'build', 'start-server.js'), '--headless', `--port=${port}`],
    {
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  child.lines.on('line', () => undefined); // drain its console output
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.child.exitCode !== null) throw new Error(`Portkey gateway exited at start\n${child.stderrTail()}`);
    const up = await fetch(`${base}/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await child.stop();
      throw new Error(`Portkey gateway did not answer on ${base} within 30 s\n${child.stderrTail()}`);
    }
    await sleep(200);
  }
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'sk-bench', maxRetries: 0 });
  const configs = new Map<RouteName, string>();
  return {
    version,
    gateway: {
      key: 'portkey',
      label: `Portkey gateway ${version}`,
      async call(request) {
        let config = configs.get(request.route);
        if (!config)
          configs.set(request.route, (config = JSON.stringify(portkeyConfig(request.route, upstreamBaseURL))));
        const started = performance.now();
        try {
          const completion = await client.chat.completions.create(
            {
              model: 'routed-by-config',
              messages: messagesFor(request),
              response_format: RESPONSE_FORMAT,
              max_tokens: MAX_TOKENS,
            },
            { headers: { 'x-portkey-config': config } },
          );
          // Portkey OSS reports no cost: only the final answer's usage comes back.
          return { ms: performance.now() - started, ok: true, reportedCostUsd: null, finalModel: completion.model };
        } catch (error) {
          return { ms: performance.now() - started, ok: false, error: String(error), reportedCostUsd: null };
        }
      },
    },
    stop: () => child.stop(),
  };
}
