// Integration tests — what the Temporal UI reads about a cascade (describe, history metadata, queries), on the real dev server
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultPayloadConverter } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { z } from 'zod';
import type { CascadeResult } from '../../workflows/definitions';
import { ledgerQuery } from '../../workflows/definitions';
import {
  LlmAttempts,
  LlmCostUsd,
  LlmModel,
  LlmOutcome,
  LlmSession,
  LlmTask,
  LlmTier,
  SEARCH_ATTRIBUTES,
} from '../../workflows/definitions/search-attributes';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { memoAttempt, type LedgerMemo } from '../../workflows/job/memo';

const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const SECRET_PROMPT = 'Invoice INV-7 for ACME-CONFIDENTIAL, total 120.50';

interface WorkflowMetadata {
  definition: { type: string; queryDefinitions: { name: string; description?: string }[] };
  currentDetails: string;
}

describe('Temporal UI data of an escalated, failed-over cascade', () => {
  let env: CascadeEnv;
  let result: CascadeResult;
  let workflowId: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'ui-inspect',
      tierDefaults: { triesPerCandidate: 1 },
      tiers: [
        [
          'economy',
          [{ ref: 'cheap/eco-1', behavior: { kind: 'content', content: { invoiceNumber: 'INV-7', total: 'lots' } } }],
        ],
        [
          'standard',
          [
            { ref: 'down/std-down', behavior: { kind: 'error', status: 503 } },
            {
              ref: 'up/std-up',
              behavior: { kind: 'content', content: { invoiceNumber: 'INV-7', total: 120.5 } },
              inputUsdPerMTok: 0.5,
            },
          ],
        ],
        [
          'premium',
          [{ ref: 'top/prem-1', behavior: { kind: 'content', content: {} }, inputUsdPerMTok: 5, outputUsdPerMTok: 15 }],
        ],
      ],
    });
    const started = await env.start({
      schema: Invoice,
      schemaName: 'Invoice',
      input: SECRET_PROMPT,
      metadata: { sessionId: 'sess-ui-1', userId: 'user-42', tags: ['ui'] },
    });
    workflowId = started.workflowId;
    result = await started.result();
  });
  after(() => env?.close());

  it('the run escalated and failed over', () => {
    assert.deepEqual(
      result.attempts.map((a) => [a.reason, a.outcome]),
      [
        ['first', 'schema_violation'],
        ['escalation', 'provider_error'],
        ['failover', 'ok'],
      ],
    );
  });

  it('describe(): static summary and details, memo metadata, typed search attributes equal to the ledger', async () => {
    const description = await env.temporal.client.workflow.getHandle(workflowId).describe();
    // The client knows the request, not the route: the worker's catalog plans it (Current Details shows it).
    assert.equal(
      await description.staticSummary(),
      'extract → Invoice · ledger: User Metadata → Current Details (Memo once finished)',
    );
    const details = (await description.staticDetails()) ?? '';
    assert.match(details, /\*\*task\*\* extract/);
    assert.match(details, /planned by the worker's catalog/);
    assert.match(details, /when it is blank, start one/);
    // What the client set at the start, and the ledger the finished run left (the UI shows it with no worker).
    const { llmCascadeLedger: ledger, ...started } = description.memo ?? {};
    assert.deepEqual(started, {
      task: 'extract',
      schema: 'Invoice',
      sessionId: 'sess-ui-1',
      userId: 'user-42',
      tags: ['ui'],
    });
    const memo = ledger as LedgerMemo;
    assert.equal(memo.costMicroUsd, result.totals.costMicroUsd);
    assert.equal(memo.attempts, result.attempts.length);
    assert.deepEqual(memo.rows, result.attempts.map(memoAttempt));

    const attributes = description.typedSearchAttributes;
    assert.equal(attributes.get(LlmCostUsd), result.totals.costUsd);
    assert.equal(
      Math.round(attributes.get(LlmCostUsd)! * 1e6),
      result.attempts.reduce((sum, a) => sum + a.costMicroUsd, 0),
    );
    assert.equal(attributes.get(LlmAttempts), 3);
    assert.equal(attributes.get(LlmTier), 'standard');
    assert.equal(attributes.get(LlmModel), 'up/std-up');
    assert.equal(attributes.get(LlmOutcome), 'ok');
    assert.equal(attributes.get(LlmTask), 'extract');
    assert.equal(attributes.get(LlmSession), 'sess-ui-1');
  });

  it('no prompt text in any search attribute (they are never encrypted)', async () => {
    const description = await env.temporal.client.workflow.getHandle(workflowId).describe();
    const values = description.typedSearchAttributes.getAll().map((pair) => String(pair.value));
    // All but LlmItems (batches only) and LlmExperiment (requests in an A/B experiment only).
    assert.ok(values.length >= SEARCH_ATTRIBUTES.length - 2, `expected our attributes, got ${values.join(', ')}`);
    for (const value of values) {
      assert.ok(
        !value.includes('ACME') && !value.includes('INV-7'),
        `search attribute value leaks the prompt: ${value}`,
      );
    }
    const raw = JSON.stringify(description.raw.workflowExecutionInfo?.searchAttributes ?? {});
    assert.ok(!raw.includes('ACME'));
  });

  it('history: every scheduled attempt carries a summary naming tier, model and why it ran', async () => {
    const history = await env.temporal.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    const summaries = scheduled.map((e) => summaryOf(e));
    assert.deepEqual(summaries, [
      'economy: cheap/eco-1, first try',
      'standard: down/std-down, escalation after schema_violation on cheap/eco-1',
      'standard: up/std-up, failover after provider_error 503 on down/std-down',
    ]);
  });

  it('the ledger query returns every attempt, and the metadata query carries the markdown ledger and its description', async () => {
    const handle = env.temporal.client.workflow.getHandle(workflowId);
    const ledger = await handle.query(ledgerQuery);
    assert.equal(ledger.done, true);
    assert.deepEqual(
      ledger.attempts.map((a) => a.ref),
      ['cheap/eco-1', 'down/std-down', 'up/std-up'],
    );
    assert.equal(ledger.totals.costMicroUsd, result.totals.costMicroUsd);

    const metadata = await handle.query<WorkflowMetadata>('__temporal_workflow_metadata');
    assert.equal(metadata.definition.type, 'cascadeWorkflow');
    const ledgerDefinition = metadata.definition.queryDefinitions.find((q) => q.name === 'ledger');
    assert.match(ledgerDefinition?.description ?? '', /attempt/i);
    // Cells are padded with no-break spaces for the UI; compare them without.
    const lines = metadata.currentDetails.split('\n').map((line) => line.replace(/\u00a0/g, ''));
    assert.match(
      lines[0]!,
      new RegExp(
        `^\\*\\*done\\*\\*: 3 attempts, 2 billed, total \\*\\*\\$${result.totals.costUsd.toFixed(6).replace('.', '\\.')}\\*\\*`,
      ),
    );
    assert.ok(lines.some((l) => l.startsWith('| # | tier | model |')));
    // Two narrow tables keyed by the attempt's number: what happened, then tokens, cost and latency.
    assert.equal(lines.filter((l) => /^\| \d+ \| (economy|standard) \|/.test(l)).length, 3);
    assert.ok(lines.some((l) => l.startsWith('| # | tokens | cost | ms |')));
    assert.equal(
      lines.filter((l) => /^\| \d+ \| \d+→\d+ \| \$\d\.\d{6} \| \d+ \|$/.test(l)).length,
      3,
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => l.includes('| standard | down/std-down | escalation | provider_error 503 |')),
      lines.join('\n'),
    );
    // The route the worker's catalog planned, with each tier's candidates and prices.
    assert.ok(lines.includes("route (worker's catalog): **economy** → standard → premium"), lines.join('\n'));
    assert.ok(
      lines.some((l) => /^\| standard \| down\/std-down: .*; up\/std-up: /.test(l)),
      lines.join('\n'),
    );
  });
});

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

function summaryOf(event: HistoryEvent): string | undefined {
  const payload = event.userMetadata?.summary;
  return payload ? defaultPayloadConverter.fromPayload<string>(payload) : undefined;
}
