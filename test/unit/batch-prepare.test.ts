// Unit tests — checks before a batch starts (files only, no server), and the report's terminal presentation
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CascadeConfigError } from '../../catalog/errors';
import { parseCatalog } from '../../catalog/node/parse';
import { prepareBatch, type BatchRequest } from '../../client/batch-client';
import { batchReportTables, progressLine } from '../../cli/batch-format';
import type { BatchReport } from '../../workflows/batch/definitions';
import { tempFiles } from '../helpers/cli';

const price = { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'https://example.test', effectiveFrom: '2025-01-01' };
const catalog = parseCatalog(
  {
    providers: { p: { baseURL: 'http://127.0.0.1:9/v1', structuredOutput: 'json_schema' } },
    models: {
      'p/small': { contextWindow: 8000, maxOutputTokens: 500, prices: [price] },
      'p/big': { contextWindow: 100_000, maxOutputTokens: 500, prices: [price] },
    },
    routes: {
      extract: {
        tiers: [
          { name: 'economy', candidates: ['p/small'] },
          { name: 'long', candidates: ['p/big'] },
        ],
        startRules: [{ tier: 'long', minPromptTokens: 4000 }],
      },
    },
  },
  'unit catalog',
);
const schema = z.object({ total: z.number() });

describe('prepareBatch', () => {
  const files = tempFiles({ 'in.jsonl': '{"id":"a","text":"x"}\n' });
  const base = (extra: Partial<BatchRequest> = {}): BatchRequest => ({
    task: 'extract',
    schema,
    input: files['in.jsonl']!,
    output: join(files.dir, 'out.jsonl'),
    ...extra,
  });
  const fails = (request: BatchRequest, message: RegExp) =>
    assert.throws(
      () => prepareBatch(catalog, request, '2026-01-01'),
      (error: unknown) => error instanceof CascadeConfigError && message.test(error.message),
    );

  it('builds the input: absolute paths, default errors file, JSON Schema from zod; no route (the worker plans it)', () => {
    const input = prepareBatch(catalog, base({ concurrency: 4 }), '2026-01-01');
    assert.deepEqual(input.source, { kind: 'jsonl', path: files['in.jsonl'] });
    assert.deepEqual(input.outputs, {
      resultsPath: join(files.dir, 'out.jsonl'),
      errorsPath: join(files.dir, 'out.errors.jsonl'),
    });
    assert.equal(input.schema.jsonSchema.type, 'object');
    assert.equal(input.route, undefined);
    assert.equal(input.startRules, undefined);
    assert.equal(input.concurrency, 4);
    assert.ok(existsSync(join(files.dir, 'out.jsonl')), 'the output was opened for appending: it can be written');
    assert.equal(prepareBatch(catalog, base({ startTier: 'long' }), '2026-01-01').startTier, 'long');
    // Without a catalog the client checks the files and the schema; task and tier are the worker's to check.
    assert.equal(
      prepareBatch(undefined, base({ task: 'not-in-this-catalog' }), '2026-01-01').task,
      'not-in-this-catalog',
    );
  });

  it('the default batch id is the same for the same task, input and output, and differs otherwise', () => {
    const one = prepareBatch(catalog, base(), '2026-01-01').batchId;
    assert.equal(prepareBatch(catalog, base(), '2026-01-01').batchId, one);
    assert.notEqual(prepareBatch(catalog, base({ output: join(files.dir, 'other.jsonl') }), '2026-01-01').batchId, one);
    assert.match(one, /^extract-[0-9a-f]{12}$/);
  });

  it('rejects out-of-range numbers, bad batch ids, unknown tasks and clashing files with messages that say what to fix', () => {
    fails(base({ concurrency: 0 }), /concurrency must be a whole number from 1 to 500/);
    fails(base({ concurrency: 2.5 }), /concurrency/);
    fails(base({ maxCostUsd: -1 }), /maxCostUsd must be at least \$0\.000001/);
    fails(base({ maxCostUsd: 0.0000001 }), /maxCostUsd must be at least \$0\.000001/);
    fails(base({ batchId: 'a b' }), /batch id "a b" may hold only/);
    fails(base({ task: 'nope' }), /no route for task "nope" \(known tasks: extract\)/);
    fails(base({ errors: join(files.dir, 'out.jsonl') }), /--out and --errors must be different/);
    fails(base({ schema: { type: 'object', properties: { a: { type: 'nonsense' } } } }), /schema does not compile/);
    writeFileSync(join(files.dir, 'notes.txt'), 'x');
    fails(base({ input: join(files.dir, 'notes.txt') }), /give a \.jsonl file/);
    fails(base({ output: files.dir }), /cannot write .* \(EISDIR\)/);
  });
});

describe('batch report presentation', () => {
  const report: BatchReport = {
    batchId: 'b',
    status: 'budget_exhausted',
    total: 10,
    ok: 6,
    failed: 1,
    skipped: 0,
    undone: 3,
    retryable: 0,
    failedByCode: { CascadeExhaustedError: 1 },
    costUsd: 0.01,
    costMicroUsd: 10_000,
    costByTierUsd: { economy: 0.004, premium: 0.006 },
    costByModelUsd: { 'p/small': 0.004, 'p/big': 0.006 },
    attempts: 9,
    escalated: 2,
    escalationRate: 2 / 7,
    baselineCostUsd: 0.04,
    savingsPct: 75,
    outputs: { resultsPath: '/r.jsonl', errorsPath: '/e.jsonl' },
    runs: 1,
    durationMs: 1500,
    stopReason: 'budget spent',
  };

  it('tables show the counts, costs by tier and model with shares, savings and the output paths', () => {
    const text = batchReportTables(report);
    assert.match(text, /budget_exhausted \(budget spent\)/);
    assert.match(text, /10 total: 6 ok, 1 failed, 0 already done, 3 undone/);
    assert.match(text, /\$0\.040000: 75% saved/);
    assert.match(text, /2 items \(28\.6% of those run/);
    assert.match(text, /premium\s+│ \$0\.006000 │ 60\.0%/);
    assert.match(text, /p\/small\s+│ \$0\.004000 │ 40\.0%/);
    assert.match(text, /\/e\.jsonl/);
    assert.match(text, /failed by reason.*CascadeExhaustedError ×1/);
    assert.match(batchReportTables({ ...report, savingsPct: null }), /n\/a \(no ok item\)/);
  });

  it('progressLine: done of those to process, in flight, cost and projection, phase when not running', () => {
    const line = progressLine({
      batchId: 'b',
      phase: 'paused',
      total: 12,
      alreadyDone: 2,
      done: 4,
      retrying: 0,
      ok: 3,
      failed: 1,
      inFlight: 0,
      costUsd: 0.001,
      projectedTotalCostUsd: 0.0025,
      runs: 1,
    });
    assert.equal(line, '4/10 done (1 failed), 0 in flight, $0.001000 so far, ~$0.002500 projected [paused]');
  });
});
