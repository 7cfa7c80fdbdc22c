/**
 * `npm run bench:quality [-- --rounds N]`: the quality gates on a labelled simulator workload (the demo's 65
 * documents with their expected values, answered by simulated models that misread fields at a per-tier rate, see
 * demo/wrong-answers.ts), in one run: premium only, the cascade with gates off, grounding checks, grounding + a
 * verifier, agreement, grounding + agreement. Per setting: valid rate, field accuracy, correct results, cost per
 * correct result beside cost per valid result, and the share of results per final tier. Writes
 * bench/results/quality-gates.json. The workload is simulated: what it measures is the gates' arithmetic.
 */
import { microToUsd } from '../catalog/pricing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Catalog, TierSpec } from '../catalog/types';
import type { CheckSpec } from '../catalog/checks';
import { CascadeError, runCascade } from '../client/cascade-client';
import { loadDataset } from '../demo/dataset';
import { fieldCorrect, loadExpected } from '../demo/ground-truth';
import { DEMO_CHECKS, DocumentExtraction, EXTRACTION_INSTRUCTIONS } from '../demo/schema';
import { DEMO_TASK, simulatedCatalog, simulatedModels } from '../demo/simulated-catalog';
import { startFakeProvider } from '../sim/fake-provider';
import { BENCH_DIR } from './peers/install';
import { startCascadeWorker, startTemporal } from './setup/temporal-env';
import { pool } from './util/pool';

const SEED = 7;
const CONCURRENCY = 24;
const SCORED = ['docType', 'documentNumber', 'issueDate', 'currency', 'total'];

interface Setting {
  key: string;
  label: string;
  /** Rewrites the demo route's tiers. */
  tiers: (tiers: TierSpec[]) => TierSpec[];
  checks: CheckSpec[];
}

const cheapVerifier = 'mistral/mistral-small-latest';
const agreeOn = { fields: ['documentNumber', 'issueDate', 'currency', 'total'] };
const SETTINGS: Setting[] = [
  { key: 'premiumOnly', label: 'premium only', tiers: (t) => t.slice(-1), checks: [] },
  { key: 'off', label: 'cascade, gates off', tiers: (t) => t, checks: [] },
  { key: 'grounding', label: 'cascade + grounding', tiers: (t) => t, checks: DEMO_CHECKS },
  {
    key: 'verifier',
    label: 'cascade + grounding + verifier',
    tiers: (t) => t.map((tier, i) => (i < t.length - 1 ? { ...tier, verifier: cheapVerifier } : tier)),
    checks: DEMO_CHECKS,
  },
  {
    key: 'agreement',
    label: 'cascade + agreement',
    tiers: (t) => t.map((tier, i) => (i < t.length - 1 ? { ...tier, agreement: agreeOn } : tier)),
    checks: [],
  },
  {
    key: 'groundingAgreement',
    label: 'cascade + grounding + agreement',
    tiers: (t) => t.map((tier, i) => (i < t.length - 1 ? { ...tier, agreement: agreeOn } : tier)),
    checks: DEMO_CHECKS,
  },
];

interface Row {
  key: string;
  label: string;
  requests: number;
  validRate: number;
  fieldAccuracy: number;
  correctRate: number;
  costUsd: number;
  costPerValidUsd: number;
  costPerCorrectUsd: number;
  /** Share of valid results by the tier that answered them. */
  tierShare: Record<string, number>;
  /** Answers rejected, by the gate that caught them: task checks, the verifier, the agreement gate. */
  caughtBy: { checks: number; verifier: number; agreement: number };
  /** What the rejected answers cost, plus what the gates' own calls cost. */
  rejectedAnswersUsd: number;
  gateCallsUsd: number;
}

