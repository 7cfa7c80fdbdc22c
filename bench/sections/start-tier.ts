/**
 * Section `start-tier`: where a request starts, on a workload of mixed difficulty (sim/difficulty.ts: 50 % easy,
 * 30 % medium, 20 % hard; the simulator knows each item's difficulty). Economy, standard and premium models pass by
 * difficulty; the same items run through five start policies: fixed at economy, start rules only (keywords), the
 * classifier only, rules then the classifier, and an oracle that starts each item at the tier its difficulty needs.
 * Cost per valid result, share started at each tier and the classifier's own share of the spend, from the ledgers.
 * Own fake provider (in-process, real HTTP on loopback) and own worker on the run's dev server.
 */
import type { Client } from '@temporalio/client';
import { CascadeError, runCascade } from '../../client/cascade-client';
import { DIFFICULTIES, workloadItem, type WorkloadItem } from '../../sim/difficulty';
import { startFakeProvider } from '../../sim/fake-provider';
import { simulatedBehavior } from '../../sim/simulated-provider';
import { ledgerCostMicroUsd } from '../../workflows/definitions';
import { pool } from '../util/pool';
import { round } from '../util/stats';
import { table } from '../report/format';
import type { BenchContext } from '../setup/context';
import { SEED } from '../setup/fixtures';
import { startCascadeWorker } from '../setup/temporal-env';
import { INSTRUCTIONS } from '../systems/request';
import { INVOICE_SCHEMA } from '../upstream/models';
import {
  ACCURACIES,
  ANSWER_TOKENS,
  MODELS,
  PASS_BY_DIFFICULTY,
  POLICIES,
  TIERS,
  catalogFor,
  classifierRef,
  modelId,
  oracleStart,
  profile,
  ref,
} from './start-tier-workload';


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
    cost += ledgerCostMicroUsd(attempts);
    classifier += ledgerCostMicroUsd(attempts.filter((row) => row.reason === 'classify'));
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
