// Integration tests — `llm-cascade worker --metrics-port` as a child process: JSON log lines and Prometheus metrics per attempt
// Longer than 250 lines because it drives a real worker process and reads its log lines and Prometheus metrics for every outcome in one run.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { findFreePorts } from '../../server/free-port';
import type { CascadeResult } from '../../workflows/definitions';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { spawnCli, tempFiles } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const VALID = { invoiceNumber: 'INV-7', total: 120.5 };

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus' text exposition format (one sample per line; no escaped quotes in our label values). */
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(match, `unparseable metrics line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** Polls until `check` returns a value, for up to `timeoutMs`; the last error explains a timeout. */
async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}

describe('worker telemetry: one JSON log line and metrics per attempt', () => {
  let env: CascadeEnv;
  let worker: ReturnType<typeof spawnCli>;
  let metricsPort: number;
  const results: CascadeResult[] = [];

  before(async () => {
    env = await startCascadeEnv({
      name: 'metrics-telemetry',
      noWorker: true,
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        [
          'economy',
          [
            {
              ref: 'cheap/eco-1',
              behavior: [
                { kind: 'content', content: { invoiceNumber: 'INV-7' } },
                { kind: 'content', content: VALID },
              ],
            },
          ],
        ],
        [
          'standard',
          [
            { ref: 'down/std-down', behavior: { kind: 'error', status: 503 } },
            {
              ref: 'up/std-up',
              behavior: { kind: 'content', content: VALID },
              inputUsdPerMTok: 0.5,
              outputUsdPerMTok: 1.5,
            },
          ],
        ],
      ],
    });
    const { address, namespace } = await getTestServer();
    [metricsPort] = (await findFreePorts(1)) as [number];
    const files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue, namespace } },
    });
    worker = spawnCli([
      'worker',
      '--config',
      files['config.json']!,
      '--address',
      address,
      '--metrics-port',
      String(metricsPort),
    ]);
    await eventually('the worker to poll', () => (worker.output().includes('"state":"RUNNING"') ? true : undefined));
    // First request: schema violation on economy, 503 on standard's first candidate, failover to the second.
    // Second request: the economy model answers well (its queue moved on), with a session id.
    results.push(
      await env.run({ schema: Invoice, input: 'Invoice INV-7, total 120.50', metadata: { sessionId: 'sess-m-1' } }),
    );
    results.push(
      await env.run({ schema: Invoice, input: 'Invoice INV-8, total 99', metadata: { sessionId: 'sess-m-2' } }),
    );
  });
  after(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await env?.close();
  });

  it('the runs escalated and failed over, then succeeded first time', () => {
    assert.deepEqual(
      results.map((r) => r.attempts.map((a) => a.outcome)),
      [['schema_violation', 'provider_error', 'ok'], ['ok']],
    );
  });

  it('logs: every line is one JSON object; one llm_attempt line per attempt with flat, complete fields', async () => {
    const lines = await eventually('four llm_attempt lines', () => {
      const parsed = worker
        .output()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      return parsed.filter((l) => l.message === 'llm_attempt').length >= 4 ? parsed : undefined;
    });
    const attempts = lines.filter((l) => l.message === 'llm_attempt');
    const expected = results.flatMap((r, i) => r.attempts.map((a) => ({ r, a, session: `sess-m-${i + 1}` })));
    assert.equal(attempts.length, expected.length);
    for (const { r, a, session } of expected) {
      const line = attempts.find((l) => l.workflowId === r.workflowId && l.model === a.ref);
      assert.ok(line, `no log line for ${a.ref} in ${r.workflowId}`);
      assert.equal(line.level, 'INFO');
      assert.match(String(line.time), /^\d{4}-\d\d-\d\dT/);
      assert.deepEqual(
        [line.task, line.tier, line.provider, line.outcome, line.reason, line.sessionId, line.activityType],
        ['extract', a.tier, a.provider, a.outcome, a.reason, session, 'callModel'],
      );
      assert.equal(line.inputTokens, a.usage.inputTokens);
      assert.equal(line.outputTokens, a.usage.outputTokens);
      assert.equal(line.costMicroUsd, a.costMicroUsd);
      assert.equal(typeof line.latencyMs, 'number');
    }
    assert.equal(attempts.find((l) => l.outcome === 'provider_error')!.status, 503);
    // The SDK's own warning about the failed activity keeps its error message (an Error is not `{}` in JSON).
    const warning = lines.find((l) => l.message === 'Activity failed') as
      { error?: { message?: string; type?: string } } | undefined;
    assert.match(warning?.error?.message ?? '', /503/);
    assert.equal(warning?.error?.type, 'ModelInvocationError.ServerError');
  });

  it('metrics: cost, attempts, tokens and latency series, tagged, with cost equal to the ledgers', async () => {
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    const samples = await eventually('llm_cascade metrics', async () => {
      const parsed = parseMetrics(await (await fetch(url)).text());
      const attempts = parsed.filter((s) => s.name === 'llm_cascade_attempts').reduce((sum, s) => sum + s.value, 0);
      return attempts >= 4 ? parsed : undefined;
    });
    const series = (name: string) => samples.filter((s) => s.name === name && s.labels.taskQueue === env.taskQueue);
    const ledgerMicroUsd = results.reduce((sum, r) => sum + r.totals.costMicroUsd, 0);

    const cost = series('llm_cascade_cost_micro_usd');
    assert.equal(
      cost.reduce((sum, s) => sum + s.value, 0),
      ledgerMicroUsd,
    );
    const economy = cost.filter((s) => s.labels.model === 'cheap/eco-1');
    assert.deepEqual(economy.map((s) => [s.labels.provider, s.labels.tier, s.labels.task, s.labels.outcome]).sort(), [
      ['cheap', 'economy', 'extract', 'ok'],
      ['cheap', 'economy', 'extract', 'schema_violation'],
    ]);
    const violation = economy.find((s) => s.labels.outcome === 'schema_violation')!;
    assert.equal(violation.value, results[0]!.attempts[0]!.costMicroUsd);

    const attempts = series('llm_cascade_attempts');
    const down = attempts.find((s) => s.labels.model === 'down/std-down');
    assert.deepEqual([down?.labels.outcome, down?.labels.reason], ['provider_error', 'escalation']);
    assert.equal(
      attempts.reduce((sum, s) => sum + s.value, 0),
      4,
    );
    // docs/metrics.md's escalation rate: escalations per first attempt — one escalation over two requests.
    const byReason = (reason: string) =>
      attempts.filter((s) => s.labels.reason === reason).reduce((sum, s) => sum + s.value, 0);
    assert.equal(byReason('escalation') / byReason('first'), 0.5);
    assert.equal(byReason('failover'), 1);

    const outputTokens = series('llm_cascade_tokens').filter((s) => s.labels.kind === 'output');
    assert.equal(
      outputTokens.reduce((sum, s) => sum + s.value, 0),
      results.reduce((sum, r) => sum + r.totals.outputTokens, 0),
    );

    const latencyCount = series('llm_cascade_attempt_latency_ms_count');
    assert.equal(
      latencyCount.reduce((sum, s) => sum + s.value, 0),
      4,
    );
    // Buckets reach minutes, not Core's default 10 s ceiling: slow premium calls get a real p95.
    assert.ok(series('llm_cascade_attempt_latency_ms_bucket').some((s) => s.labels.le === '60000'));
  });
});

describe('worker telemetry of quality gates: a rejected answer is visible, not only an ok attempt', () => {
  const GATED = { vendor: 'Northwind', total: 671.25 };
  const RIGHT = { vendor: 'Northwind', total: 1342.5 };
  const Gated = z.object({ vendor: z.string(), total: z.number() });
  let env: CascadeEnv;
  let worker: ReturnType<typeof spawnCli>;
  let metricsPort: number;
  let result: CascadeResult;

  before(async () => {
    env = await startCascadeEnv({
      name: 'metrics-gates',
      noWorker: true,
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        [
          'economy',
          [
            { ref: 'cheap/eco-1', behavior: { kind: 'content', content: GATED } },
            {
              ref: 'judge/tiny',
              behavior: (ctx) => {
                const wrong = JSON.stringify(ctx.body.messages).includes('671.25}');
                return {
                  kind: 'content',
                  content: { ok: !wrong, problems: wrong ? ['total: 671.25 is a line amount'] : [] },
                };
              },
            },
          ],
        ],
        [
          'standard',
          [
            { ref: 'up/std-up', behavior: { kind: 'content', content: RIGHT } },
            // The agreement partner: disagrees on the total, so the standard answer is rejected too.
            { ref: 'up/std-b', behavior: { kind: 'content', content: { ...RIGHT, total: 1342 } } },
          ],
        ],
        ['premium', [{ ref: 'top/big', behavior: { kind: 'content', content: RIGHT } }]],
      ],
      // Economy: a verifier. Standard: a verifier, then an agreement gate on the total. Premium: no gate.
      tierVerifiers: { economy: 'judge/tiny', standard: 'judge/tiny' },
      tierAgreement: { standard: { fields: ['total'] } },
    });
    const { address, namespace } = await getTestServer();
    [metricsPort] = (await findFreePorts(1)) as [number];
    const files = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue, namespace } },
    });
    worker = spawnCli([
      'worker',
      '--config',
      files['config.json']!,
      '--address',
      address,
      '--metrics-port',
      String(metricsPort),
    ]);
    await eventually('the worker to poll', () => (worker.output().includes('"state":"RUNNING"') ? true : undefined));
    result = await env.run({
      schema: Gated,
      input: 'INVOICE Northwind\nWidgets 2 x 671.25\nTotal due: 1,342.50',
      metadata: { sessionId: 'sess-gate' },
    });
  });
  after(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    await env?.close();
  });

  it('the verifier rejected the economy answer; the standard one passed the verifier and failed agreement', () => {
    assert.deepEqual(
      result.attempts.map((a) => [a.ref, a.reason, a.outcome]),
      [
        ['cheap/eco-1', 'first', 'check_failed'],
        ['judge/tiny', 'verify', 'check_failed'],
        ['up/std-up', 'escalation', 'check_failed'],
        ['judge/tiny', 'verify', 'ok'],
        ['up/std-b', 'agreement', 'check_failed'],
        ['top/big', 'escalation', 'ok'],
      ],
    );
  });

  it('logs: the verify call carries its verdict, and the workflow logs each gate decision as llm_gate', async () => {
    const lines = await eventually('three llm_gate lines', () => {
      const parsed = worker
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      return parsed.filter((l) => l.message === 'llm_gate').length >= 3 ? parsed : undefined;
    });
    const verifyCalls = lines.filter((l) => l.message === 'llm_attempt' && l.reason === 'verify');
    assert.deepEqual(
      verifyCalls.map((l) => [l.outcome, l.verdict, l.problems]),
      [
        // The field, not the verifier's text (it may quote the document): logContent is off.
        ['ok', 'rejected', ['total']],
        ['ok', 'accepted', []],
      ],
    );
    const gates = lines.filter((l) => l.message === 'llm_gate');
    assert.deepEqual(
      gates.map((l) => [l.level, l.gate, l.decision, l.tier, l.model, l.judge, l.answerSeq, l.sessionId]),
      [
        ['WARN', 'verify', 'rejected', 'economy', 'cheap/eco-1', 'judge/tiny', 1, 'sess-gate'],
        ['INFO', 'verify', 'accepted', 'standard', 'up/std-up', 'judge/tiny', 3, 'sess-gate'],
        ['WARN', 'agreement', 'rejected', 'standard', 'up/std-up', 'up/std-b', 3, 'sess-gate'],
      ],
    );
    // Check and field only: the values ("671.25", "one answer says 1342.5") stay in the ledger, out of the log.
    assert.deepEqual(gates[0]!.problems, ['verifier at total']);
    assert.deepEqual(gates[2]!.problems, ['agreement at total']);
    assert.ok(!lines.some((l) => /671\.25|1342/.test(JSON.stringify(l))), 'a value of the document in the log');
    assert.equal(gates[0]!.workflowId, result.workflowId);
  });

  it("metrics: llm_cascade_gate_decisions counts the rejection against the answer's model", async () => {
    const url = `http://127.0.0.1:${metricsPort}/metrics`;
    const decisions = await eventually('gate decision metrics', async () => {
      const parsed = parseMetrics(await (await fetch(url)).text()).filter(
        (s) => s.name === 'llm_cascade_gate_decisions' && s.labels.taskQueue === env.taskQueue,
      );
      return parsed.reduce((sum, s) => sum + s.value, 0) >= 3 ? parsed : undefined;
    });
    assert.deepEqual(
      decisions
        .map((s) => [s.labels.gate, s.labels.decision, s.labels.tier, s.labels.model, s.labels.task, s.value])
        .sort(),
      [
        ['agreement', 'rejected', 'standard', 'up/std-up', 'extract', 1],
        ['verify', 'accepted', 'standard', 'up/std-up', 'extract', 1],
        ['verify', 'rejected', 'economy', 'cheap/eco-1', 'extract', 1],
      ],
    );
    // docs/metrics.md: answers that validated and survived the gates = ok answer attempts − rejections.
    const attempts = parseMetrics(await (await fetch(url)).text()).filter(
      (s) => s.name === 'llm_cascade_attempts' && s.labels.taskQueue === env.taskQueue,
    );
    const okAnswers = attempts
      .filter((s) => s.labels.outcome === 'ok' && !['verify', 'agreement'].includes(s.labels.reason!))
      .reduce((sum, s) => sum + s.value, 0);
    const rejected = decisions.filter((s) => s.labels.decision === 'rejected').reduce((sum, s) => sum + s.value, 0);
    assert.equal(okAnswers - rejected, 1, 'one answer was really accepted');
  });
});
