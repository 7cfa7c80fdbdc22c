// Integration tests — the ledger writer never costs a request: PostgreSQL stopped in the middle of the writes, a
// writer process killed with rows in its outbox, several processes writing one SQLite file: every row once
// Longer than 250 lines because each case stops, restarts or fills a real PostgreSQL server around the writer, sharing its setup.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerTarget } from '../../store/config';
import { createLedgerWriter, openLedgerStore, type LedgerStore } from '../../store/store';
import { attemptRowOf, requestRowOf, type AttemptFacts, type LedgerContext } from '../../store/rows';
import { syntheticOperations, syntheticRequests, type SyntheticOptions } from '../../store/synthetic';
import { startPostgres, type PostgresServer } from '../helpers/postgres';

const CHILD = join(__dirname, '..', 'helpers', 'store-writer-child.js');
const START = Date.UTC(2026, 1, 1);

/** What a synthetic ledger holds: its attempts and their cost, the requests that finished. */
function expected(options: SyntheticOptions) {
  let attempts = 0;
  let cost = 0;
  let finished = 0;
  for (const request of syntheticRequests(options)) {
    attempts += request.attempts.length;
    cost += request.attempts.reduce((sum, attempt) => sum + attempt.costMicroUsd, 0);
    if (request.end) finished++;
  }
  return { attempts, cost, finished };
}

async function counts(store: LedgerStore) {
  const [row] = await store.engine.all<{ attempts: number; cost: number }>(
    'SELECT COUNT(*) AS attempts, COALESCE(SUM(cost_micro), 0) AS cost FROM attempts',
  );
  const [finished] = await store.engine.all<{ n: number }>(
    'SELECT COUNT(*) AS n FROM requests WHERE finished_at IS NOT NULL',
  );
  const total = await store.totals();
  return {
    attempts: Number(row!.attempts),
    cost: Number(row!.cost),
    finished: Number(finished!.n),
    // The rollups agree with the rows: each row counted once there too.
    rollupAttempts: total.attempts,
    rollupCost: total.costMicroUsd,
    rollupRequests: total.requests,
  };
}

function assertExactlyOnce(got: Awaited<ReturnType<typeof counts>>, want: ReturnType<typeof expected>) {
  assert.deepEqual(got, {
    attempts: want.attempts,
    cost: want.cost,
    finished: want.finished,
    rollupAttempts: want.attempts,
    rollupCost: want.cost,
    rollupRequests: want.finished,
  });
}

