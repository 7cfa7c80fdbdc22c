// Integration tests — the store never costs a request: a batch on a CLI worker that writes the ledger store, the
// store unavailable in the middle of it (PostgreSQL stopped, or the SQLite file locked by another process), the
// worker killed with kill -9 while calls are in flight, a new worker, the store back: the batch finishes at its pace
// and every billed call is in the store exactly once, at the fake provider's bill
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { startBatch } from '../../client/batch-client';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import type { LedgerTarget } from '../../store/config';
import { openLedgerStore } from '../../store/store';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { spawnCli, tempFiles } from '../helpers/cli';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { getTestServer } from '../helpers/temporal';
import { answer, kindOf, readLines, request, waitFor, writeItems, type ItemKind } from './batch-env';

const ITEMS = 48;
const CONCURRENCY = 4;

/** Open: calls answered. Closed: calls wait; released after the kill, they answer 503 to a dead socket (unbilled). */
class Gate {
  closed = false;
  waiting = 0;
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  wrap(passes: ItemKind[]): (ctx: FakeCallContext) => Promise<FakeReply> {
    const reply = answer(passes, 20);
    return async (ctx) => {
      if (!this.closed) return reply(ctx);
      this.waiting++;
      await this.opened;
      return { kind: 'error', status: 503, message: 'the caller is gone' };
    };
  }

  release(): void {
    this.closed = false;
    this.open();
  }
}

/** A store made unavailable for a while, and brought back. */
interface Outage {
  target: LedgerTarget;
  begin(): Promise<void>;
  end(): Promise<void>;
}

let pg: PostgresServer;
let address: string;
before(async () => {
  pg = await startPostgres();
  address = (await getTestServer()).address;
});
after(() => pg?.destroy());

function scenario(engine: 'sqlite' | 'postgres', outage: (dir: string) => Promise<Outage>) {
  describe(`a batch through a ledger store outage and a worker kill -9 (${engine})`, () => {
    const gate = new Gate();
    let env: CascadeEnv;
    before(async () => {
      env = await startCascadeEnv({
        name: `store-outage-${engine}`,
        noWorker: true,
        tiers: [
          ['economy', [{ ref: 'eco/small', behavior: gate.wrap(['ok']) }]],
          ['standard', [{ ref: 'std/medium', behavior: gate.wrap(['ok', 'escalate']), inputUsdPerMTok: 3 }]],
        ],
        tierDefaults: { timeoutMs: 60_000, triesPerCandidate: 1 },
      });
    });
    after(() => env?.close());

    it('the batch keeps its pace while the store is down; every billed call is in the store once', async () => {
      const files = tempFiles({});
      const down = await outage(files.dir);
      const config = join(files.dir, 'config.json');
      const ledger =
        down.target.engine === 'sqlite'
          ? { path: down.target.path, outboxDir: down.target.outboxDir }
          : { url: down.target.url, outboxDir: down.target.outboxDir };
      const { writeFileSync } = await import('node:fs');
      writeFileSync(config, JSON.stringify({ ...env.catalogJson, temporal: { taskQueue: env.taskQueue }, ledger }));
      const out = join(files.dir, 'out.jsonl');
      const done = () => readLines(out).length + readLines(join(files.dir, 'out.errors.jsonl')).length;
      const first = spawnCli(['worker', '--config', config, '--address', address]);
      let second: ReturnType<typeof spawnCli> | undefined;
      try {
        const batch = await startBatch(
          env.temporal.client,
          request(writeItems(files.dir, ITEMS, kindOf), out, {
            batchId: `outage-${engine}-${Date.now()}`,
            concurrency: CONCURRENCY,
          }),
          { catalog: env.catalog, taskQueue: env.taskQueue },
        );
        await waitFor(() => done() >= 8, 'the first items');
        await down.begin();
        const atOutage = done();
        // Items keep finishing while no row can reach the store: they wait in the worker's outbox.
        await waitFor(() => done() >= atOutage + 12, 'items to finish during the outage', 60_000).catch(
          (error: Error) => {
            throw new Error(`${error.message} (${done()} done, ${atOutage} at the outage); worker:\n${first.output()}`);
          },
        );
        gate.closed = true;
        await waitFor(() => gate.waiting === CONCURRENCY, 'every item in flight to wait at the gate');
        first.kill('SIGKILL');
        await new Promise((resolve) => first.once('exit', resolve));
        gate.release();
        // The dead worker's outbox (rows it could not deliver) stays on disk for the next writer on the host.
        second = spawnCli(['worker', '--config', config, '--address', address]);
        await sleep(3_000);
        await down.end();
        const report = await batch.result();
        assert.equal(report.status, 'completed');
        assert.equal(done(), ITEMS);

        const billed = env.provider.calls.filter((call) => call.status === 200);
        const bill = env.provider.bill().chatMicroUsd;
        assert.ok(bill > 0);
        const store = await openLedgerStore(down.target);
        try {
          const counts = async () => {
            const [rows] = await store.engine.all<{ n: number; cost: number; billed: number }>(
              'SELECT COUNT(*) AS n, COALESCE(SUM(cost_micro), 0) AS cost, COALESCE(SUM(billed), 0) AS billed FROM attempts',
            );
            const [finished] = await store.engine.all<{ n: number }>(
              'SELECT COUNT(*) AS n FROM requests WHERE finished_at IS NOT NULL',
            );
            return { cost: Number(rows!.cost), billed: Number(rows!.billed), finished: Number(finished!.n) };
          };
          // The backlog drains in the background (backoff up to 30 s after a long outage).
          for (let tries = 0; ; tries++) {
            const got = await counts();
            if (got.finished === ITEMS && got.cost === bill) break;
            assert.ok(tries < 240, `the store never caught up: ${JSON.stringify(got)}, bill ${bill}`);
            await sleep(500);
          }
          await sleep(1_000);
          assert.deepEqual(await counts(), { cost: bill, billed: billed.length, finished: ITEMS });
          const total = await store.totals();
          assert.deepEqual([total.costMicroUsd, total.billedAttempts, total.requests], [bill, billed.length, ITEMS]);
        } finally {
          await store.close();
        }
      } finally {
        for (const worker of [first, second]) {
          if (worker && worker.exitCode === null && worker.signalCode === null) {
            worker.kill('SIGTERM');
            await new Promise((resolve) => worker.once('exit', resolve));
          }
        }
      }
    });
  });
}

scenario('sqlite', async (dir) => {
  const path = join(dir, 'ledger.db');
  let holder: Database.Database | undefined;
  return {
    target: { engine: 'sqlite', path, outboxDir: join(dir, 'outbox') },
    // Another process holding the write lock: every write waits out its busy timeout and fails, as on a dead disk.
    async begin() {
      holder = new Database(path);
      holder.pragma('busy_timeout = 10000');
      holder.exec('BEGIN EXCLUSIVE');
    },
    async end() {
      holder?.exec('COMMIT');
      holder?.close();
    },
  };
});
scenario('postgres', async (dir) => ({
  target: { engine: 'postgres', url: await pg.createDatabase('outage_batch'), outboxDir: join(dir, 'outbox') },
  begin: () => pg.stop(),
  end: () => pg.start(),
}));
