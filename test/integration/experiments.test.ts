// Integration tests — an A/B experiment at 20 % on the dev server: the worker's planning puts each session in an
// arm (the variant starts at the standard tier), the arm is on the result, the ledger rows and the LlmExperiment
// search attribute, and `report --by experiment` compares both arms
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { assignArm } from '../../routing/experiments';
import type { ExperimentSpec } from '../../catalog/types';
import { runReport } from '../../cli/actions/report';
import type { CascadeResult } from '../../workflows/definitions';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { getTestServer } from '../helpers/temporal';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const VALID = { kind: 'content' as const, content: { invoiceNumber: 'INV-7', total: 120.5 } };
const WRONG = { kind: 'content' as const, content: { invoiceNumber: 'INV-7', total: 'lots' } };
const EXPERIMENT: ExperimentSpec = { name: 'standard-start', share: 0.2, variant: { startTier: 'standard' } };
const SESSIONS = Array.from({ length: 20 }, (_, i) => `session-${i}`);

interface ArmJson {
  arm: string;
  requests: number;
  firstPass: number;
  escalated: number;
  validResults: number;
  costPerValidMicroUsd: number | null;
  medianLatencyMs: number | null;
}

describe('A/B experiment at 20 % on the dev server', () => {
  let env: CascadeEnv;
  let address: string;
  const results: { sessionId: string; result: CascadeResult }[] = [];
  const expected = (sessionId: string) => assignArm(EXPERIMENT, sessionId).arm;
  const report = async (format: 'json' | 'table') =>
    runReport({
      since: '24h',
      by: 'experiment',
      kind: 'all',
      format,
      limit: 1000,
      address,
      query: `TaskQueue = "${env.taskQueue}"`,
    });

  before(async () => {
    env = await startCascadeEnv({
      name: 'experiments',
      tierDefaults: { triesPerCandidate: 1 },
      route: { experiments: [EXPERIMENT] },
      tiers: [
        ['economy', [{ ref: 'cheap/eco', behavior: WRONG, inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4 }]],
        ['standard', [{ ref: 'mid/std', behavior: VALID, inputUsdPerMTok: 0.5, outputUsdPerMTok: 1.5 }]],
      ],
    });
    address = (await getTestServer()).address;
    assert.ok(SESSIONS.some((s) => expected(s) === 'variant') && SESSIONS.some((s) => expected(s) === 'control'));
    // Two requests per session, the second after the first: a session stays in its arm.
    await Promise.all(
      SESSIONS.map(async (sessionId) => {
        for (let i = 0; i < 2; i++) {
          const result = await env.run({ schema: Invoice, input: `Invoice ${i}`, metadata: { sessionId } });
          results.push({ sessionId, result: result as CascadeResult });
        }
      }),
    );
    for (let tries = 0; ; tries++) {
      const listed = JSON.parse(await report('json')) as { experiments: { control: ArmJson; variant: ArmJson }[] };
      const arms = listed.experiments[0];
      if (arms && arms.control.requests + arms.variant.requests === results.length) break;
      assert.ok(tries < 100, 'visibility never listed every request');
      await sleep(200);
    }
  });
  after(() => env?.close());

  it('each session is in its hashed arm on every request; the variant starts at standard, the control escalates', () => {
    for (const { sessionId, result } of results) {
      const arm = expected(sessionId);
      assert.deepEqual(result.experiments, [{ experiment: 'standard-start', arm }]);
      assert.deepEqual(
        result.attempts.map((a) => `${a.tier}:${a.outcome}`),
        arm === 'variant' ? ['standard:ok'] : ['economy:schema_violation', 'standard:ok'],
      );
      for (const row of result.attempts) assert.equal(row.experiments, `standard-start:${arm}`);
    }
  });

  it('the LlmExperiment search attribute finds the variant arm', async () => {
    const variants = results.filter((r) => expected(r.sessionId) === 'variant').length;
    let listed = 0;
    for (let tries = 0; tries < 100; tries++) {
      listed = 0;
      for await (const _ of env.temporal.client.workflow.list({
        query: `TaskQueue = "${env.taskQueue}" AND LlmExperiment = "standard-start:variant"`,
      }))
        listed++;
      if (listed === variants) break;
      await sleep(200);
    }
    assert.equal(listed, variants);
  });

  it('report --by experiment compares the arms and says there is not enough data yet', async () => {
    const json = JSON.parse(await report('json')) as {
      experiments: { experiment: string; control: ArmJson; variant: ArmJson; verdict: string; test?: unknown }[];
    };
    assert.equal(json.experiments.length, 1);
    const [c] = json.experiments;
    const variants = results.filter((r) => expected(r.sessionId) === 'variant').length;
    assert.equal(c!.variant.requests, variants);
    assert.equal(c!.control.requests, results.length - variants);
    assert.equal(c!.variant.firstPass, variants);
    assert.equal(c!.control.firstPass, 0);
    assert.equal(c!.control.escalated, c!.control.requests);
    assert.equal(c!.variant.escalated, 0);
    assert.equal(c!.control.validResults, c!.control.requests);
    assert.ok(c!.control.costPerValidMicroUsd! > c!.variant.costPerValidMicroUsd!);
    assert.ok(c!.variant.medianLatencyMs! > 0);
    assert.equal(c!.test, undefined);
    assert.match(c!.verdict, /^not enough data yet/);
    const table = await report('table');
    assert.match(table, /standard-start[\s\S]*control[\s\S]*variant[\s\S]*not enough data yet/);
  });
});
