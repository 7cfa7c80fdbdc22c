/**
 * `tune`'s inputs from the store: per task, the statistics cli/tune/propose.ts's `taskStats` gathers from ledgers
 * (requests with an answer, classifier spend, per tier and per candidate counts and costs), finished requests only.
 */
import type { SqlExecutor } from '../engine/types';
import { sums } from './sums';
import type { TimeWindow } from './window';

export interface TuneTierCounts {
  tier: string;
  /** Requests with an answer attempt at this tier; of those, valid there; their spend there (micro-USD). */
  entered: number;
  passed: number;
  costMicroUsd: number;
  /** Requests whose first answer attempt was here. */
  started: number;
}

export interface TuneCandidateCounts {
  tier: string;
  ref: string;
  /** Answer attempts that were not a retry of the same candidate; valid, billed and unbilled ones; billed cost. */
  first: number;
  ok: number;
  billed: number;
  unbilled: number;
  costMicroUsd: number;
}

export interface TuneTaskCounts {
  task: string;
  requests: number;
  classifierMicroUsd: number;
  tiers: TuneTierCounts[];
  candidates: TuneCandidateCounts[];
}

export async function tuneInputs(db: SqlExecutor, options: TimeWindow & { task?: string }): Promise<TuneTaskCounts[]> {
  const { rows } = await sums(db, {
    ...options,
    dims: ['task', 'tier', 'candidate'],
    perTask: true,
    counters: [
      'answered',
      'classify_cost_micro',
      'entered',
      'passed',
      'tier_cost_micro',
      'first_attempts',
      'cand_attempts',
      'cand_ok',
      'cand_billed',
      'cand_unbilled',
      'cand_cost_micro',
    ],
  });
  const tasks = new Map<string, TuneTaskCounts>();
  const taskOf = (task: string) => {
    let entry = tasks.get(task);
    if (!entry) tasks.set(task, (entry = { task, requests: 0, classifierMicroUsd: 0, tiers: [], candidates: [] }));
    return entry;
  };
  for (const row of rows) {
    const c = row.counters;
    const entry = taskOf(row.task!);
    if (row.dim === 'task') {
      entry.requests += c.answered;
      entry.classifierMicroUsd += c.classify_cost_micro;
    } else if (row.dim === 'tier' && (c.entered > 0 || c.first_attempts > 0)) {
      entry.tiers.push({
        tier: row.key,
        entered: c.entered,
        passed: c.passed,
        costMicroUsd: c.tier_cost_micro,
        started: c.first_attempts,
      });
    } else if (row.dim === 'candidate' && c.cand_attempts > 0) {
      const [tier = '', ref = ''] = row.key.split('\u001f');
      entry.candidates.push({
        tier,
        ref,
        first: c.cand_attempts,
        ok: c.cand_ok,
        billed: c.cand_billed,
        unbilled: c.cand_unbilled,
        costMicroUsd: c.cand_cost_micro,
      });
    }
  }
  for (const entry of tasks.values()) {
    entry.tiers.sort((a, b) => a.tier.localeCompare(b.tier));
    entry.candidates.sort((a, b) => a.tier.localeCompare(b.tier) || a.ref.localeCompare(b.ref));
  }
  return [...tasks.values()].filter((entry) => entry.requests > 0).sort((a, b) => a.task.localeCompare(b.task));
}
