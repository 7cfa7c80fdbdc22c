/**
 * Cost reports: pure aggregation of requests (one cascade or batch item each, with its ledger) into groups by
 * task, model, tier, provider, session or user. No I/O here: `report-source.ts` reads the runs from Temporal.
 */
import type { ExperimentArm } from '../../routing/experiments';
import type { TokenUsage } from '../../catalog/types';
import type { AttemptOutcome, AttemptReason } from '../../workflows/definitions';
import type { GateVerdicts } from './gate-rates';

/** One ledger row as the report needs it. */
export interface ReportAttempt {
  tier: string;
  ref: string;
  provider: string;
  reason: AttemptReason;
  outcome: AttemptOutcome;
  billed: boolean;
  usage: TokenUsage;
  costMicroUsd: number;
  /** Known from the history when it was recorded; read by the ledger store's backfill, not by reports. */
  latencyMs?: number;
  tries?: number;
  estimated?: boolean;
  priceSource?: string;
  priceEffectiveFrom?: string;
  /** What the checks or the verifier said of this call's answer (`gate-rates.ts`), when read from its history. */
  verdicts?: GateVerdicts;
}

/** One request: a cascade workflow or a batch item, with its ledger and premium-only baseline. */
export interface ReportRun {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** Temporal's execution status, e.g. `COMPLETED`, `FAILED`, `RUNNING`. */
  status: string;
  startTime: string;
  task?: string;
  sessionId?: string;
  userId?: string;
  /** The gateway API key (its id) that sent the request through `llm-cascade serve`. */
  gatewayKey?: string;
  attempts: ReportAttempt[];
  /** The valid answer's tokens at the route's top tier price; 0 without a valid answer. */
  baselineMicroUsd: number;
  /** The A/B arms the worker's planning put the request in. */
  experiments?: ExperimentArm[];
  /** Start to close, ms; absent while running. */
  latencyMs?: number;
}

export const REPORT_GROUPINGS = ['task', 'model', 'tier', 'provider', 'session', 'user', 'key'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** Totals of one group (or of everything). Money in integer micro-USD, so sums are exact. */
export interface ReportRow {
  key: string;
  /** Requests with at least one attempt in the group (every request for task/session/user groupings). */
  requests: number;
  attempts: number;
  /** Requests that escalated past this group: an attempt here was followed by an escalation to a higher tier. */
  escalated: number;
  /** escalated / requests; null without requests. */
  escalationRate: number | null;
  /** Requests whose valid answer came from this group. */
  validResults: number;
  costMicroUsd: number;
  /** costMicroUsd / validResults (every attempt paid for, failed ones included); null without valid results. */
  costPerValidMicroUsd: number | null;
  /** Premium-only baseline of the valid answers produced in this group. */
  baselineMicroUsd: number;
  /** baseline − cost: what the cascade saved against sending these requests straight to the premium model. */
  savingsMicroUsd: number;
  /** savings / baseline; null without a baseline. */
  savingsRate: number | null;
  /** Input tokens billed in the group, and those served from the provider's prompt cache. */
  inputTokens: number;
  cachedInputTokens: number;
  /** cachedInputTokens / inputTokens: how much of the prompt the cache served; null without input tokens. */
  cachedInputShare: number | null;
}

export interface Report {
  by: ReportGrouping;
  groups: ReportRow[];
  /** Every request once, whatever the grouping. */
  total: ReportRow;
  /** Requests still running (their ledgers so far are counted). */
  inFlight: number;
}

const RUN_KEYS: Partial<Record<ReportGrouping, (run: ReportRun) => string>> = {
  task: (run) => run.task ?? '(unknown task)',
  session: (run) => run.sessionId ?? '(no session)',
  user: (run) => run.userId ?? '(no user)',
  key: (run) => run.gatewayKey ?? '(no gateway key)',
};
const ATTEMPT_KEYS: Partial<Record<ReportGrouping, (attempt: ReportAttempt) => string>> = {
  model: (attempt) => attempt.ref,
  tier: (attempt) => attempt.tier,
  provider: (attempt) => attempt.provider,
};

interface Accumulator {
  requests: Set<ReportRun>;
  attempts: number;
  escalated: Set<ReportRun>;
  valid: number;
  cost: number;
  baseline: number;
  input: number;
  cached: number;
}

/** Groups requests by `by`; a multi-attempt request counts under every model/tier/provider it used, each attempt exactly once. */
export function aggregateReport(runs: readonly ReportRun[], by: ReportGrouping): Report {
  const groups = new Map<string, Accumulator>();
  const total = emptyAccumulator();
  const runKey = RUN_KEYS[by];
  const attemptKey = ATTEMPT_KEYS[by];
  for (const run of runs) {
    // A classifier's call (reason `classify`) ends `ok` too, but it is not the request's answer.
    const okIndex = run.attempts.findIndex((attempt) => attempt.outcome === 'ok' && attempt.reason !== 'classify');
    add(total, run, run.attempts, okIndex, () => true);
    const keyOf = (index: number) => (runKey ? runKey(run) : attemptKey!(run.attempts[index]!));
    const keys = runKey ? [runKey(run)] : [...new Set(run.attempts.map((_, index) => keyOf(index)))];
    for (const key of keys) {
      let group = groups.get(key);
      if (!group) groups.set(key, (group = emptyAccumulator()));
      add(group, run, run.attempts, okIndex, (index) => keyOf(index) === key);
    }
  }
  const rows = [...groups.entries()].map(([key, group]) => toRow(key, group));
  rows.sort((a, b) => b.costMicroUsd - a.costMicroUsd || a.key.localeCompare(b.key));
  return {
    by,
    groups: rows,
    total: toRow('total', total),
    inFlight: runs.filter((run) => run.status === 'RUNNING').length,
  };
}

function emptyAccumulator(): Accumulator {
  return {
    requests: new Set(),
    attempts: 0,
    escalated: new Set(),
    valid: 0,
    cost: 0,
    baseline: 0,
    input: 0,
    cached: 0,
  };
}

/** Adds the attempts of `run` that belong to a group (`mine(index)`) to its accumulator. */
function add(
  group: Accumulator,
  run: ReportRun,
  attempts: readonly ReportAttempt[],
  okIndex: number,
  mine: (index: number) => boolean,
) {
  group.requests.add(run);
  attempts.forEach((attempt, index) => {
    if (!mine(index)) return;
    group.attempts++;
    group.cost += attempt.costMicroUsd;
    group.input += attempt.usage.inputTokens;
    group.cached += attempt.usage.cachedInputTokens;
    if (attempts[index + 1]?.reason === 'escalation') group.escalated.add(run);
  });
  if (okIndex >= 0 && mine(okIndex)) {
    group.valid++;
    group.baseline += run.baselineMicroUsd;
  }
}

function toRow(key: string, group: Accumulator): ReportRow {
  const requests = group.requests.size;
  const savings = group.baseline - group.cost;
  return {
    key,
    requests,
    attempts: group.attempts,
    escalated: group.escalated.size,
    escalationRate: requests > 0 ? group.escalated.size / requests : null,
    validResults: group.valid,
    costMicroUsd: group.cost,
    costPerValidMicroUsd: group.valid > 0 ? Math.round(group.cost / group.valid) : null,
    baselineMicroUsd: group.baseline,
    savingsMicroUsd: savings,
    savingsRate: group.baseline > 0 ? savings / group.baseline : null,
    inputTokens: group.input,
    cachedInputTokens: group.cached,
    cachedInputShare: group.input > 0 ? group.cached / group.input : null,
  };
}
