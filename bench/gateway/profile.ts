/**
 * `npm run bench:gateway -- --profile [--rounds N] [--separate]`: where one gateway request's time goes. The gateway
 * runs in this process (so its steps can be timed), its worker too (`--separate`: in another process, as
 * `serve --address` with a worker) on a fresh dev server; requests go one at a time, and each
 * is split by the client's clock, the gateway's own marks and the server's history event times (same machine, same
 * clock) into the round trips listed in PROFILE_PHASES. Prints one table per mode beside a direct SDK call and the
 * dev server's bare round trip (a GetSystemInfo call).
 */
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import OpenAI from 'openai';
import type { AddressInfo } from 'node:net';
import { parseGatewayConfig } from '../../gateway/config';
import { startGateway } from '../../gateway/server';
import { allModels, benchCatalog } from '../setup/fixtures';
import { startCascadeWorker, startTemporal, type WorkerTuning } from '../setup/temporal-env';
import { directSystem } from '../systems/direct';
import { MAX_TOKENS, RESPONSE_FORMAT, messagesFor, nextMarker } from '../systems/request';
import { startUpstream } from '../upstream/upstream';
import { loadavg } from 'node:os';
import { wallClockMs } from '../profile/history-phases';
import { phasesOf, type Marks } from './phases';
import { spawnChild, waitForLine } from '../util/child';
import { round, summarize } from '../util/stats';

export async function profileGateway(argv: string[], log: (line: string) => void): Promise<void> {
  const index = argv.indexOf('--rounds');
  const rounds = index >= 0 ? Number(argv[index + 1]) : 60;
  const stops: Array<() => Promise<void>> = [];
  try {
    const upstream = await startUpstream(Object.fromEntries(allModels().map((m) => [m.id, m.spec])));
    stops.push(() => upstream.stop());
    const temporal = await startTemporal(log);
    stops.push(() => temporal.close());
    const catalog = benchCatalog(upstream.baseURL);
    const taskQueue = 'bench-gateway-profile';
    let marks: Marks = {};
    const mark = (name: string) => (marks[name] = wallClockMs());
    // Each activity's run (planning, the provider call) as the worker sees it: local activities leave no history event.
    const activityMarks: ActivityInterceptorsFactory = (context) => ({
      inbound: {
        execute: async (input, next) => {
          const name = context.info.activityType;
          mark(`worker starts ${name}`);
          try {
            return await next(input);
          } finally {
            mark(`worker ends ${name}`);
          }
        },
      },
    });
    // `--separate`: the worker in another process (`serve --address`), its steps seen only in the history.
    const separate = argv.includes('--separate');
    const tuningAt = argv.indexOf('--worker-tuning');
    const tuning = tuningAt >= 0 ? argv[tuningAt + 1]! : '{}';
    if (separate) {
      const child = spawnChild(process.execPath, [
        require.resolve('./serve-main'),
        upstream.baseURL,
        temporal.server.address,
        taskQueue,
        'worker',
        tuning,
      ]);
      stops.push(() => child.stop());
      await waitForLine(child, (line) => (line.includes('"worker"') ? true : undefined), 60_000, 'worker');
    } else {
      const worker = await startCascadeWorker(temporal, catalog, taskQueue, {
        ...(JSON.parse(tuning) as WorkerTuning),
        interceptors: { activity: [activityMarks] },
      });
      stops.push(() => worker.stop());
    }
    const timed: WorkflowClientInterceptor = {
      start: async (input, next) => {
        mark('startSent');
        try {
          // Eager start needs the worker on the client's connection: in-process only.
          return await next(separate ? input : { ...input, options: { ...input.options, requestEagerStart: true } });
        } finally {
          mark('startReturned');
        }
      },
    };
    const connection = separate ? temporal.client.connection : temporal.native;
    const client = new Client({ connection, interceptors: { workflow: [timed] } });
    const result = client.workflow.result.bind(client.workflow);
    client.workflow.result = async (...args: Parameters<typeof result>) => {
      mark('resultSent');
      try {
        return await result(...args);
      } finally {
        mark('resultReturned');
      }
    };
    const config = parseGatewayConfig({ maxRequestUsd: 1000 }, 'bench');
    const gateway = await startGateway({ client, catalog, taskQueue, config }, { host: '127.0.0.1', port: 0 });
    stops.push(() => gateway.close());
    gateway.server.prependListener('request', () => mark('arrived'));
    const port = (gateway.server.address() as AddressInfo).port;
    const openai = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'unused', maxRetries: 0 });
    const direct = directSystem(upstream.baseURL);

    const rows = new Map<string, number[]>();
    const add = (name: string, ms: number) => rows.set(name, [...(rows.get(name) ?? []), ms]);
    const rpc = async () => {
      const t = performance.now();
      await temporal.native.workflowService.getSystemInfo({});
      return performance.now() - t;
    };
    for (let r = -10; r < rounds; r += 1) {
      const d = await direct.call({ route: 'o0', marker: nextMarker('profile') });
      const rpcMs = await rpc();
      if (r >= 0) {
        add('direct: openai SDK call', d.ms);
        add('dev server: one GetSystemInfo round trip', rpcMs);
      }
      for (const mode of ['latency', 'durable'] as const) {
        marks = {};
        mark('sent');
        const { response } = await openai.chat.completions
          .create(
            {
              model: 'cascade/o0',
              messages: messagesFor({ route: 'o0', marker: nextMarker('profile') }),
              response_format: RESPONSE_FORMAT,
              max_tokens: MAX_TOKENS,
            },
            { headers: { 'x-cascade-mode': mode } },
          )
          .withResponse();
        mark('received');
        const workflowId = response.headers.get('x-cascade-workflow-id')!;
        if (r < 0) continue;
        const history = await client.workflow.getHandle(workflowId).fetchHistory();
        for (const [phase, ms] of Object.entries(phasesOf(marks, history))) add(`${mode}: ${phase}`, ms);
      }
      if (r % 20 === 0) log(`round ${r}/${rounds}`);
    }
    const table = [
      '| step | p50 ms | p95 ms |',
      '| --- | ---: | ---: |',
      ...[...rows.entries()].map(([name, values]) => {
        const s = summarize(values);
        return `| ${name} | ${round(s.p50)} | ${round(s.p95)} |`;
      }),
    ].join('\n');
    process.stdout.write(
      `\nWhere a gateway request's time goes (${rounds} requests per mode, one at a time, worker ${separate ? 'in another process' : 'in-process'}, ` +
        `load average ${loadavg()[0]!.toFixed(2)}):\n\n${table}\n\nEach step runs from one mark to the next in time order (server: the history's event times).\n`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}
