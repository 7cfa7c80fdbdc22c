// Fault-injection suite — one batch through a scripted storm: bursts of 503 and 429, connection resets, hanging calls,
// a worker kill -9 and a dev-server restart. Run alone with `npm run test:faults`; it is part of `npm test` too.
import {
  duplicates,
  readLines,
  request,
  waitFor,
  writeItems,
  type ErrorLine,
  type ResultLine,
} from '../integration/batch-env';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startBatch } from '../../client/batch-client';
import { parseCatalog } from '../../catalog/node/parse';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { estimateAbandoned } from '../../activities/cascade/estimate-usage';
import type { DevServer } from '../../server/dev-server';
import {
  startFakeProvider,
  type FakeCall,
  type FakeCallContext,
  type FakeProvider,
  type FakeReply,
} from '../../sim/fake-provider';
import { testCatalogJson, type CascadeEnvOptions } from '../helpers/cascade-env';
import { spawnCli, tempFiles } from '../helpers/cli';
import { startServerInPlace } from '../helpers/server-in-place';
import { answer, documentOfCall, type ItemKind } from '../integration/batch-env';

const ITEMS = 120;
const CONCURRENCY = 12;
const BUDGET_USD = 1;
const PRICES: Record<string, [number, number]> = { small: [0.1, 0.4], small2: [0.2, 0.6], medium: [1, 4] };

/** The storm, by the provider's global call count: which fault (if any) call `n` to `model` gets. */
function stormFault(n: number, model: string): FakeReply | undefined {
  if (n >= 20 && n < 45 && model === 'small') return { kind: 'error', status: 503 };
  if (n >= 70 && n < 100) return { kind: 'error', status: 429, headers: { 'retry-after': '1' } };
  if (n % 29 === 0) return { kind: 'reset' };
  if (n % 41 === 0) return { kind: 'hang' };
  return undefined;
}

function stormy(passes: ItemKind[], counter: { n: number; faults: Record<string, number> }) {
  const reply = answer(passes, 20);
  return (ctx: FakeCallContext): FakeReply => {
    const fault = stormFault(++counter.n, ctx.model);
    if (fault) {
      const name = fault.kind === 'error' ? String(fault.status) : fault.kind;
      counter.faults[name] = (counter.faults[name] ?? 0) + 1;
      return fault;
    }
    return reply(ctx);
  };
}

/** What the worker records for a call that timed out: the estimate rule on the request it sent. */
function estimateOf(call: FakeCall): number {
  const [input, output] = PRICES[call.model]!;
  const price = { inputUsdPerMTok: input, outputUsdPerMTok: output, source: 'test', effectiveFrom: '2025-01-01' };
  return estimateAbandoned(call.body as ChatCompletionCreateParamsNonStreaming, { price, maxOutputTokens: 1_000 })!
    .costMicroUsd;
}

function costMicro(call: FakeCall): number {
  const [input, output] = PRICES[call.model]!;
  return call.usage!.promptTokens * input + call.usage!.completionTokens * output;
}

