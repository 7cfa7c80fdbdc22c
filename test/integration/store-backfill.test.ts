// Integration tests — backfill of the ledger store from real cascades' histories on the dev server: the store's
// report equals the history report, once however often it runs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { CascadeError } from '../../client/cascade-client';
import { aggregateReport } from '../../cli/report/aggregate';
import { backfillLedger } from '../../cli/report/backfill';
import { readRuns } from '../../cli/report/source';
import type { FakeCallContext } from '../../sim/fake-provider';
import { openLedgerStore, type LedgerStore } from '../../store/store';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const VALID = { kind: 'content' as const, content: { invoiceNumber: 'INV-7', total: 120.5 } };
const WRONG = { kind: 'content' as const, content: { invoiceNumber: 'INV-7', total: 'lots' } };
const prompt = (ctx: FakeCallContext): string => String(ctx.body.messages.at(-1).content);

describe('ledger store backfill from histories', () => {
  let env: CascadeEnv;
  let store: LedgerStore;
  let dir: string;
  const query = () => `TaskQueue = "${env.taskQueue}"`;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'llm-cascade-backfill-'));
    store = await openLedgerStore({ engine: 'sqlite', path: join(dir, 'ledger.db'), outboxDir: join(dir, 'outbox') });
    env = await startCascadeEnv({
      name: 'store-backfill',
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        ['economy', [{ ref: 'cheap/eco-1', behavior: (ctx) => (prompt(ctx).includes('EASY') ? VALID : WRONG) }]],
        [
          'standard',
          [
            { ref: 'down/std-down', behavior: { kind: 'error', status: 503 } },
            { ref: 'up/std-up', behavior: (ctx) => (prompt(ctx).includes('HOPELESS') ? WRONG : VALID) },
          ],
        ],
      ],
    });
    for (const input of ['Invoice INV-7, total 120.50', 'EASY invoice INV-8', 'HOPELESS scan of INV-9']) {
      try {
        await env.run({ schema: Invoice, input, metadata: { sessionId: 'sess-a', userId: 'alice' } });
      } catch (error) {
        if (!(error instanceof CascadeError)) throw error;
      }
    }
    for (let tries = 0; (await readRuns(env.temporal.client, { query: query(), limit: 10 })).runs.length < 3; tries++) {
      assert.ok(tries < 100, 'visibility never listed the three cascades');
      await sleep(200);
    }
  });
  after(async () => {
    await env?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the store's figures equal the history report's, and a second backfill adds nothing", async () => {
    const first = await backfillLedger(env.temporal.client, store, { query: query() });
    assert.equal(first.workflows, 3);
    assert.equal(first.newRequests, 3);
    assert.equal(first.newAttempts, 1 + 3 + 3);
    const { runs } = await readRuns(env.temporal.client, { query: query(), limit: 10 });
    for (const by of ['task', 'model', 'provider', 'session'] as const) {
      const fromHistory = aggregateReport(runs, by);
      const fromStore = await store.report({ by });
      const pick = (row: (typeof fromHistory.groups)[number]) => ({
        key: row.key,
        requests: row.requests,
        attempts: row.attempts,
        escalated: row.escalated,
        validResults: row.validResults,
        costMicroUsd: row.costMicroUsd,
        baselineMicroUsd: row.baselineMicroUsd,
        inputTokens: row.inputTokens,
      });
      assert.deepEqual(fromStore.groups.map(pick), fromHistory.groups.map(pick), by);
      assert.deepEqual(pick(fromStore.total), pick(fromHistory.total), `${by} total`);
    }
    const again = await backfillLedger(env.temporal.client, store, { query: query() });
    assert.deepEqual([again.workflows, again.newAttempts, again.newRequests], [3, 0, 0]);
    const failed = await store.failedRequests();
    assert.equal(failed.length, 1);
    assert.deepEqual(
      failed[0]!.attempts.map((a) => `${a.ref}:${a.outcome}`),
      ['cheap/eco-1:schema_violation', 'down/std-down:provider_error', 'up/std-up:schema_violation'],
    );
    assert.ok(failed[0]!.attempts.every((a) => a.priceSource !== ''));
  });
});
