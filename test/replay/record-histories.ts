/**
 * Records workflow histories for the replay tests: `node lib/test/replay/record-histories.js`.
 * Run it when a workflow change is intended to stay compatible, and commit the JSON files it writes; the replay
 * test then fails CI on any change that would break runs already in flight.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MediaStore, openBlobStore } from '../../blobs';
import { storeMedia } from '../../blobs/media-input';
import { IMAGE_RULES } from '../../catalog/media';
import { pngBytes } from '../helpers/images';
import { setTimeout as delay } from 'node:timers/promises';
import { join, resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { z } from 'zod';
import { startCascadeEnv, type CascadeEnvOptions } from '../helpers/cascade-env';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/histories');
const Invoice = z.object({ invoiceNumber: z.string(), total: z.number() });
const VALID = { kind: 'content' as const, content: { invoiceNumber: 'A-1', total: 3 } };
const WRONG = { kind: 'content' as const, content: { invoiceNumber: 'A-1', total: 'three' } };

/** A slow answer the fake keeps generating (and billing) after the client leaves. */
const SLOW = { kind: 'content' as const, content: VALID.content, delayMs: 1_500, keepsGenerating: true };

const scenarios: {
  name: string;
  options: Omit<CascadeEnvOptions, 'name'>;
  maxCostUsd?: number;
  /** Cancel the run once this model has been called (a call in flight when the cancellation arrives). */
  cancelOnCall?: string;
  /** Send an image with the input (stored in a blob store of the run's own). */
  image?: true;
}[] = [
  {
    name: 'escalation-failover',
    options: {
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: WRONG }]],
        [
          'standard',
          [
            { ref: 'b/down', behavior: { kind: 'error', status: 503 } },
            { ref: 'c/up', behavior: VALID },
          ],
        ],
      ],
    },
  },
  {
    name: 'repair',
    options: { tiers: [['economy', [{ ref: 'a/eco', behavior: [WRONG, VALID] }], { repairAttempts: 1 }]] },
  },
  {
    name: 'budget-exceeded',
    maxCostUsd: 0.005,
    options: {
      tiers: [
        ['economy', [{ ref: 'a/eco', behavior: WRONG }]],
        ['premium', [{ ref: 'b/top', behavior: VALID, inputUsdPerMTok: 500, outputUsdPerMTok: 500 }]],
      ],
    },
  },
  {
    // The classifier start tier: a small model's call (reason classify) picks standard before the first attempt.
    name: 'classify',
    options: {
      tiers: [
        [
          'economy',
          [
            { ref: 'a/eco', behavior: WRONG },
            { ref: 'd/small', behavior: { kind: 'content', content: { tier: 'standard', reason: 'needs care' } } },
          ],
        ],
        ['standard', [{ ref: 'c/up', behavior: VALID }]],
      ],
      route: { classify: { model: 'd/small' } },
    },
  },
  {
    // A call that timed out on a provider that may bill it: an estimated row, no retry, failover.
    name: 'abandoned-timeout',
    options: {
      tiers: [
        [
          'economy',
          [
            { ref: 'a/slow', behavior: SLOW },
            { ref: 'c/up', behavior: VALID },
          ],
          { timeoutMs: 400 },
        ],
      ],
    },
  },
  {
    // Cancelled while its call is in flight: the call's estimated row (patch llm-cascade.cascade.abandoned-estimate).
    name: 'cancelled-in-flight',
    cancelOnCall: 'a/slow',
    options: { tiers: [['economy', [{ ref: 'a/slow', behavior: SLOW }]]] },
  },
  {
    // An image: the text-only model is ruled out by planning; the vision model's media tokens count in its budget.
    name: 'media',
    image: true,
    maxCostUsd: 1,
    options: {
      tiers: [
        [
          'economy',
          [
            { ref: 'a/eco', behavior: VALID },
            { ref: 'v/see', behavior: VALID, reads: ['vision'], media: { image: IMAGE_RULES.openai } },
          ],
        ],
      ],
    },
  },
];

async function main(): Promise<void> {
  // `record-histories.js [--label ledger-memo] classify repair`: only these scenarios (default: all). A label (e.g. a
  // patch's name) records a new set beside the old ones, so histories of both code paths keep replaying.
  const args = process.argv.slice(2);
  const labelAt = args.indexOf('--label');
  const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'planned';
  const only = args;
  for (const scenario of scenarios.filter((s) => only.length === 0 || only.includes(s.name))) {
    const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-record-'));
    const blobs = { url: pathToFileURL(dir).href };
    const env = await startCascadeEnv({ name: `record-${scenario.name}`, blobs, ...scenario.options });
    try {
      const media = scenario.image
        ? [await storeMedia(new MediaStore(openBlobStore(blobs)), { bytes: pngBytes(1000, 600) })]
        : undefined;
      const run = await env.start({
        schema: Invoice,
        input: 'Invoice A-1 total 3',
        ...(media && { media }),
        maxCostUsd: scenario.maxCostUsd,
        metadata: { sessionId: 'replay' },
      });
      if (scenario.cancelOnCall) {
        for (let i = 0; i < 100 && env.callsTo(scenario.cancelOnCall).length === 0; i++) await delay(50);
        await run.handle.cancel();
      }
      await run.result().catch(() => undefined);
      const history = await run.handle.fetchHistory();
      // Requests planned by the worker (a planning marker first). The histories without the `planned-` prefix
      // were recorded when clients sent resolved routes; they stay, so both input shapes keep replaying.
      const file = join(FIXTURES, `cascadeWorkflow_1.24.0_${label}-${scenario.name}.json`);
      writeFileSync(file, historyToJSON(history));
      console.log(`recorded ${file} (${history.events?.length ?? 0} events)`);
    } finally {
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
