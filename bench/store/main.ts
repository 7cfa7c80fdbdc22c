/**
 * `npm run bench:store [-- --rows 1000000] [-- --engines sqlite,postgres] [-- --sqlite-path f.db --pg-url …]`:
 * fills the ledger store with synthetic rows over the last 30 days on each engine, then times the reports people
 * run (median of `--runs`), a writer's throughput, and prints the store's size per million attempt rows.
 * PostgreSQL is a real server started for the run (Debian's package), durable settings, removed after.
 * Method and caveats: bench/README.md ("Ledger store").
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import type { LedgerTarget } from '../../store/config';
import { openLedgerStore, type LedgerStore } from '../../store/store';
import { generateLedger, syntheticOperations, syntheticRequests } from '../../store/synthetic';
import { startPostgres, type PostgresServer } from '../../test/helpers/postgres';
import { finishMachineInfo, machineInfo } from '../util/machine';
import { parseStoreBenchArgs, requestsFor, type StoreBenchOptions } from './args';
import { loadView } from '../../cli/dashboard/api';
import { parseDashboardQuery } from '../../cli/dashboard/params';

const DAY = 86_400_000;

interface EngineResult {
  engine: string;
  requests: number;
  attempts: number;
  generateSeconds: number;
  bytes: number;
  bytesPerMillionAttempts: number;
  timingsMs: Record<string, number>;
  writerRowsPerSecond: number;
}

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm-up: caches, prepared statements, plans
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The queries timed, each as `report`/`tune`/the dashboard would run it. */
function queries(store: LedgerStore, now: number): Record<string, () => Promise<unknown>> {
  const since30 = { sinceMs: now - 30 * DAY };
  const since7 = { sinceMs: now - 7 * DAY };
  return {
    'report --since 30d --by model': () => store.report({ by: 'model', ...since30 }),
    'report --since 30d --by task': () => store.report({ by: 'task', ...since30 }),
    'report --since 30d --by experiment': () => store.experiments(since30),
    'report --since 30d --by tier': () => store.report({ by: 'tier', ...since30 }),
    'report --since 30d --by key': () => store.report({ by: 'key', ...since30 }),
    'report --since 7d --by model --task invoice': () => store.report({ by: 'model', task: 'invoice', ...since7 }),
    'report --since 7d --by session': () => store.report({ by: 'session', ...since7 }),
    'report --since 30d --by user': () => store.report({ by: 'user', ...since30 }),
    'tune inputs --since 30d': () => store.tuneInputs(since30),
    'spend per day, 30d': () => store.spendSeries({ per: 'day', ...since30 }),
    'tier pass/escalation per day, 30d': () => store.tierRates({ per: 'day', ...since30 }),
    'top 20 requests, 30d': () => store.topRequests({ limit: 20, ...since30 }),
    'latest 20 failures, 30d': () => store.failedRequests({ limit: 20, ...since30 }),
    "one workflow's ledger": () => store.requestLedger('synthetic-12345'),
    // What `llm-cascade dashboard` answers when its page opens (its /api/view), on its widest preset.
    'dashboard first view, 30d': () =>
      loadView(
        { db: store.engine, storeName: '', namespace: 'default', keys: [] },
        parseDashboardQuery(new URLSearchParams({ range: '30d' }), now),
      ),
  };
}

async function storeBytes(store: LedgerStore, target: LedgerTarget): Promise<number> {
  if (target.engine === 'postgres') {
    const [row] = await store.engine.all<{ bytes: number }>('SELECT pg_database_size(current_database()) AS bytes');
    return Number(row!.bytes);
  }
  await store.engine.all('PRAGMA wal_checkpoint(TRUNCATE)');
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return size(target.path) + size(`${target.path}-wal`);
}

/** Rows per second through the exactly-once path, in the writer's batch size, of rows new to the store. */
async function writerThroughput(store: LedgerStore, now: number): Promise<number> {
  const operations = [
    ...syntheticRequests({ requests: 10_000, startMs: now - 3_600_000, endMs: now, seed: 99, prefix: 'writer' }),
  ].flatMap(syntheticOperations);
  const started = performance.now();
  for (let index = 0; index < operations.length; index += 500) await store.apply(operations.slice(index, index + 500));
  return Math.round(operations.length / ((performance.now() - started) / 1000));
}

