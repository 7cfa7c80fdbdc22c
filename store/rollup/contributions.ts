/**
 * What one row adds to the rollups, with the report's own semantics (cli/report/aggregate.ts: requests, escalated,
 * valid and baseline per group; cli/report/experiment.ts: first-attempt passes per arm; cli/tune/propose.ts: tier
 * and candidate statistics), so figures read from the rollups equal figures computed from the ledgers. Pure.
 */
import type { AttemptRow, LedgerContext, LedgerEntry, RequestRow } from '../rows';
import { armsText } from '../rows';
import { bucketOf, type Counters, type Dim, type RollupDeltas } from './counters';
import { latencyBucket } from './latency';

/** Groupings whose key is the request's (every attempt of a request falls in the same cell). */
export function requestKeys(context: LedgerContext): [Dim, string][] {
  const keys: [Dim, string][] = [
    ['total', ''],
    ['task', context.task],
    ['session', context.sessionId ?? ''],
    ['user', context.userId ?? ''],
    ['key', context.gatewayKey ?? ''],
    ['kind', context.kind],
  ];
  for (const arm of context.experiments ?? []) keys.push(['experiment', armsText([arm])]);
  if (context.batchId !== undefined) keys.push(['batch', context.batchId]);
  return keys;
}

type AttemptKeyed = Pick<LedgerEntry, 'tier' | 'ref' | 'provider'>;

/** Groupings whose key is the attempt's own. */
const ATTEMPT_KEYS: [Dim, (attempt: AttemptKeyed) => string][] = [
  ['model', (attempt) => attempt.ref],
  ['tier', (attempt) => attempt.tier],
  ['provider', (attempt) => attempt.provider],
  ['candidate', (attempt) => `${attempt.tier}\u001f${attempt.ref}`],
];

/** Adds one attempt row (seen for the first time) to the rollups. */
export function addAttempt(deltas: RollupDeltas, row: AttemptRow): void {
  const counters: Counters = {
    attempts: 1,
    billed_attempts: row.billed ? 1 : 0,
    cost_micro: row.costMicroUsd,
    input_tokens: row.usage.inputTokens,
    cached_input_tokens: row.usage.cachedInputTokens,
    cache_write_tokens: row.usage.cacheWriteTokens,
    output_tokens: row.usage.outputTokens,
    latency_ms: row.latencyMs,
    estimated_attempts: row.estimated ? 1 : 0,
  };
  const at = row.context.startedAtMs;
  const task = row.context.task;
  for (const [dim, key] of requestKeys(row.context))
    deltas.add({ dim, bucket: bucketOf(dim, at), task, key }, counters);
  for (const [dim, keyOf] of ATTEMPT_KEYS)
    deltas.add({ dim, bucket: bucketOf(dim, at), task, key: keyOf(row) }, counters);
}

/**
 * A request's ledger as its workflow kept it: one entry per position. An earlier try billed by a worker that died
 * is a row of its own in the store, but not in the workflow's ledger: the ledger's row is the unbilled one when the
 * position ended unbilled (activity attempt 0), else the billed answer of the latest try.
 */
