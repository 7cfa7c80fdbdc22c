// Integration tests — a batch rides out bursts of 503s and 429s on its only provider; the batch budget is a hard cap
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runBatch } from '../../client/batch-client';
import type { FakeCall, FakeCallContext, FakeReply } from '../../sim/fake-provider';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { tempFiles } from '../helpers/cli';
import { answer, duplicates, readLines, request, writeItems, type ErrorLine, type ResultLine } from './batch-env';

const ITEMS = 300;

/** Answers normally, except for calls arriving within `burstMs` after the `startAt`-th call: those get `fault`. */
function burst(startAt: number, burstMs: number, fault: FakeReply): (ctx: FakeCallContext) => FakeReply {
  const ok = answer(['ok', 'escalate']);
  let calls = 0;
  let burstStart: number | undefined;
  return (ctx) => {
    calls++;
    if (calls === startAt) burstStart = Date.now();
    if (burstStart !== undefined && Date.now() - burstStart < burstMs) return fault;
    return ok(ctx);
  };
}

/** Dollars billed, from the provider's own log and the test's prices: independent of the project's pricing code. */
function billedUsd(calls: FakeCall[], prices: Record<string, [number, number]>): number {
  return calls
    .filter((c) => c.status === 200 && c.usage)
    .reduce((sum, c) => {
      const [input, output] = prices[c.model]!;
      return sum + (c.usage!.promptTokens * input + c.usage!.completionTokens * output) / 1e6;
    }, 0);
}

for (const [name, fault] of [
  ['503', { kind: 'error', status: 503 }],
  ['429 with Retry-After 1', { kind: 'error', status: 429, headers: { 'retry-after': '1' } }],
] as [string, FakeReply][]) {
  describe(`a ${ITEMS}-item batch through a 2.5 s burst of ${name} on its only provider`, () => {
    let env: CascadeEnv;
    after(() => env?.close());

    it('ends with every item ok, exactly once, and a ledger equal to the bill', async () => {
      env = await startCascadeEnv({
        name: `burst-${name.slice(0, 3)}`,
        cooldown: { cooldownMs: 5_000 },
        tiers: [
          [
            'economy',
            [{ ref: 'one/only', behavior: burst(40, 2_500, fault), inputUsdPerMTok: 1, outputUsdPerMTok: 2 }],
          ],
        ],
      });
      const dir = tempFiles({}).dir;
      const input = writeItems(dir, ITEMS, () => 'ok');
      const report = await runBatch(
        env.temporal.client,
        request(input, `${dir}/out.jsonl`, { batchId: `burst-${name.slice(0, 3)}`, concurrency: 16 }),
        { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 500 },
      );
      const results = readLines<ResultLine>(`${dir}/out.jsonl`);
      const errors = readLines<ErrorLine>(`${dir}/out.errors.jsonl`);
      const faults = env.provider.calls.filter((c) => c.status !== 200).length;
      assert.ok(faults >= 3, `the burst hit the batch (${faults} faulted calls)`);
      assert.deepEqual(errors, [], 'no error line: a transient cause is never terminal');
      assert.equal(report.status, 'completed');
      assert.deepEqual([report.ok, report.failed, report.retryable], [ITEMS, 0, 0]);
      assert.equal(results.length, ITEMS);
      assert.deepEqual(duplicates(results.map((r) => r.id)), []);
      const billed = env.provider.calls.filter((c) => c.status === 200);
      assert.equal(billed.length, ITEMS, 'one billed call per item: nothing paid twice');
      const ledgerUsd = results.reduce((sum, r) => sum + r.costMicroUsd, 0) / 1e6;
      assert.ok(
        Math.abs(ledgerUsd - billedUsd(env.provider.calls, { only: [1, 2] })) < 1e-6 * ITEMS,
        `ledger ${ledgerUsd} = bill`,
      );
      assert.ok(Math.abs(report.costUsd - ledgerUsd) < 1e-9);
    });
  });
}