async function benchEngine(
  name: string,
  target: LedgerTarget,
  options: StoreBenchOptions,
  log: (line: string) => void,
): Promise<EngineResult> {
  const store = await openLedgerStore(target);
  try {
    const now = Date.now();
    let generateSeconds = 0;
    if (!options.noGenerate) {
      log(`${name}: generating ~${options.rows} attempt rows`);
      const generated = await generateLedger(store, {
        requests: requestsFor(options.rows),
        startMs: now - 30 * DAY,
        endMs: now,
        onProgress: (done) => {
          if (done % 200_000 === 0) log(`${name}:   ${done} requests`);
        },
      });
      generateSeconds = generated.ms / 1000;
    }
    if (target.engine === 'postgres') await store.engine.run('VACUUM ANALYZE');
    else await store.engine.run('ANALYZE');
    const [counts] = await store.engine.all<{ attempts: number }>('SELECT COUNT(*) AS attempts FROM attempts');
    const [requests] = await store.engine.all<{ n: number }>('SELECT COUNT(*) AS n FROM requests');
    const attempts = Number(counts!.attempts);
    const bytes = await storeBytes(store, target);
    const timingsMs: Record<string, number> = {};
    for (const [label, work] of Object.entries(queries(store, now))) {
      timingsMs[label] = await median(options.runs, work);
      log(`${name}: ${label}: ${timingsMs[label]!.toFixed(1)} ms`);
    }
    const writerRowsPerSecond = await writerThroughput(store, now);
    return {
      engine: name,
      requests: Number(requests!.n),
      attempts,
      generateSeconds,
      bytes,
      bytesPerMillionAttempts: Math.round((bytes / attempts) * 1e6),
      timingsMs,
      writerRowsPerSecond,
    };
  } finally {
    await store.close();
  }
}

function print(results: EngineResult[]): string {
  const table = new Table({ head: ['', ...results.map((r) => r.engine)] });
  const labels = Object.keys(results[0]?.timingsMs ?? {});
  for (const label of labels) table.push([label, ...results.map((r) => `${r.timingsMs[label]!.toFixed(1)} ms`)]);
  table.push(['attempt rows / requests', ...results.map((r) => `${r.attempts} / ${r.requests}`)]);
  table.push(['generated in', ...results.map((r) => (r.generateSeconds ? `${r.generateSeconds.toFixed(0)} s` : '—'))]);
  table.push(['store size', ...results.map((r) => `${(r.bytes / 2 ** 20).toFixed(0)} MiB`)]);
  table.push([
    'size per million attempt rows',
    ...results.map((r) => `${(r.bytesPerMillionAttempts / 2 ** 20).toFixed(0)} MiB`),
  ]);
  table.push(['writer, rows/s (batches of 500)', ...results.map((r) => String(r.writerRowsPerSecond))]);
  return table.toString();
}

async function run(): Promise<void> {
  const options = parseStoreBenchArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) =>
    process.stderr.write(`[bench:store +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
  const machine = machineInfo();
  log(`${machine.cpuModel} × ${machine.cores}, Node ${machine.node}, load average ${machine.loadAverageStart}`);
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-bench-store-'));
  let pg: PostgresServer | undefined;
  const results: EngineResult[] = [];
  try {
    for (const engine of options.engines) {
      if (engine === 'sqlite') {
        const path = options.sqlitePath ?? join(dir, 'ledger.db');
        results.push(await benchEngine('SQLite (WAL)', { engine, path, outboxDir: join(dir, 'outbox') }, options, log));
      } else {
        let url = options.pgUrl;
        if (!url) {
          pg = await startPostgres({ durable: true, settings: { shared_buffers: '256MB', max_wal_size: '4GB' } });
          url = pg.url;
        }
        results.push(await benchEngine('PostgreSQL', { engine, url, outboxDir: join(dir, 'outbox') }, options, log));
      }
    }
  } finally {
    await pg?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const done = finishMachineInfo(machine);
  process.stdout.write(`\nLedger store, ${options.rows} attempt rows over 30 days (median of ${options.runs} runs)\n`);
  process.stdout.write(`${print(results)}\n`);
  process.stdout.write(`load average ${done.loadAverageStart} at the start, ${done.loadAverageEnd} at the end\n`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify({ machine: done, options, results }, null, 2)}\n`);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
