import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/*
 * Typed search attributes upserted by the cascade and batch workflows. They are never encrypted,
 * so they hold numbers and identifiers only: no prompt text, no secrets. The dev server allows
 * about 3 custom attributes per numeric type and 10 Keyword ones; this set stays within that.
 */
export const LlmCostUsd = defineSearchAttributeKey('LlmCostUsd', SearchAttributeType.DOUBLE);
export const LlmAttempts = defineSearchAttributeKey('LlmAttempts', SearchAttributeType.INT);
export const LlmItems = defineSearchAttributeKey('LlmItems', SearchAttributeType.INT);
export const LlmTask = defineSearchAttributeKey('LlmTask', SearchAttributeType.KEYWORD);
export const LlmTier = defineSearchAttributeKey('LlmTier', SearchAttributeType.KEYWORD);
export const LlmModel = defineSearchAttributeKey('LlmModel', SearchAttributeType.KEYWORD);
export const LlmOutcome = defineSearchAttributeKey('LlmOutcome', SearchAttributeType.KEYWORD);
export const LlmSession = defineSearchAttributeKey('LlmSession', SearchAttributeType.KEYWORD);
/** A request's A/B arms, `name:arm` joined by commas (e.g. `cheap-start:variant`). */
export const LlmExperiment = defineSearchAttributeKey('LlmExperiment', SearchAttributeType.KEYWORD);

/** Every attribute llm-cascade uses; the dev server and `llm-cascade setup` register exactly these. */
export const SEARCH_ATTRIBUTES = [
  LlmCostUsd,
  LlmAttempts,
  LlmItems,
  LlmTask,
  LlmTier,
  LlmModel,
  LlmOutcome,
  LlmSession,
  LlmExperiment,
];

/*
 * What each workflow publishes, the one place it is decided: at its start (set by the client that starts it) and as
 * it runs (upserted by the workflow). Numbers and identifiers only.
 */
type Pairs = SearchAttributePair[];

/** A cascade's at its start: its task, and its session when it has one. */
export function cascadeStartAttributes(task: string, sessionId: string | undefined): Pairs {
  return [{ key: LlmTask, value: task }, ...(sessionId ? [{ key: LlmSession, value: sessionId }] : [])];
}

/** A batch's at its start: its task. */
export function batchStartAttributes(task: string): Pairs {
  return [{ key: LlmTask, value: task }];
}

/** An agent job's at its start: `agent:<name>`, running, and its session when it has one. */
export function agentStartAttributes(agent: string, sessionId: string | undefined): Pairs {
  return [
    { key: LlmTask, value: `agent:${agent}` },
    { key: LlmOutcome, value: 'running' },
    ...(sessionId ? [{ key: LlmSession, value: sessionId }] : []),
  ];
}

/** The latest attempt's tier and model, as the workflow list's columns show them. */
function lastAttempt(last: { tier: string; ref: string } | undefined): Pairs {
  return last
    ? [
        { key: LlmTier, value: last.tier },
        { key: LlmModel, value: last.ref },
      ]
    : [];
}

/** A cascade's (or a job of `cascade()` steps') as it runs: the job's cost and attempts, its outcome, its last attempt. */
export function ledgerAttributes(job: {
  task: string;
  costUsd: number;
  attempts: number;
  outcome: string;
  last?: { tier: string; ref: string };
  sessionId?: string;
  experiments?: string;
}): Pairs {
  return [
    { key: LlmTask, value: job.task },
    { key: LlmCostUsd, value: job.costUsd },
    { key: LlmAttempts, value: job.attempts },
    { key: LlmOutcome, value: job.outcome },
    ...lastAttempt(job.last),
    ...(job.sessionId ? [{ key: LlmSession, value: job.sessionId }] : []),
    ...(job.experiments ? [{ key: LlmExperiment, value: job.experiments }] : []),
  ];
}

/** A batch's as it runs: its task, the items finished and what they cost. */
export function batchAttributes(task: string, finished: number, costUsd: number): Pairs {
  return [
    { key: LlmTask, value: task },
    { key: LlmItems, value: finished },
    { key: LlmCostUsd, value: costUsd },
  ];
}

/** An agent job's as it runs: `agent:<name>`, its cost and steps, its state, its session and its last attempt. */
export function agentAttributes(job: {
  agent: string;
  costUsd: number;
  steps: number;
  state: string;
  sessionId?: string;
  last?: { tier: string; ref: string };
}): Pairs {
  return [
    { key: LlmTask, value: `agent:${job.agent}` },
    { key: LlmCostUsd, value: job.costUsd },
    { key: LlmAttempts, value: job.steps },
    { key: LlmOutcome, value: job.state },
    ...(job.sessionId ? [{ key: LlmSession, value: job.sessionId }] : []),
    ...lastAttempt(job.last),
  ];
}