describe('batch budget as a hard cap: the first item cheap, the rest escalating', () => {
  let env: CascadeEnv;
  after(() => env?.close());

  for (const concurrency of [16, 64]) {
    it(`never bills more than --max-cost-usd at concurrency ${concurrency}; every cent spent is in a file`, async () => {
      env ??= await startCascadeEnv({
        name: 'budget-cap',
        tiers: [
          ['economy', [{ ref: 'eco/small', behavior: answer(['ok']), inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4 }]],
          [
            'standard',
            [{ ref: 'std/big', behavior: answer(['ok', 'escalate']), inputUsdPerMTok: 100, outputUsdPerMTok: 400 }],
            { maxOutputTokens: 40 },
          ],
        ],
      });
      env.provider.clearCalls();
      const dir = tempFiles({}).dir;
      const input = writeItems(dir, 60, (n) => (n === 1 ? 'ok' : 'escalate'));
      const budgetUsd = 0.05;
      const report = await runBatch(
        env.temporal.client,
        request(input, `${dir}/out.jsonl`, { batchId: `budget-${concurrency}`, concurrency, maxCostUsd: budgetUsd }),
        { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 500 },
      );
      const bill = billedUsd(env.provider.calls, { small: [0.1, 0.4], big: [100, 400] });
      const results = readLines<ResultLine>(`${dir}/out.jsonl`);
      const errors = readLines<ErrorLine>(`${dir}/out.errors.jsonl`);
      const filesUsd = [...results, ...errors].reduce((sum, line) => sum + line.costMicroUsd, 0) / 1e6;
      assert.ok(bill <= budgetUsd, `billed $${bill.toFixed(6)} within the $${budgetUsd} budget`);
      assert.ok(bill > budgetUsd / 2, `the budget was used, not left idle ($${bill.toFixed(6)})`);
      const byItem = new Map<string, number>();
      for (const c of env.provider.calls.filter((call) => call.status === 200)) {
        const id = /Document (\d+)/.exec(JSON.stringify(c.body))?.[1] ?? '?';
        const [i, o] = c.model === 'small' ? [0.1, 0.4] : [100, 400];
        byItem.set(id, (byItem.get(id) ?? 0) + c.usage!.promptTokens * i + c.usage!.completionTokens * o);
      }
      for (const line of [...results, ...errors]) {
        const id = line.id.slice('item-'.length);
        byItem.set(id, (byItem.get(id) ?? 0) - line.costMicroUsd);
      }
      const off = [...byItem].filter(([, v]) => Math.abs(v) > 1);
      assert.deepEqual(off, [], `per item: bill − files (µ$)`);
      // The ledger prices each call to the micro-dollar: the sums may differ by under 1 µ$ per billed call.
      const tolerance = env.provider.calls.filter((c) => c.status === 200).length * 1e-6;
      assert.ok(Math.abs(filesUsd - bill) <= tolerance, `files $${filesUsd} = bill $${bill}`);
      assert.ok(Math.abs(report.costUsd - filesUsd) < 1e-9, `report $${report.costUsd} = files $${filesUsd}`);
      assert.equal(report.status, 'budget_exhausted');
      assert.ok(report.ok >= 2, `some escalated items finished (${report.ok})`);
      assert.equal(report.ok + report.undone + report.failed, 60);
      // Budget-stopped spend lines (an item run again with a larger grant marks them superseded), no failures.
      assert.ok(
        errors.every((line) => line.status === 'undone' || line.status === 'superseded'),
        `budget-stopped spend lines, no failures: ${[...new Set(errors.map((line) => line.status))].join(', ')}`,
      );
    });
  }
});

describe('a batch whose only provider stays down', () => {
  let env: CascadeEnv;
  after(() => env?.close());

  it('reports its items retryable (never failed), and a rerun with the same batch id finishes them', async () => {
    let down = true;
    const ok = answer(['ok']);
    env = await startCascadeEnv({
      name: 'down',
      cooldown: { cooldownMs: 1_000 },
      tiers: [['economy', [{ ref: 'dn/only', behavior: (ctx) => (down ? { kind: 'error', status: 503 } : ok(ctx)) }]]],
    });
    const dir = tempFiles({}).dir;
    const input = writeItems(dir, 6, () => 'ok');
    const req = request(input, `${dir}/out.jsonl`, {
      batchId: 'down',
      concurrency: 3,
      maxWaitMs: 1_500,
      retryRounds: 1,
      retryDelayMs: 200,
    });
    const options = { catalog: env.catalog, taskQueue: env.taskQueue, intervalMs: 200 };
    const first = await runBatch(env.temporal.client, req, options);
    const errors = readLines<ErrorLine>(`${dir}/out.errors.jsonl`);
    assert.equal(first.status, 'completed');
    assert.deepEqual([first.ok, first.failed, first.retryable], [0, 0, 6]);
    assert.deepEqual(first.failedByCode, { CascadeUnavailableError: 6 });
    assert.ok(errors.length >= 6 && errors.every((line) => line.status === 'retryable'), 'retryable lines only');
    assert.equal(new Set(errors.map((line) => line.id)).size, 6, 'both rounds of an item keep their own line');

    down = false;
    const second = await runBatch(env.temporal.client, req, options);
    assert.deepEqual([second.ok, second.failed, second.retryable, second.skipped], [6, 0, 0, 0]);
    assert.equal(readLines<ResultLine>(`${dir}/out.jsonl`).length, 6);
    // The errors file says the retryable lines were not final, and the rerun marked every one superseded.
    const after = readLines<ErrorLine & { final?: boolean; supersedes?: string[]; by?: string }>(`${dir}/out.errors.jsonl`);
    const spend = after.filter((line) => line.status === 'retryable');
    assert.ok(spend.every((line) => line.final === false));
    const marks = after.filter((line) => line.status === 'superseded');
    assert.equal(marks.length, 6);
    assert.ok(marks.every((line) => line.by === 'ok' && line.costMicroUsd === 0));
    assert.deepEqual(
      marks.flatMap((line) => line.supersedes ?? []).sort(),
      spend.map((line) => (line as unknown as { key: string }).key).sort(),
    );
  });
});