export function ledgerOf(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const bySeq = new Map<number, LedgerEntry>();
  const rank = (entry: LedgerEntry) => (entry.activityAttempt === 0 ? Infinity : entry.activityAttempt);
  for (const entry of entries) {
    const kept = bySeq.get(entry.seq);
    if (!kept || rank(entry) > rank(kept)) bySeq.set(entry.seq, entry);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

const GATES = new Set(['verify', 'agreement']);
const SAME_CANDIDATE_RETRIES = new Set(['repair', 'more_tokens']);
const isAnswer = (entry: LedgerEntry) => entry.reason !== 'classify' && !GATES.has(entry.reason);

/** Adds one finished request (seen ending for the first time) to the rollups. */
export function addRequest(deltas: RollupDeltas, row: RequestRow): void {
  const ledger = ledgerOf(row.ledger);
  const at = row.context.startedAtMs;
  const task = row.context.task;
  const okIndex = ledger.findIndex((entry) => entry.outcome === 'ok' && entry.reason !== 'classify');
  const firstIndex = ledger.findIndex((entry) => entry.reason !== 'classify');
  const escalatedAfter = (index: number) => ledger[index + 1]?.reason === 'escalation';
  const answers = ledger.filter(isAnswer);
  const classifyCost = ledger.filter((e) => e.reason === 'classify').reduce((sum, e) => sum + e.costMicroUsd, 0);

  // Request-level groupings: the whole ledger is theirs.
  const whole: Counters = {
    requests: 1,
    escalated: ledger.some((_, index) => escalatedAfter(index)) ? 1 : 0,
    valid: okIndex >= 0 ? 1 : 0,
    baseline_micro: okIndex >= 0 ? row.baselineMicroUsd : 0,
    first_attempts: firstIndex >= 0 ? 1 : 0,
    first_pass: firstIndex >= 0 && ledger[firstIndex]!.outcome === 'ok' ? 1 : 0,
    answered: answers.length > 0 ? 1 : 0,
    classify_cost_micro: answers.length > 0 ? classifyCost : 0,
    request_latency_ms: row.latencyMs,
  };
  for (const [dim, key] of requestKeys(row.context)) deltas.add({ dim, bucket: bucketOf(dim, at), task, key }, whole);
  for (const arm of row.context.experiments ?? []) {
    const key = `${armsText([arm])}\u001f${latencyBucket(row.latencyMs)}`;
    deltas.add({ dim: 'arm_latency', bucket: bucketOf('arm_latency', at), task, key }, { requests: 1 });
  }

  // Attempt-level groupings: a request counts once under every key it used.
  for (const [dim, keyOf] of ATTEMPT_KEYS) {
    const keys = new Set(ledger.map(keyOf));
    for (const key of keys) {
      const mine = (index: number) => index >= 0 && keyOf(ledger[index]!) === key;
      const counters: Counters = {
        requests: 1,
        escalated: ledger.some((entry, index) => keyOf(entry) === key && escalatedAfter(index)) ? 1 : 0,
        valid: mine(okIndex) ? 1 : 0,
        baseline_micro: mine(okIndex) ? row.baselineMicroUsd : 0,
        first_attempts: mine(firstIndex) ? 1 : 0,
        first_pass: mine(firstIndex) && ledger[firstIndex]!.outcome === 'ok' ? 1 : 0,
      };
      if (dim === 'tier' && answers.length > 0) Object.assign(counters, tierCounters(ledger, key));
      if (dim === 'candidate' && answers.length > 0) Object.assign(counters, candidateCounters(answers, keyOf, key));
      deltas.add({ dim, bucket: bucketOf(dim, at), task, key }, counters);
    }
  }
}

/** `tune`'s view of one tier: whether the request entered it with an answer attempt, passed there, and spent what. */
function tierCounters(ledger: readonly LedgerEntry[], tier: string): Counters {
  const rows = ledger.filter((entry) => entry.tier === tier && entry.reason !== 'classify');
  if (!rows.some(isAnswer)) return {};
  return {
    entered: 1,
    passed: rows.some((entry) => isAnswer(entry) && entry.outcome === 'ok') ? 1 : 0,
    tier_cost_micro: rows.reduce((sum, entry) => sum + entry.costMicroUsd, 0),
  };
}

/** `tune`'s view of one candidate: its answer attempts that were not a retry of the same candidate. */
function candidateCounters(
  answers: readonly LedgerEntry[],
  keyOf: (attempt: AttemptKeyed) => string,
  key: string,
): Counters {
  const counters = { cand_attempts: 0, cand_ok: 0, cand_billed: 0, cand_unbilled: 0, cand_cost_micro: 0 };
  for (const entry of answers) {
    if (SAME_CANDIDATE_RETRIES.has(entry.reason) || keyOf(entry) !== key) continue;
    counters.cand_attempts++;
    if (entry.billed) {
      counters.cand_billed++;
      counters.cand_cost_micro += entry.costMicroUsd;
    } else counters.cand_unbilled++;
    if (entry.outcome === 'ok') counters.cand_ok++;
  }
  return counters;
}

/**
 * A label verdict set or changed on a finished request: counted under its request-level keys and under the keys of
 * the attempt that gave its answer. `before`: the verdict it had (null: none).
 */
export function addLabel(
  deltas: RollupDeltas,
  request: Pick<RequestRow, 'context' | 'ledger'>,
  before: boolean | null,
  after: boolean,
): void {
  if (before === after) return;
  const counters: Counters = { labelled: before === null ? 1 : 0, correct: (after ? 1 : 0) - (before ? 1 : 0) };
  const at = request.context.startedAtMs;
  const task = request.context.task;
  for (const [dim, key] of requestKeys(request.context))
    deltas.add({ dim, bucket: bucketOf(dim, at), task, key }, counters);
  const ledger = ledgerOf(request.ledger);
  const answer = ledger.find((entry) => entry.outcome === 'ok' && entry.reason !== 'classify');
  if (answer)
    for (const [dim, keyOf] of ATTEMPT_KEYS)
      deltas.add({ dim, bucket: bucketOf(dim, at), task, key: keyOf(answer) }, counters);
}
