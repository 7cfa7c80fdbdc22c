// Integration tests — a worker keeps every attempt and every finished request in the ledger store (a SQLite file),
// on the real dev server and the loopback fake provider; `report --source store` reads it back
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerWriter, openLedgerStore } from '../../store/store';
import type { LedgerTarget } from '../../store/config';
import type { LedgerWriter } from '../../store/write/writer';
import { runReport } from '../../cli/actions/report';
import { runBackfill, runPrune } from '../../cli/actions/ledger';
import { getTestServer } from '../helpers/temporal';
import { CascadeError } from '../../client/cascade-client';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const SCHEMA = {
  type: 'object',
  properties: { word: { type: 'string' } },
  required: ['word'],
  additionalProperties: false,
};

describe('the worker writes the ledger store', () => {
  let env: CascadeEnv;
  let dir: string;
  let target: LedgerTarget & { engine: 'sqlite' };
  let writer: LedgerWriter;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-store-worker-'));
    target = { engine: 'sqlite', path: join(dir, 'ledger.db'), outboxDir: join(dir, 'ledger.db.outbox') };
    writer = createLedgerWriter(target);
    env = await startCascadeEnv({
      name: 'ledger-store-worker',
      tierDefaults: { triesPerCandidate: 1 },
      ledger: writer,
      tiers: [
        // Economy answers JSON that misses the schema (billed, then escalated); premium answers right, dearly.
        [
          'economy',
          [
            {
              ref: 'cheap/eco',
              behavior: { kind: 'content', content: { nope: 1 } },
              inputUsdPerMTok: 0.1,
              outputUsdPerMTok: 0.1,
            },
          ],
        ],
        [
          'premium',
          [
            {
              ref: 'dear/top',
              behavior: { kind: 'content', content: { word: 'ok' } },
              inputUsdPerMTok: 200,
              outputUsdPerMTok: 200,
            },
          ],
        ],
      ],
    });
  });
  after(async () => {
    await env?.close();
    await writer?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('every billed attempt, failed ones included, and every finished request, at the provider bill', async () => {
    const escalated = await env.run({ schema: SCHEMA, input: 'escalates', metadata: { sessionId: 's-1' } });
    assert.deepEqual(
      escalated.attempts.map((a) => [a.tier, a.outcome]),
      [
        ['economy', 'schema_violation'],
        ['premium', 'ok'],
      ],
    );
    const direct = await env.run({ schema: SCHEMA, input: 'premium only', startTier: 'premium' });
    // Room for economy's attempt, not for premium's worst case: a failed request that still paid for one attempt.
    const failed = await env.run({ schema: SCHEMA, input: 'over budget', maxCostUsd: 0.001 }).then(
      () => assert.fail('expected BudgetExceededError'),
      (error: unknown) => error,
    );
    assert.ok(failed instanceof CascadeError, String(failed));
    assert.equal(failed.type, 'BudgetExceededError');
    assert.deepEqual(
      failed.attempts.map((a) => [a.tier, a.billed]),
      [['economy', true]],
    );

    assert.equal(await writer.flush(), true, 'the outbox drained');
    const store = await openLedgerStore(target);
    try {
      const bill = env.provider.bill().chatMicroUsd;
      const byTask = await store.report({ by: 'task' });
      assert.equal(byTask.total.requests, 3);
      assert.equal(byTask.total.attempts, escalated.attempts.length + direct.attempts.length + 1);
      assert.equal(byTask.total.billedAttempts, 4);
      assert.equal(byTask.total.costMicroUsd, bill, 'the store holds what the provider billed, to the micro-dollar');
      assert.equal(byTask.inFlight, 0);
      const failures = await store.failedRequests();
      assert.equal(failures.length, 1);
      const bySession = await store.report({ by: 'session' });
      assert.deepEqual(
        bySession.groups.filter((g) => g.key === 's-1').map((g) => g.requests),
        [1],
      );

      // The CLI reads the same store, named by the config file.
      const config = join(dir, 'config.json');
      writeFileSync(config, JSON.stringify({ ...env.catalogJson, ledger: { path: 'ledger.db' } }));
      const json = JSON.parse(
        await runReport({
          source: 'store',
          config,
          since: 'all',
          by: 'tier',
          kind: 'all',
          format: 'json',
          limit: 1000,
        }),
      ) as { store: string; total: { costMicroUsd: number; requests: number } };
      assert.equal(json.store, target.path);
      assert.equal(json.total.costMicroUsd, bill);
      assert.equal(json.total.requests, 3);

      // A backfill from the same histories finds every row already there: the sink's keys are the history's keys.
      const { address, namespace } = await getTestServer();
      const backfilled = await runBackfill({
        config,
        address,
        namespace,
        since: '1h',
        query: `TaskQueue = "${env.taskQueue}"`,
      });
      assert.match(backfilled, /^read 3 workflows \(3 requests\) into .*: 0 new attempts, 0 new requests\n$/);

      // Retention: everything started before tomorrow goes.
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      assert.match(await runPrune({ config, before: tomorrow }), /^deleted 3 requests that started before /);
      assert.equal((await store.report({ by: 'task' })).total.requests, 0);
    } finally {
      await store.close();
    }
  });

  it('report --source store says what to fix', async () => {
    const config = join(dir, 'elsewhere.json');
    writeFileSync(config, JSON.stringify({ ...env.catalogJson, ledger: { path: 'missing.db' } }));
    const flags = {
      source: 'store',
      config,
      since: '24h',
      by: 'task',
      kind: 'all',
      format: 'table',
      limit: 1,
    } as const;
    await assert.rejects(runReport(flags), /no ledger store at .*missing\.db/);
    await assert.rejects(runReport({ ...flags, query: 'LlmTask = "x"' }), /--query is a Temporal visibility query/);
  });
});
