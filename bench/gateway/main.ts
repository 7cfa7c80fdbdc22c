/**
 * `npm run bench:gateway [-- --rounds N] [-- --no-peers] [-- --no-separate] [-- --no-eager-row] [-- --profile]`: what the front door (`llm-cascade serve`) adds over the
 * openai SDK calling the upstream directly, in its durable mode (activities) and its latency mode (local
 * activities), beside Portkey's gateway and LiteLLM's proxy server over HTTP, all on the same fake upstream at
 * 0 ms latency, interleaved round by round, with the worker in the gateway's process (`serve --with-worker`) and in
 * another one (`serve --address` + a worker). Prints a table and writes bench/results/gateway.json. `--profile`:
 * where one request's time goes instead (profile.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import OpenAI from 'openai';
import { ensureLiteLLMProxy, ensurePortkey, BENCH_DIR } from '../peers/install';
import { startLiteLLMProxy } from '../peers/litellm-proxy';
import { startPortkey } from '../peers/portkey';
import { allModels } from '../setup/fixtures';
import { startTemporal } from '../setup/temporal-env';
import { directSystem } from '../systems/direct';
import { MAX_TOKENS, RESPONSE_FORMAT, messagesFor, type BenchSystem } from '../systems/request';
import { startUpstream } from '../upstream/upstream';
import { profileGateway } from './profile';
import { spawnChild, waitForLine, type BenchChild } from '../util/child';
import { interleave } from '../util/interleave';
import { finishMachineInfo, machineInfo } from '../util/machine';
import { round, summarize } from '../util/stats';

/** The goals: at most this much added p50 on the dev server, ms (issue 28: latency ≤ 10, durable ≤ 40). */
const TARGET_ADDED_P50_MS = { latency: 10, durable: 40 };

function gatewaySystem(url: string, mode: 'durable' | 'latency', separate = false): BenchSystem {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
  return {
    key: `gateway-${mode}${separate ? '-separate' : ''}`,
    label:
      `llm-cascade serve, ${mode} mode${mode === 'latency' ? ' (local activities)' : ' (activities)'}` +
      (separate ? ', worker in another process' : ', worker in-process'),
    async call(request) {
      const started = performance.now();
      try {
        const { data, response } = await client.chat.completions
          .create(
            {
              model: `cascade/${request.route}`,
              messages: messagesFor(request),
              response_format: RESPONSE_FORMAT,
              max_tokens: MAX_TOKENS,
            },
            { headers: { 'x-cascade-mode': mode } },
          )
          .withResponse();
        const cost = Number(response.headers.get('x-cascade-cost-usd'));
        return { ms: performance.now() - started, ok: true, reportedCostUsd: cost, finalModel: data.model };
      } catch (error) {
        return { ms: performance.now() - started, ok: false, error: String(error), reportedCostUsd: null };
      }
    },
  };
}

/** A `serve-main` child: gateway and worker (`both`), the gateway alone or a worker alone, on `taskQueue`. */
async function startServeChild(
  baseURL: string,
  address: string,
  taskQueue: string,
  part: 'both' | 'both-no-eager' | 'gateway' | 'worker',
): Promise<{ child: BenchChild; url: string }> {
  const child = spawnChild(process.execPath, [require.resolve('./serve-main'), baseURL, address, taskQueue, part]);
  const url = await waitForLine(
    child,
    (line) => {
      try {
        const ready = JSON.parse(line) as { url?: string; worker?: boolean };
        return ready.url ?? (ready.worker ? '' : undefined);
      } catch {
        return undefined;
      }
    },
    60_000,
    `serve (${part})`,
  );
  return { child, url };
}

function option(argv: string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}

