/**
 * Section `start-tier`: where a request starts, on a workload of mixed difficulty (sim/difficulty.ts: 50 % easy,
 * 30 % medium, 20 % hard; the simulator knows each item's difficulty). Economy, standard and premium models pass by
 * difficulty; the same items run through five start policies: fixed at economy, start rules only (keywords), the
 * classifier only, rules then the classifier, and an oracle that starts each item at the tier its difficulty needs.
 * Cost per valid result, share started at each tier and the classifier's own share of the spend, from the ledgers.
 * Own fake provider (in-process, real HTTP on loopback) and own worker on the run's dev server.
 */
import type { Client } from '@temporalio/client';
import { defaultCatalog } from '../../catalog/node/load';
import { parseCatalog } from '../../catalog/node/parse';
import { priceAt } from '../../catalog/pricing';
import type { Catalog } from '../../catalog/types';
import { CascadeError, runCascade } from '../../client/cascade-client';
import { DIFFICULTIES, workloadItem, type WorkloadItem } from '../../sim/difficulty';
import { startFakeProvider } from '../../sim/fake-provider';
import { simulatedBehavior, type SimProfile } from '../../sim/simulated-provider';
import type { AttemptRecord } from '../../workflows/definitions';
import { pool } from '../util/pool';
import { round } from '../util/stats';
import { bestStart } from '../../cli/tune/cascade-math';
import { table } from '../report/format';
import type { BenchContext } from '../setup/context';
import { SEED } from '../setup/fixtures';
import { startCascadeWorker } from '../setup/temporal-env';
import { INSTRUCTIONS } from '../systems/request';
import { INVOICE_SCHEMA } from '../upstream/models';

const TIERS = ['economy', 'standard', 'premium'] as const;
/** Real default-catalog models whose prices each tier (and the classifier) borrows. */
const MODELS = {
  economy: 'mistral/mistral-small-latest',
  standard: 'gemini/gemini-2.5-flash',
  premium: 'openai/gpt-4o',
  classifier: 'openai/gpt-4o-mini',
} as const;
/** Pass rate of each tier's model on easy, medium and hard items. */
export const PASS_BY_DIFFICULTY: Record<(typeof TIERS)[number], number[]> = {
  economy: [0.95, 0.5, 0.05],
  standard: [0.98, 0.9, 0.1],
  premium: [0.99, 0.97, 0.93],
};
/** Completion tokens billed per answer: a multi-field extraction; the classifier's answers are counted. */
const ANSWER_TOKENS = 600;
/** Classifier accuracies on the difficulty level (a wrong guess is a neighbouring level). */
const ACCURACIES = [0.85, 0.95] as const;
/** The rule a team would write: dispute-like words → premium. */
const RULES = [{ tier: 'premium', inputMatches: 'disputed|credit note|reconcil' }];
/**
 * The classifier may choose economy or premium: by the arithmetic (and the oracle) standard is never the cheapest
 * start on this workload. `classifier` is the model key (its accuracy).
 */
const CLASSIFY_TIERS = ['economy', 'premium'];
const POLICIES = [
  { key: 'fixed', label: 'fixed start at economy', rules: false },
  { key: 'rules', label: 'start rules only (keywords)', rules: true },
  { key: 'classifier-85', label: 'classifier only, 85 % accurate', rules: false, classifier: 0 },
  { key: 'classifier-95', label: 'classifier only, 95 % accurate', rules: false, classifier: 1 },
  { key: 'rules-classifier-95', label: 'rules, then classifier (95 %)', rules: true, classifier: 1 },
  { key: 'oracle', label: 'oracle (knows the difficulty)', rules: false },
] as const;

export interface StartTierRow {
  key: string;
  label: string;
  requests: number;
  valid: number;
  costMicroUsd: number;
  /** Of which the classifier's calls. */
  classifierMicroUsd: number;
  costPerValidMicroUsd: number;
  /** Share of requests whose first answer attempt was at each tier. */
  startShare: Record<string, number>;
  /** Requests started at the tier their difficulty needs. */
  startedRight: number;
  /** How the classifier's calls ended, by outcome (and the first error seen). */
  classifierOutcomes: Record<string, number>;
  classifierError?: string;
}

export interface StartTierResult {
  items: number;
  mix: Record<string, number>;
  passByDifficulty: typeof PASS_BY_DIFFICULTY;
  classifyAccuracies: readonly number[];
  /** The oracle's start per difficulty (easy, medium, hard). */
  oracle: string[];
  answerTokens: number;
  models: typeof MODELS;
  rows: StartTierRow[];
}

