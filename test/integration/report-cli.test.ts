// Integration tests — `llm-cascade report` as a child process over real cascades on the dev server: totals equal the ledgers
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { usdToMicro } from '../../catalog/pricing';
import { CascadeError } from '../../client/cascade-client';
import { runReport } from '../../cli/actions/report';
import type { FakeCallContext } from '../../sim/fake-provider';
import type { AttemptRecord } from '../../workflows/definitions';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { runCli } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const VALID = { kind: 'content' as const, content: { invoiceNumber: 'INV-7', total: 120.5 } };
const WRONG = { kind: 'content' as const, content: { invoiceNumber: 'INV-7', total: 'lots' } };
/** The prompt decides: "EASY" passes on economy, "HOPELESS" never validates, anything else needs the standard tier. */
const prompt = (ctx: FakeCallContext): string => String(ctx.body.messages.at(-1).content);

interface Run {
  workflowId: string;
  attempts: AttemptRecord[];
  baselineMicroUsd: number;
}

interface JsonReport {
  groups: JsonRow[];
  total: JsonRow;
  query: string;
}

interface JsonRow {
  key: string;
  requests: number;
  attempts: number;
  escalated: number;
  validResults: number;
  costMicroUsd: number;
  baselineMicroUsd: number;
  savingsMicroUsd: number;
}