async function main(rounds: number): Promise<void> {
  const log = (line: string) => process.stderr.write(`[bench:quality] ${line}\n`);
  const documents = loadDataset();
  const expected = loadExpected();
  const env = await startTemporal(log);
  const provider = await startFakeProvider({ callLogLimit: 1_000 });
  const base = simulatedCatalog(provider.baseURL);
  const taskQueue = 'bench-quality-gates';
  const worker = await startCascadeWorker(env, base, taskQueue);
  const rows: Row[] = [];
  try {
    for (const setting of SETTINGS) {
      // Fresh simulated models per setting: every setting meets the same answers for the same document and visit.
      for (const [model, behavior] of Object.entries(simulatedModels(base, SEED, DEMO_TASK, { latency: false }))) {
        provider.setModel(model, behavior);
      }
      const catalog: Catalog = structuredClone(base);
      const route = catalog.routes[DEMO_TASK]!;
      route.tiers = setting.tiers(route.tiers);
      delete route.startRules;
      const work = Array.from({ length: rounds }, () => documents).flat();
      log(`${setting.label}: ${work.length} requests…`);
      const results = await pool(work.length, CONCURRENCY, async (index) => {
        const doc = work[index]!;
        try {
          const result = await runCascade(
            env.client,
            {
              task: DEMO_TASK,
              schema: DocumentExtraction,
              instructions: EXTRACTION_INSTRUCTIONS,
              input: doc.text,
              checks: setting.checks,
              searchAttributes: false,
            },
            { catalog, taskQueue },
          );
          return {
            id: doc.id,
            ok: true,
            output: result.output as unknown,
            attempts: result.attempts,
            tier: result.finalTier,
          };
        } catch (error) {
          if (!(error instanceof CascadeError)) throw error;
          return { id: doc.id, ok: false, output: undefined, attempts: error.attempts, tier: undefined };
        }
      });
      let right = 0;
      let of = 0;
      let correct = 0;
      let costMicro = 0;
      const caughtBy = { checks: 0, verifier: 0, agreement: 0 };
      let rejectedMicro = 0;
      let gateCallsMicro = 0;
      const tiers: Record<string, number> = {};
      for (const r of results) {
        for (const a of r.attempts) {
          costMicro += a.costMicroUsd;
          const gateCall = a.reason === 'verify' || a.reason === 'agreement';
          if (gateCall) gateCallsMicro += a.costMicroUsd;
          if (a.outcome === 'check_failed' && !gateCall) {
            const by = a.failedChecks?.[0]?.check;
            caughtBy[by === 'verifier' ? 'verifier' : by === 'agreement' ? 'agreement' : 'checks']++;
            rejectedMicro += a.costMicroUsd;
          }
        }
        const want = expected.get(r.id) ?? {};
        let all = r.ok;
        for (const [field, value] of Object.entries(want)) {
          if (!SCORED.includes(field)) continue;
          of++;
          const good = r.ok && fieldCorrect(value, (r.output as Record<string, unknown>)[field]);
          if (good) right++;
          else all = false;
        }
        if (all) correct++;
        else if (process.env.BENCH_QUALITY_DEBUG)
          log(
            `${setting.key} ${r.id} wrong: ${r.attempts.map((a) => `${a.tier}:${a.ref}:${a.reason}:${a.outcome}`).join(' → ')} ${JSON.stringify(r.output && Object.fromEntries(SCORED.map((f) => [f, (r.output as Record<string, unknown>)[f]])))} want ${JSON.stringify(want)}`,
          );
        if (r.ok && r.tier) tiers[r.tier] = (tiers[r.tier] ?? 0) + 1;
      }
      const valid = results.filter((r) => r.ok).length;
      rows.push({
        key: setting.key,
        label: setting.label,
        requests: results.length,
        validRate: valid / results.length,
        fieldAccuracy: right / of,
        correctRate: correct / results.length,
        costUsd: microToUsd(costMicro),
        costPerValidUsd: microToUsd(costMicro / valid),
        costPerCorrectUsd: microToUsd(costMicro / correct),
        tierShare: Object.fromEntries(Object.entries(tiers).map(([tier, n]) => [tier, n / valid])),
        caughtBy,
        rejectedAnswersUsd: microToUsd(rejectedMicro),
        gateCallsUsd: microToUsd(gateCallsMicro),
      });
    }
  } finally {
    await worker.stop();
    await provider.close();
    await env.close();
  }
  process.stdout.write(`\n${table(rows)}\n`);
  const out = join(BENCH_DIR, 'results', 'quality-gates.json');
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ rounds, seed: SEED, documents: documents.length, rows }, null, 2)}\n`);
  log(`results in ${out}`);
}

function table(rows: Row[]): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const usd = (x: number) => `$${x.toFixed(6)}`;
  const premium = rows.find((r) => r.key === 'premiumOnly')!;
  const header =
    '| setting | valid | field accuracy | all fields right | cost per valid | cost per correct | vs premium-only | economy / standard / premium | caught by checks / verifier / agreement | rejected answers + gate calls cost |';
  const lines = rows.map((r) => {
    const share = ['economy', 'standard', 'premium'].map((t) => pct(r.tierShare[t] ?? 0)).join(' / ');
    return `| ${r.label} | ${pct(r.validRate)} | ${pct(r.fieldAccuracy)} | ${pct(r.correctRate)} | ${usd(r.costPerValidUsd)} | ${usd(r.costPerCorrectUsd)} | ${pct(r.costPerCorrectUsd / premium.costPerCorrectUsd)} | ${share} | ${r.caughtBy.checks} / ${r.caughtBy.verifier} / ${r.caughtBy.agreement} | ${usd(r.rejectedAnswersUsd)} + ${usd(r.gateCallsUsd)} |`;
  });
  return [header, `|${'---|'.repeat(10)}`, ...lines].join('\n');
}

const roundsFlag = process.argv.indexOf('--rounds');
const rounds = roundsFlag >= 0 ? Number(process.argv[roundsFlag + 1]) : 3;
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write('--rounds must be a positive integer\n');
  process.exit(2);
}
main(rounds).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