type Role = keyof typeof MODELS;
const ref = (role: Role, suffix = '') => `${MODELS[role].split('/')[0]}/st${suffix}.${MODELS[role].split('/')[1]}`;
const classifierRef = (index: number) => ref('classifier', String(index));
const modelId = (fullRef: string) => fullRef.slice(fullRef.indexOf('/') + 1);

export function catalogFor(baseURL: string): Catalog {
  const models: Record<string, unknown> = {};
  const refs: [string, Role][] = [
    ...TIERS.map((tier) => [ref(tier), tier] as [string, Role]),
    ...ACCURACIES.map((_, index) => [classifierRef(index), 'classifier'] as [string, Role]),
  ];
  for (const [modelRef, role] of refs) {
    const { inputUsdPerMTok, outputUsdPerMTok, source, effectiveFrom } = priceOf(role);
    models[modelRef] = {
      contextWindow: 128_000,
      maxOutputTokens: 4_096,
      prices: [{ inputUsdPerMTok, outputUsdPerMTok, source, effectiveFrom }],
    };
  }
  const tiers = TIERS.map((name) => ({ name, candidates: [ref(name)] }));
  const routes = Object.fromEntries(
    POLICIES.map((policy) => [
      policy.key,
      {
        tiers,
        ...(policy.rules && { startRules: RULES }),
        ...('classifier' in policy && { classify: { model: classifierRef(policy.classifier), tiers: CLASSIFY_TIERS } }),
      },
    ]),
  );
  return parseCatalog(
    {
      providers: Object.fromEntries(
        Object.values(MODELS).map((real) => [real.split('/')[0], { baseURL, structuredOutput: 'json_schema' }]),
      ),
      models,
      routes,
      // One try per candidate and no repairs: each policy makes exactly the calls its start tier implies.
      tierDefaults: {
        repairAttempts: 0,
        triesPerCandidate: 1,
        timeoutMs: 30_000,
        maxRetryAfterMs: 5_000,
        maxOutputTokens: 512,
      },
    },
    'start-tier benchmark catalog',
  );
}

function priceOf(role: Role) {
  return priceAt(defaultCatalog().models[MODELS[role]]!, new Date().toISOString());
}

/** Mean cost of one answer of a tier, micro-USD: ~300 prompt tokens (instructions, schema, item) and the answer. */
function answerMicroUsd(tier: (typeof TIERS)[number]): number {
  const price = priceOf(tier);
  return 300 * price.inputUsdPerMTok + ANSWER_TOKENS * price.outputUsdPerMTok;
}

/** The oracle's start for a difficulty: the lowest expected cost per valid result (the cascade arithmetic). */
export function oracleStart(difficulty: number): string {
  const tiers = TIERS.map((tier) => ({
    passRate: PASS_BY_DIFFICULTY[tier][difficulty]!,
    costMicroUsd: answerMicroUsd(tier),
  }));
  return TIERS[bestStart(tiers).best.start]!;
}

function profile(passRateByDifficulty: number[] | undefined, seed: number, classifyAccuracy = 0.9): SimProfile {
  return { passRate: 0.9, passRateByDifficulty, classifyAccuracy, completionTokens: ANSWER_TOKENS, seed };
}

async function runPolicy(
  client: Client,
  taskQueue: string,
  policy: (typeof POLICIES)[number],
  items: readonly WorkloadItem[],
  concurrency: number,
): Promise<StartTierRow> {
  const ledgers = await pool(items.length, concurrency, async (index) => {
    const item = items[index]!;
    const request = {
      task: policy.key,
      schema: INVOICE_SCHEMA as unknown as Record<string, unknown>,
      schemaName: 'invoice',
      instructions: INSTRUCTIONS,
      input: item.text,
      ...(policy.key === 'oracle' && { startTier: oracleStart(item.difficulty) }),
    };
    try {
      const result = await runCascade(client, request, { taskQueue });
      return { item, ok: true, attempts: result.attempts };
    } catch (error) {
      if (!(error instanceof CascadeError)) throw error;
      return { item, ok: false, attempts: error.attempts };
    }
  });
  const startShare: Record<string, number> = Object.fromEntries(TIERS.map((tier) => [tier, 0]));
  let cost = 0;
  let classifier = 0;
  let valid = 0;
  let startedRight = 0;
  const classifierOutcomes: Record<string, number> = {};
  let classifierError: string | undefined;
  for (const { item, ok, attempts } of ledgers) {
    for (const row of attempts.filter((attempt) => attempt.reason === 'classify')) {
      classifierOutcomes[row.outcome] = (classifierOutcomes[row.outcome] ?? 0) + 1;
      classifierError ??= row.error;
    }
    const sum = (rows: AttemptRecord[]) => rows.reduce((total, row) => total + row.costMicroUsd, 0);
    cost += sum(attempts);
    classifier += sum(attempts.filter((row) => row.reason === 'classify'));
    if (ok) valid++;
    const start = attempts.find((row) => row.reason !== 'classify')?.tier;
    if (start !== undefined) startShare[start] = (startShare[start] ?? 0) + 1 / items.length;
    if (start === oracleStart(item.difficulty)) startedRight++;
  }
  return {
    key: policy.key,
    label: policy.label,
    requests: items.length,
    valid,
    costMicroUsd: cost,
    classifierMicroUsd: classifier,
    costPerValidMicroUsd: round(cost / valid, 1),
    startShare: Object.fromEntries(Object.entries(startShare).map(([tier, share]) => [tier, round(share, 3)])),
    startedRight,
    classifierOutcomes,
    ...(classifierError && { classifierError }),
  };
}