async function run(argv: string[]): Promise<void> {
  if (argv.includes('--profile')) {
    const began = Date.now();
    return profileGateway(argv, (line) =>
      process.stderr.write(`[bench:gateway:profile +${((Date.now() - began) / 1000).toFixed(0)}s] ${line}\n`),
    );
  }
  const rounds = Number(option(argv, '--rounds') ?? 200);
  const warmup = Number(option(argv, '--warmup') ?? 20);
  const peers = !argv.includes('--no-peers');
  const started = Date.now();
  const log = (line: string) =>
    process.stderr.write(`[bench:gateway +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
  const machine = machineInfo();
  const stops: Array<() => Promise<void>> = [];
  try {
    const upstream = await startUpstream(Object.fromEntries(allModels().map((m) => [m.id, m.spec])));
    stops.push(() => upstream.stop());
    const temporal = await startTemporal(log);
    stops.push(() => temporal.close());
    const address = temporal.server.address;
    const gateway = await startServeChild(upstream.baseURL, address, 'bench-gateway', 'both');
    stops.push(() => gateway.child.stop());
    const systems: BenchSystem[] = [
      directSystem(upstream.baseURL),
      gatewaySystem(gateway.url, 'durable'),
      gatewaySystem(gateway.url, 'latency'),
    ];
    if (argv.includes('--no-eager-row')) {
      // The in-process gateway without eager start: `serve --with-worker` before it shared the worker's connection.
      const lazy = await startServeChild(upstream.baseURL, address, 'bench-gateway-no-eager', 'both-no-eager');
      stops.push(() => lazy.child.stop());
      for (const mode of ['durable', 'latency'] as const) {
        const system = gatewaySystem(lazy.url, mode);
        systems.push({ ...system, key: `${system.key}-no-eager`, label: `${system.label}, no eager start` });
      }
    }
    if (!argv.includes('--no-separate')) {
      // `serve --address` with `llm-cascade worker` in another process: no eager start, every hop over the server.
      const worker = await startServeChild(upstream.baseURL, address, 'bench-gateway-separate', 'worker');
      stops.push(() => worker.child.stop());
      const front = await startServeChild(upstream.baseURL, address, 'bench-gateway-separate', 'gateway');
      stops.push(() => front.child.stop());
      systems.push(gatewaySystem(front.url, 'durable', true), gatewaySystem(front.url, 'latency', true));
    }
    const unavailable: Record<string, string> = {};
    if (peers) {
      const portkeyStatus = await ensurePortkey(log);
      if (portkeyStatus.available) {
        const portkey = await startPortkey(portkeyStatus.dir, upstream.baseURL);
        stops.push(() => portkey.stop());
        systems.push(portkey.gateway);
      } else unavailable.portkey = portkeyStatus.reason;
      const litellmStatus = await ensureLiteLLMProxy(log);
      if (litellmStatus.available) {
        const proxy = await startLiteLLMProxy(litellmStatus.dir, upstream.baseURL).catch((error: unknown) => {
          unavailable['litellm-proxy'] = `did not start: ${(error as Error).message.split('\n')[0]}`;
          return undefined;
        });
        if (proxy) {
          stops.push(() => proxy.stop());
          systems.push(proxy.system);
        }
      } else unavailable['litellm-proxy'] = litellmStatus.reason;
    }
    log(`${systems.length} systems × ${rounds} rounds (+${warmup} warm-up), interleaved, 0 ms upstream latency…`);
    const results = await interleave(systems, {
      route: 'o0',
      warmupRounds: warmup,
      rounds,
      onRound: (r) => r % 50 === 0 && log(`round ${r}/${rounds}`),
    });
    const direct = summarize(
      results
        .get('direct')!
        .filter((r) => r.ok)
        .map((r) => r.ms),
    );
    const rows = systems.map((system) => {
      const all = results.get(system.key)!;
      const s = summarize(all.filter((r) => r.ok).map((r) => r.ms));
      return {
        key: system.key,
        label: system.label,
        n: all.filter((r) => r.ok).length,
        errors: all.filter((r) => !r.ok).length,
        p50: round(s.p50),
        p95: round(s.p95),
        addedP50: round(s.p50 - direct.p50),
        addedP95: round(s.p95 - direct.p95),
        ...(all.some((r) => !r.ok) && { firstError: all.find((r) => !r.ok)!.error?.slice(0, 300) }),
      };
    });
    const table = [
      '| system | n | errors | p50 ms | p95 ms | added p50 ms | added p95 ms |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows.map((r) =>
        [
          r.label,
          r.n,
          r.errors,
          r.p50,
          r.p95,
          r.key === 'direct' ? '–' : r.addedP50,
          r.key === 'direct' ? '–' : r.addedP95,
        ]
          .join(' | ')
          .replace(/^/, '| ')
          .concat(' |'),
      ),
      ...Object.entries(unavailable).map(([key, reason]) => `| ${key} | unavailable: ${reason} | | | | | |`),
    ].join('\n');
    const goals = rows
      .filter((r) => r.key.startsWith('gateway-'))
      .map((r) => {
        const goal = TARGET_ADDED_P50_MS[r.key.includes('latency') ? 'latency' : 'durable'];
        return `${r.key}: added p50 ${r.addedP50} ms (goal ≤ ${goal} ms${r.addedP50 <= goal ? ', met' : ''})`;
      });
    process.stdout.write(`\n${table}\n\nload average ${loadavg()[0]!.toFixed(2)}\n${goals.join('\n')}\n`);
    const out = option(argv, '--out') ?? join(BENCH_DIR, 'results', 'gateway.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(
      out,
      `${JSON.stringify({ rounds, warmup, rows, unavailable, targetAddedP50Ms: TARGET_ADDED_P50_MS, machine: finishMachineInfo(machine) }, null, 2)}\n`,
    );
    log(`done; results in ${relative(process.cwd(), out)}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

run(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