function child(target: LedgerTarget, synthetic: SyntheticOptions, then: 'flush' | 'hang') {
  const process_ = spawn(process.execPath, [CHILD, JSON.stringify({ target, synthetic, then })], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  process_.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  process_.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = (text: string, timeoutMs = 120_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child never printed "${text}": ${output}`)), timeoutMs);
      const check = () => {
        if (output.includes(text)) {
          clearTimeout(timer);
          resolve();
        } else if (process_.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`child exited (${process_.exitCode}) before "${text}": ${output}`));
        } else setTimeout(check, 50);
      };
      check();
    });
  return { process: process_, waitFor, output: () => output };
}

function exited(process_: ChildProcess): Promise<void> {
  return process_.exitCode !== null || process_.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => process_.once('exit', () => resolve()));
}

let dir: string;
let pg: PostgresServer;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-cascade-writer-'));
  pg = await startPostgres();
});
after(async () => {
  await pg?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('ledger writer', () => {
  it('PostgreSQL stopped in the middle of the writes, then back: every row present exactly once', async () => {
    const target: LedgerTarget = {
      engine: 'postgres',
      url: await pg.createDatabase('outage'),
      outboxDir: join(dir, 'outage-outbox'),
    };
    const synthetic: SyntheticOptions = {
      requests: 600,
      startMs: START,
      endMs: START + 3_600_000,
      seed: 11,
      prefix: 'outage',
    };
    const store = await openLedgerStore(target);
    const logs: string[] = [];
    const writer = createLedgerWriter(target, {
      retryMaxMs: 300,
      log: (level, message) => logs.push(`${level}: ${message}`),
    });
    try {
      const operations = [...syntheticRequests(synthetic)].flatMap(syntheticOperations);
      const third = Math.floor(operations.length / 3);
      let slowest = 0;
      const record = (slice: typeof operations) => {
        for (const operation of slice) {
          const started = performance.now();
          if (operation.op === 'attempt') writer.recordAttempt(operation.row);
          else if (operation.op === 'request') writer.recordRequest(operation.row);
          slowest = Math.max(slowest, performance.now() - started);
        }
      };
      record(operations.slice(0, third));
      assert.ok(await writer.flush(30_000));
      await pg.stop();
      record(operations.slice(third, 2 * third));
      // The store is down: the writer keeps the rows and keeps trying, and no call waited for it.
      assert.equal(await writer.flush(1500), false);
      assert.ok(writer.status().pending > 0);
      assert.match(writer.status().lastError ?? '', /ECONNREFUSED|terminat|connect/i);
      record(operations.slice(2 * third));
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await pg.start();
      assert.ok(await writer.flush(60_000), `outbox drained (${JSON.stringify(writer.status())})`);
      assert.equal(writer.status().pending, 0);
      // Each call only wrote the local outbox: far below the 5 s a connection attempt to a dead server may take.
      assert.ok(slowest < 1000, `slowest record call ${slowest.toFixed(1)} ms`);
      assert.ok(
        logs.some((line) => line.startsWith('warn: ledger store unavailable')),
        logs.join('\n'),
      );
      assertExactlyOnce(await counts(store), expected(synthetic));
    } finally {
      await writer.close();
      await store.close();
    }
  });

  it('a writer killed with rows in its outbox: the next writer on the host delivers them, once', async () => {
    const target: LedgerTarget = {
      engine: 'postgres',
      url: await pg.createDatabase('killed'),
      outboxDir: join(dir, 'killed-outbox'),
    };
    const synthetic: SyntheticOptions = {
      requests: 300,
      startMs: START + 7_200_000,
      endMs: START + 9_000_000,
      seed: 12,
      prefix: 'killed',
    };
    const store = await openLedgerStore(target);
    await pg.stop();
    const dead = child(target, synthetic, 'hang');
    try {
      await dead.waitFor('recorded');
    } finally {
      dead.process.kill('SIGKILL');
      await exited(dead.process);
    }
    assert.equal(readdirSync(target.outboxDir).filter((name) => name.endsWith('.outbox')).length, 1);
    await pg.start();
    // The same rows again from another writer (a replayed workflow's ledger): still once.
    const survivor = createLedgerWriter(target, { retryMaxMs: 300 });
    try {
      for (const request of syntheticRequests({ ...synthetic, requests: 50 }))
        for (const operation of syntheticOperations(request))
          if (operation.op === 'attempt') survivor.recordAttempt(operation.row);
      assert.ok(await survivor.flush(60_000));
      assertExactlyOnce(await counts(store), expected(synthetic));
    } finally {
      await survivor.close();
      await store.close();
    }
    // Delivered outboxes are removed.
    assert.deepEqual(
      readdirSync(target.outboxDir).filter((name) => name.endsWith('.outbox')),
      [],
    );
  });

  it('a billed answer whose worker died before completing the activity is kept as its own row', async () => {
    const target: LedgerTarget = {
      engine: 'postgres',
      url: await pg.createDatabase('billed'),
      outboxDir: join(dir, 'billed-outbox'),
    };
    const store = await openLedgerStore(target);
    const writer = createLedgerWriter(target);
    const context: LedgerContext = {
      workflowId: 'died-1',
      runId: 'r',
      kind: 'cascade',
      task: 'invoice',
      startedAtMs: START,
    };
    const facts = (tries: number): AttemptFacts => ({
      seq: 1,
      tier: 'economy',
      provider: 'deepseek',
      ref: 'deepseek/deepseek-chat',
      reason: 'first',
      outcome: 'ok',
      billed: true,
      usage: { inputTokens: 1000, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 100 },
      costMicroUsd: 380,
      latencyMs: 900,
      tries,
      priceSource: 'https://example.com',
      priceEffectiveFrom: '2025-01-01',
    });
    try {
      // Try 1 answered and was billed; its worker died. Try 2 answered again; the workflow's ledger has try 2.
      writer.recordAttempt(attemptRowOf(facts(1), context, START + 900));
      writer.recordAttempt(attemptRowOf(facts(2), context, START + 2000));
      const request = requestRowOf(context, {
        attempts: [facts(2)],
        outcome: 'ok',
        baselineMicroUsd: 4000,
        finishedAtMs: START + 2100,
      });
      writer.recordRequest(request, [attemptRowOf(facts(2), context, START + 2000)]);
      assert.ok(await writer.flush(30_000));
      const [ledger] = await store.requestLedger('died-1');
      assert.deepEqual(
        ledger!.attempts.map((a) => [a.seq, a.activityAttempt, a.costMicroUsd]),
        [
          [1, 1, 380],
          [1, 2, 380],
        ],
      );
      const report = await store.report({ by: 'task', sinceMs: START, untilMs: START + 60_000 });
      // Both calls were paid; the request itself counts once, valid on its first attempt.
      assert.deepEqual(
        [report.total.costMicroUsd, report.total.attempts, report.total.requests, report.total.firstPass],
        [760, 2, 1, 1],
      );
    } finally {
      await writer.close();
      await store.close();
    }
  });

  it('several processes write one SQLite file at once, the same rows included: every row once', async () => {
    const target: LedgerTarget = {
      engine: 'sqlite',
      path: join(dir, 'shared.db'),
      outboxDir: join(dir, 'shared.db.outbox'),
    };
    const synthetic: SyntheticOptions = {
      requests: 400,
      startMs: START,
      endMs: START + 5_400_000,
      seed: 13,
      prefix: 'shared',
    };
    // Two writers share the first half of the requests (a retried activity, a replay), each has its own rest.
    const writers = [child(target, { ...synthetic, requests: 300 }, 'flush'), child(target, synthetic, 'flush')];
    const store = await openLedgerStore(target);
    try {
      // A reader meanwhile never waits for the writers (WAL): it reports while they write.
      await store.report({ by: 'model' });
      await Promise.all(writers.map((writer) => writer.waitFor('flushed')));
      assertExactlyOnce(await counts(store), expected(synthetic));
    } finally {
      for (const writer of writers) writer.process.kill('SIGKILL');
      await store.close();
    }
  });

  it('a writer whose outbox cannot be created keeps rows in memory and still delivers them; calls never throw', async () => {
    // A regular file where the outbox directory should be: it cannot be created.
    writeFileSync(join(dir, 'not-a-dir'), '');
    const target: LedgerTarget = {
      engine: 'sqlite',
      path: join(dir, 'mem.db'),
      outboxDir: join(dir, 'not-a-dir', 'outbox'),
    };
    const logs: string[] = [];
    const writer = createLedgerWriter(target, { log: (level, message) => logs.push(`${level}: ${message}`) });
    const synthetic: SyntheticOptions = {
      requests: 20,
      startMs: START,
      endMs: START + 60_000,
      seed: 14,
      prefix: 'mem',
    };
    const store = await openLedgerStore(target);
    try {
      for (const request of syntheticRequests(synthetic))
        for (const operation of syntheticOperations(request))
          if (operation.op === 'attempt') writer.recordAttempt(operation.row);
          else if (operation.op === 'request') writer.recordRequest(operation.row);
      assert.ok(await writer.flush(30_000));
      assert.ok(
        logs.some((line) => line.includes('outbox unavailable')),
        logs.join('\n'),
      );
      assertExactlyOnce(await counts(store), expected(synthetic));
      await writer.close();
      // After close: still no throw.
      writer.recordAttempts([]);
      writer.recordLabels([{ requestKey: '00', correct: true }]);
    } finally {
      await writer.close();
      await store.close();
    }
  });
});