describe('fault storm: one batch through bursts, resets, hangs, a worker kill -9 and a server restart', () => {
  const files = tempFiles({});
  let server: DevServer;
  let provider: FakeProvider;
  const counter = { n: 0, faults: {} as Record<string, number> };
  const workers: ReturnType<typeof spawnCli>[] = [];

  before(async () => {
    // Serial for its tight timing (3 s call timeouts, at most CONCURRENCY answers re-sent), not for its port: one the
    // kernel never hands out by itself, so no connection takes it while the server is down (test/helpers/ports.ts).
    server = await startServerInPlace(files.dir);
    provider = await startFakeProvider();
  });
  after(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await provider.close();
    await server.stop();
  });

  it('every item exactly once, no answered call re-sent but those in flight at the kill, ledger = bill, budget held', async () => {
    const options: CascadeEnvOptions = {
      name: 'storm',
      tiers: [
        [
          'economy',
          [
            { ref: 'ecoA/small', behavior: stormy(['ok'], counter), inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4 },
            { ref: 'ecoB/small2', behavior: stormy(['ok'], counter), inputUsdPerMTok: 0.2, outputUsdPerMTok: 0.6 },
          ],
        ],
        [
          'standard',
          [
            {
              ref: 'std/medium',
              behavior: stormy(['ok', 'escalate'], counter),
              inputUsdPerMTok: 1,
              outputUsdPerMTok: 4,
            },
          ],
        ],
      ],
      tierDefaults: { timeoutMs: 3_000, triesPerCandidate: 2 },
    };
    const catalogJson = testCatalogJson(provider.baseURL, options);
    const catalog = parseCatalog(catalogJson, 'storm catalog');
    for (const [, models] of options.tiers) for (const m of models) provider.setModel(m.ref.split('/')[1]!, m.behavior);
    const taskQueue = 'storm';
    const config = join(files.dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ...catalogJson, temporal: { taskQueue } }));
    const startWorker = () => {
      const worker = spawnCli(['worker', '--config', config, '--address', server.address]);
      workers.push(worker);
      return worker;
    };
    startWorker();

    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: server.namespace });
    const out = join(files.dir, 'out.jsonl');
    const input = writeItems(files.dir, ITEMS, (n) => (n % 5 === 0 ? 'escalate' : 'ok'));
    const started = Date.now();
    const batch = await startBatch(
      client,
      request(input, out, { batchId: 'storm', concurrency: CONCURRENCY, maxCostUsd: BUDGET_USD }),
      { catalog, taskQueue },
    );

    await waitFor(() => readLines(out).length >= 40, 'a third of the batch', 300_000);
    const killed = workers[0]!;
    killed.kill('SIGKILL');
    await new Promise((resolve) => killed.once('exit', resolve));
    const callsAtKill = provider.calls.length;
    startWorker();

    await waitFor(() => readLines(out).length >= 80, 'two thirds of the batch', 300_000);
    await server.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    server = await startServerInPlace(files.dir, server.port);

    const report = await batch.result();
    const seconds = (Date.now() - started) / 1000;
    await connection.close();
    const results = readLines<ResultLine>(out);
    const errors = readLines<ErrorLine>(join(files.dir, 'out.errors.jsonl'));

    // Every item exactly once, all of them ok: no fault of the storm is terminal.
    assert.equal(report.status, 'completed');
    assert.deepEqual(duplicates(results.map((r) => r.id)), []);
    assert.equal(results.length, ITEMS, `${results.length} results; errors: ${JSON.stringify(errors.slice(0, 2))}`);
    assert.ok(callsAtKill < provider.calls.length, 'the kill happened mid-batch');

    // A (model, document) pair answered with 200 twice means a completed attempt was sent again. Only a call in flight
    // at the kill may be: its answer went to a dead worker, so Temporal ran that attempt once more.
    const answered = provider.calls.filter((c) => c.status === 200 && c.usage);
    const byPair = new Map<string, FakeCall[]>();
    for (const call of answered) {
      const key = `${call.model}|${documentOfCall(call.body)}`;
      byPair.set(key, [...(byPair.get(key) ?? []), call]);
    }
    const resent = [...byPair.values()].filter((calls) => calls.length > 1);
    assert.ok(
      resent.length <= CONCURRENCY,
      `${resent.length} answered calls re-sent (at most the ${CONCURRENCY} in flight)`,
    );

    // Ledger = bill, less only the answers that reached a dead worker (re-sent above, billed twice by the provider),
    // plus the estimates of the calls that timed out (a provider may bill them: catalog/abandoned.ts; this fake's hang
    // generates nothing, so they are the ledger's margin above its meter). A timed-out call whose failure never
    // reached the server (the kill, the server's restart) was retried by Temporal and is in no ledger: so the files
    // lie between the bill and the bill plus every timed-out call's estimate.
    const billMicro = answered.reduce((sum, call) => sum + costMicro(call), 0);
    const lostMicro = resent.reduce((sum, calls) => sum + calls.slice(0, -1).reduce((s, c) => s + costMicro(c), 0), 0);
    const timedOut = provider.calls.filter((call) => call.reply === 'hang' && (call.durationMs ?? 0) >= 2_900);
    // A try whose answer reached the killed worker timed out on the server's clock: the workflow priced it as an
    // estimate too (never below its reservation), before the re-sent call answered.
    const deadTries = resent.flatMap((calls) => calls.slice(0, -1));
    const abandonedMicro = [...timedOut, ...deadTries].reduce((sum, call) => sum + estimateOf(call), 0);
    const filesMicro = [...results, ...errors].reduce((sum, line) => sum + line.costMicroUsd, 0);
    const tolerance = answered.length + timedOut.length + deadTries.length; // ±1 µ$ a call
    assert.ok(
      filesMicro >= billMicro - lostMicro - tolerance &&
        filesMicro <= billMicro - lostMicro + abandonedMicro + tolerance,
      `files ${filesMicro} µ$ within bill ${billMicro} − lost at the kill ${lostMicro} (+ up to ${timedOut.length} timed-out calls' and ${deadTries.length} dead tries' estimates ${abandonedMicro})`,
    );
    assert.equal(report.costMicroUsd, filesMicro, 'the report adds up to the files');
    assert.ok(billMicro / 1e6 <= BUDGET_USD, 'budget held');

    const figures = {
      items: ITEMS,
      concurrency: CONCURRENCY,
      seconds: Math.round(seconds),
      providerCalls: provider.calls.length,
      faultsInjected: counter.faults,
      workerKilled: 1,
      serverRestarted: 1,
      answeredCallsResent: resent.length,
      billUsd: billMicro / 1e6,
      ledgerUsd: filesMicro / 1e6,
      timedOutEstimatedUsd: abandonedMicro / 1e6,
      lostToDeadWorkerUsd: lostMicro / 1e6,
      budgetUsd: BUDGET_USD,
    };
    mkdirSync('test-output', { recursive: true });
    writeFileSync('test-output/fault-storm.json', `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`fault storm: ${JSON.stringify(figures)}`);
  });
});