describe('llm-cascade report (CLI) over escalated, failed-over, easy and failed cascades', () => {
  let env: CascadeEnv;
  let address: string;
  const runs: Run[] = [];

  const report = async (...args: string[]) => {
    const result = await runCli(['report', '--address', address, '--query', `TaskQueue = "${env.taskQueue}"`, ...args]);
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };
  const reportJson = async (...args: string[]) => JSON.parse(await report('--format', 'json', ...args)) as JsonReport;
  /** The same report in-process (no CLI start-up): for the variants beyond the headline ones. */
  const inProcess = async (flags: Partial<Parameters<typeof runReport>[0]>) =>
    runReport({
      since: '24h',
      by: 'task',
      kind: 'all',
      format: 'json',
      limit: 1000,
      address,
      query: `TaskQueue = "${env.taskQueue}"`,
      ...flags,
    });
  const inProcessJson = async (flags: Partial<Parameters<typeof runReport>[0]>) =>
    JSON.parse(await inProcess(flags)) as JsonReport;

  before(async () => {
    env = await startCascadeEnv({
      name: 'report-cli',
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        [
          'economy',
          [
            {
              ref: 'cheap/eco-1',
              behavior: (ctx) => (prompt(ctx).includes('EASY') ? VALID : WRONG),
              inputUsdPerMTok: 0.1,
              outputUsdPerMTok: 0.4,
            },
          ],
        ],
        [
          'standard',
          [
            { ref: 'down/std-down', behavior: { kind: 'error', status: 503 } },
            {
              ref: 'up/std-up',
              behavior: (ctx) => (prompt(ctx).includes('HOPELESS') ? WRONG : VALID),
              inputUsdPerMTok: 0.5,
              outputUsdPerMTok: 1.5,
            },
          ],
        ],
        ['premium', [{ ref: 'top/prem-1', behavior: WRONG, inputUsdPerMTok: 5, outputUsdPerMTok: 15 }]],
      ],
    });
    address = (await getTestServer()).address;
    const requests = [
      { input: 'Invoice INV-7, total 120.50', metadata: { sessionId: 'sess-a', userId: 'alice' } },
      { input: 'EASY invoice INV-8, total 99', metadata: { sessionId: 'sess-a', userId: 'bob' } },
      { input: 'HOPELESS scan of INV-9', metadata: { userId: 'alice' } },
    ];
    for (const request of requests) {
      try {
        const result = await env.run({ schema: Invoice, ...request });
        runs.push({
          workflowId: result.workflowId,
          attempts: result.attempts,
          baselineMicroUsd: usdToMicro(result.baselineCostUsd),
        });
      } catch (error) {
        if (!(error instanceof CascadeError)) throw error;
        runs.push({ workflowId: error.workflowId, attempts: error.attempts, baselineMicroUsd: 0 });
      }
    }
    // Visibility is eventually consistent: wait until all three are listed before asserting on reports.
    for (let tries = 0; (await inProcessJson({})).total.requests < runs.length; tries++) {
      assert.ok(tries < 100, 'visibility never listed the three cascades');
      await sleep(200);
    }
  });
  after(() => env?.close());

  it('the three requests escalated/failed over, passed on economy, and exhausted the route', () => {
    assert.deepEqual(
      runs.map((r) => r.attempts.map((a) => `${a.ref}:${a.outcome}`)),
      [
        ['cheap/eco-1:schema_violation', 'down/std-down:provider_error', 'up/std-up:ok'],
        ['cheap/eco-1:ok'],
        [
          'cheap/eco-1:schema_violation',
          'down/std-down:provider_error',
          'up/std-up:schema_violation',
          'top/prem-1:schema_violation',
        ],
      ],
    );
  });

  it('--by model: per-model costs and attempts equal the sum of the ledgers, and add up to the total', async () => {
    const json = await reportJson('--by', 'model');
    const attempts = runs.flatMap((r) => r.attempts.map((a) => ({ ...a, workflowId: r.workflowId })));
    const refs = [...new Set(attempts.map((a) => a.ref))];
    assert.deepEqual(json.groups.map((g) => g.key).sort(), refs.sort());
    for (const ref of refs) {
      const group = json.groups.find((g) => g.key === ref)!;
      const mine = attempts.filter((a) => a.ref === ref);
      assert.equal(
        group.costMicroUsd,
        mine.reduce((sum, a) => sum + a.costMicroUsd, 0),
        ref,
      );
      assert.equal(group.attempts, mine.length, ref);
      assert.equal(group.requests, new Set(mine.map((a) => a.workflowId)).size, ref);
    }
    const ledgerTotal = attempts.reduce((sum, a) => sum + a.costMicroUsd, 0);
    assert.ok(ledgerTotal > 0);
    assert.equal(json.total.costMicroUsd, ledgerTotal);
    assert.equal(
      json.groups.reduce((sum, g) => sum + g.costMicroUsd, 0),
      ledgerTotal,
    );
    // Escalations past the economy model: the first and third requests; valid answers: one each from eco-1 and std-up.
    const eco = json.groups.find((g) => g.key === 'cheap/eco-1')!;
    assert.deepEqual([eco.requests, eco.escalated, eco.validResults], [3, 2, 1]);
    const stdUp = json.groups.find((g) => g.key === 'up/std-up')!;
    assert.deepEqual([stdUp.escalated, stdUp.validResults, stdUp.baselineMicroUsd], [1, 1, runs[0]!.baselineMicroUsd]);
    assert.deepEqual(
      [json.total.requests, json.total.attempts, json.total.escalated, json.total.validResults],
      [3, 8, 2, 2],
    );
    assert.equal(json.total.baselineMicroUsd, runs[0]!.baselineMicroUsd + runs[1]!.baselineMicroUsd);
    assert.equal(json.total.savingsMicroUsd, json.total.baselineMicroUsd - ledgerTotal);
  });

  it('--by user and --by session group whole requests; --workflow-id reports one', async () => {
    const users = await inProcessJson({ by: 'user' });
    const alice = users.groups.find((g) => g.key === 'alice')!;
    const aliceLedgers = [runs[0]!, runs[2]!].flatMap((r) => r.attempts).reduce((sum, a) => sum + a.costMicroUsd, 0);
    assert.deepEqual([alice.requests, alice.costMicroUsd, alice.validResults], [2, aliceLedgers, 1]);
    const sessions = await inProcessJson({ by: 'session' });
    assert.deepEqual(sessions.groups.map((g) => [g.key, g.requests]).sort(), [
      ['(no session)', 1],
      ['sess-a', 2],
    ]);
    const one = await inProcessJson({ workflowId: runs[1]!.workflowId });
    assert.deepEqual([one.total.requests, one.total.costMicroUsd], [1, runs[1]!.attempts[0]!.costMicroUsd]);
    assert.doesNotMatch(one.query, /StartTime/);
  });

  it('table and CSV formats show the same totals', async () => {
    const total = runs.flatMap((r) => r.attempts).reduce((sum, a) => sum + a.costMicroUsd, 0);
    const table = await report('--by', 'task');
    assert.match(table, new RegExp(`│ extract +│ +3 │ +8 │ +2 \\(66\\.7%\\) │ +2 │ \\$${(total / 1e6).toFixed(6)} │`));
    assert.match(table, /TOTAL/);
    const csv = (await inProcess({ by: 'tier', format: 'csv' })).trim().split('\n');
    assert.equal(
      csv[0],
      'tier,requests,attempts,escalated,escalation_rate,valid_results,cost_usd,cost_per_valid_usd,baseline_usd,savings_usd,savings_rate,cached_input_share',
    );
    const totalLine = csv.at(-1)!.split(',');
    assert.deepEqual(totalLine.slice(0, 3), ['TOTAL', '3', '8']);
    assert.equal(Math.round(Number(totalLine[6]) * 1e6), total);
  });

  it('a bad query is a clear error (exit code 2, the query quoted)', async () => {
    const badQuery = await runCli(['report', '--address', address, '--query', 'NoSuchAttribute = "x"']);
    assert.equal(badQuery.code, 2);
    assert.match(badQuery.stderr, /visibility rejected the query .*\(NoSuchAttribute = "x"\): .*NoSuchAttribute/);
  });
});
