/**
 * `npm run bench:eval-invoices [-- --split held|tune] [--limit N]`: `llm-cascade eval`'s runner on the labelled
 * multilingual invoice set (`bench/invoice-set/`), through a real dev server and worker: a loopback fake plays the
 * candidate, answering each invoice with its correct extraction or (half of the items, seeded) one of the set's
 * realistic wrong answers for it, and a verifier that misses a share of wrong answers and rejects a few right ones
 * (demo/simulated-verifier.ts). The answers are scripted, so what this measures is the checks (the invoice recipe)
 * and the gate arithmetic on held-out documents, not a model. Prints the eval tables; writes
 * bench/results/eval-invoices.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalog } from '../catalog/node/parse';
import { DocumentExtraction, EXTRACTION_INSTRUCTIONS } from '../demo/schema';
import { INVOICE_CHECKS } from '../demo/recipes';
import { withVerifier } from '../demo/simulated-verifier';
import type { Expected } from '../demo/ground-truth';
import type { Label } from '../inputs/score';
import { hashString, keyedRng } from '../sim/prng';
import { startFakeProvider } from '../sim/fake-provider';
import type { FakeCallContext, FakeReply } from '../sim/fake-types';
import { formatEval } from '../cli/eval/format';
import { evalPlan } from '../cli/eval/plan';
import { pool, runItem } from '../cli/eval/run';
import { scoreCandidate } from '../cli/eval/score';
import { moneyJson } from '../cli/json-money';
import { loadSet } from './quality-checks';
import { BENCH_DIR } from './peers/install';
import { startCascadeWorker, startTemporal } from './setup/temporal-env';

const SEED = 7;
const WRONG_SHARE = 0.5;
/** The fields of the demo schema an invoice label does not carry: what a careful reader answers for them. */
const REST = {
  summary: 'An invoice.',
  paymentTerms: null,
  orderNumber: null,
  urgency: null,
  sentiment: null,
  requestedAction: null,
};

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[bench:eval-invoices] ${line}\n`);
  const split = (flag('--split') ?? 'held') as 'held' | 'tune';
  const limit = flag('--limit') ? Number(flag('--limit')) : undefined;
  const items = loadSet(split).slice(0, limit);
  const byText = new Map(items.map((item) => [item.text, item]));
  const provider = await startFakeProvider({ callLogLimit: 1_000 });
  // The candidate: the right extraction, or one realistic wrong answer of the item's, chosen by a seeded draw.
  provider.setModel('reader', (ctx: FakeCallContext): FakeReply => {
    const text = String((ctx.body as { messages: { role: string; content: string }[] }).messages.at(-1)?.content ?? '');
    const item = byText.get(text);
    if (!item) return { kind: 'content', content: '{}' };
    const rng = keyedRng(SEED, 'reader', hashString(item.id));
    const wrong =
      rng() < WRONG_SHARE && item.wrong.length > 0 ? item.wrong[Math.floor(rng() * item.wrong.length)] : undefined;
    const answer = { ...REST, ...item.expected, ...(wrong && { [wrong.field]: wrong.value }) };
    return { kind: 'content', content: JSON.stringify(answer) };
  });
  const expected = new Map(items.map((item) => [item.text, item.expected as unknown as Expected]));
  provider.setModel('judge', withVerifier({ kind: 'content', content: '{}' }, expected, SEED));
  const price = (input: number, output: number) => [
    {
      inputUsdPerMTok: input,
      outputUsdPerMTok: output,
      source: 'https://example.test/pricing',
      effectiveFrom: '2025-01-01',
    },
  ];
  const catalog = parseCatalog(
    {
      providers: { scripted: { baseURL: provider.baseURL, structuredOutput: 'json_schema' } },
      models: {
        'scripted/reader': { contextWindow: 32_000, maxOutputTokens: 2_000, prices: price(0.1, 0.4) },
        'scripted/judge': { contextWindow: 32_000, maxOutputTokens: 500, prices: price(0.05, 0.2) },
      },
      routes: { invoice: { tiers: [{ name: 'economy', candidates: ['scripted/reader'] }], checks: INVOICE_CHECKS } },
    },
    'bench eval-invoices catalog',
  );
  const plan = evalPlan(catalog, 'invoice', [], { verifier: 'scripted/judge' });
  const env = await startTemporal(log);
  const taskQueue = 'bench-eval-invoices';
  const worker = await startCascadeWorker(env, plan.catalog, taskQueue);
  const labels = new Map<string, Label>(items.map((item) => [item.id, item.expected as unknown as Label]));
  try {
    const candidates = [];
    for (const run of plan.runs) {
      log(`gates ${run.gates}: ${items.length} invoices of the ${split} split…`);
      const answers = await pool(items.length, 8, (index) =>
        runItem({ client: env.client, taskQueue }, run, items[index]!, {
          schema: DocumentExtraction,
          instructions: EXTRACTION_INSTRUCTIONS,
          concurrency: 8,
          idPrefix: `bench-eval-${Date.now().toString(36)}`,
        }),
      );
      candidates.push(scoreCandidate(run, answers, labels));
    }
    const report = { task: 'invoice', items: items.length, candidates };
    process.stdout.write(formatEval(report));
    mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
    const out = join(BENCH_DIR, 'results', 'eval-invoices.json');
    writeFileSync(
      out,
      `${JSON.stringify(moneyJson({ split, seed: SEED, wrongShare: WRONG_SHARE, ...report }), null, 2)}\n`,
    );
    log(`results in ${out}`);
  } finally {
    await worker.stop();
    await provider.close();
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