export async function runStartTier(
  ctx: BenchContext,
  sizes: { requests: number; concurrency: number },
): Promise<StartTierResult> {
  const behaviors = Object.fromEntries([
    ...TIERS.map((tier, index) => [
      modelId(ref(tier)),
      simulatedBehavior(profile(PASS_BY_DIFFICULTY[tier], SEED + index)),
    ]),
    ...ACCURACIES.map((accuracy, index) => [
      modelId(classifierRef(index)),
      simulatedBehavior(profile(undefined, SEED + 10 + index, accuracy)),
    ]),
  ]);
  const provider = await startFakeProvider({ models: behaviors });
  const taskQueue = 'bench-start-tier';
  const worker = await startCascadeWorker(ctx.temporal, catalogFor(`${provider.baseURL}`), taskQueue);
  try {
    const items = Array.from({ length: sizes.requests }, (_, id) => workloadItem(id, SEED));
    const rows: StartTierRow[] = [];
    for (const policy of POLICIES) {
      ctx.log(`start tier: ${policy.label}, ${items.length} requests at concurrency ${sizes.concurrency}…`);
      rows.push(await runPolicy(ctx.temporal.client, taskQueue, policy, items, sizes.concurrency));
    }
    const mix = Object.fromEntries(
      DIFFICULTIES.map((name, level) => [
        name,
        round(items.filter((i) => i.difficulty === level).length / items.length, 3),
      ]),
    );
    return {
      items: items.length,
      mix,
      passByDifficulty: PASS_BY_DIFFICULTY,
      classifyAccuracies: ACCURACIES,
      oracle: DIFFICULTIES.map((_, level) => oracleStart(level)),
      answerTokens: ANSWER_TOKENS,
      models: MODELS,
      rows,
    };
  } finally {
    await worker.stop();
    await provider.close();
  }
}

/** The section's table: one row per start policy, side by side. */
export function startTierTable(result: StartTierResult): string {
  const t = table([
    'start policy',
    'valid',
    'cost per valid µ$',
    'vs fixed',
    'classifier share',
    'started economy / standard / premium',
    "started at the oracle's tier",
  ]);
  const fixed = result.rows.find((row) => row.key === 'fixed');
  for (const row of result.rows) {
    t.push([
      row.label,
      `${row.valid}/${row.requests}`,
      row.costPerValidMicroUsd.toFixed(1),
      fixed
        ? `${(((row.costPerValidMicroUsd - fixed.costPerValidMicroUsd) / fixed.costPerValidMicroUsd) * 100).toFixed(1)} %`
        : '–',
      row.costMicroUsd > 0 ? `${((row.classifierMicroUsd / row.costMicroUsd) * 100).toFixed(1)} %` : '–',
      TIERS.map((tier) => `${Math.round((row.startShare[tier] ?? 0) * 100)} %`).join(' / '),
      `${Math.round((row.startedRight / row.requests) * 100)} %`,
    ]);
  }
  const mix = Object.entries(result.mix)
    .map(([name, share]) => `${name} ${Math.round(share * 100)} %`)
    .join(', ');
  return [
    `Start tier: ${result.items} items (${mix}); pass rates by difficulty economy ${result.passByDifficulty.economy.join('/')}, ` +
      `standard ${result.passByDifficulty.standard.join('/')}, premium ${result.passByDifficulty.premium.join('/')}; ` +
      `${result.answerTokens} output tokens per answer; classifier at ${result.models.classifier} prices; ` +
      `oracle starts easy/medium/hard at ${result.oracle.join('/')} (lowest expected cost per valid result)`,
    t.toString(),
  ].join('\n');
}
