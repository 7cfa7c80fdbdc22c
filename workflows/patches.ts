/**
 * Every `patched()` marker of llm-cascade's workflows, in one place, each with its end: the date and release it
 * arrived, the release in which it becomes `deprecatePatch` and the release in which it and its old branch go
 * (policy: docs/versioning.md). Workflow code asks `isPatched(name)`, never `patched()` itself, so a marker cannot
 * be added without a plan to retire it (test/unit/patches.test.ts checks both).
 *
 * A marker's id is recorded in the histories of the runs that took its branch and must never change: the first
 * four keep the names they were recorded with; new ones are named `llm-cascade.<workflow>.<change>`.
 */
import { deprecatePatch, patched } from '@temporalio/workflow';

/** One marker's life. Releases are this package's versions; dates are ISO (YYYY-MM-DD). */
export interface PatchPlan {
  /** The marker as histories record it. */
  id: string;
  /** The workflow type whose code asks for it. */
  workflow: 'cascadeWorkflow' | 'batchWorkflow' | 'agentWorkflow';
  /** What the new branch does that runs recorded before it did not. */
  change: string;
  arrived: string;
  release: string;
  /** `patched`: old and new branches both run; `deprecated`: only the new one, and the marker is still written. */
  state: 'patched' | 'deprecated';
  /** The release that turns it into `deprecatePatch` (runs that predate the patch must be closed by then). */
  deprecateIn: string;
  /** The release that removes the old branch and the marker (runs that predate `deprecateIn` must be closed). */
  removeIn: string;
}

export const PATCHES = {
  classifyStartTier: {
    id: 'llm-cascade-classify-start-tier',
    workflow: 'cascadeWorkflow',
    change: 'a classifier call may choose the start tier before the first attempt',
    arrived: '2026-11-30',
    release: '0.1.0',
    state: 'patched',
    deprecateIn: '0.2.0',
    removeIn: '0.3.0',
  },
  batchPageAhead: {
    id: 'batch-page-ahead',
    workflow: 'batchWorkflow',
    change: 'the next page is read beside the running items instead of once the queue is empty',
    arrived: '2026-11-30',
    release: '0.1.0',
    state: 'patched',
    deprecateIn: '0.2.0',
    removeIn: '0.3.0',
  },
  batchInlineItems: {
    id: 'batch-inline-items',
    workflow: 'batchWorkflow',
    change: "items run inline (their attempts are the batch's activities) unless item workflows are asked for",
    arrived: '2026-11-30',
    release: '0.1.0',
    state: 'patched',
    deprecateIn: '0.2.0',
    removeIn: '0.3.0',
  },
  agentClaimCheck: {
    id: 'llm-cascade.agent-claim-check',
    workflow: 'agentWorkflow',
    change: 'prompts, transcript and tool results live in the claim-check store; history carries references',
    arrived: '2026-11-30',
    release: '0.1.0',
    state: 'patched',
    deprecateIn: '0.2.0',
    removeIn: '0.3.0',
  },
  ledgerMemo: {
    id: 'llm-cascade.job.ledger-memo',
    workflow: 'cascadeWorkflow',
    change:
      "once no step runs, the ledger's summary goes into the run's memo (also in user workflows with cascade() steps)",
    arrived: '2026-12-07',
    release: '0.1.0',
    state: 'patched',
    deprecateIn: '0.2.0',
    removeIn: '0.3.0',
  },
  batchLedgerMemo: {
    id: 'llm-cascade.batch.ledger-memo',
    workflow: 'batchWorkflow',
    change: "a run's items, outcome and cost go into its memo before it ends or continues as new",
    arrived: '2026-12-07',
    release: '0.1.0',
    state: 'patched',
    deprecateIn: '0.2.0',
    removeIn: '0.3.0',
  },
  agentLedgerMemo: {
    id: 'llm-cascade.agent.ledger-memo',
    workflow: 'agentWorkflow',
    change: "the job's ledger summary goes into each run's memo before it finishes or continues as new",
    arrived: '2026-12-07',
    release: '0.1.0',
    state: 'patched',
    deprecateIn: '0.2.0',
    removeIn: '0.3.0',
  },
  abandonedEstimate: {
    id: 'llm-cascade.cascade.abandoned-estimate',
    workflow: 'cascadeWorkflow',
    change:
      'a call timed out on the server clock or cancelled in flight, on a provider that may bill it, is recorded at an estimated cost',
    arrived: '2026-12-07',
    release: '0.1.0',
    state: 'patched',
    deprecateIn: '0.2.0',
    removeIn: '0.3.0',
  },
} as const satisfies Record<string, PatchPlan>;

export type PatchName = keyof typeof PATCHES;

/**
 * Whether this run takes the patch's new branch: `patched()` while both branches live; once the registry marks it
 * `deprecated`, always (the marker is still written, so histories stay replayable by the release before).
 */
export function isPatched(name: PatchName): boolean {
  const plan: PatchPlan = PATCHES[name];
  if (plan.state === 'deprecated') {
    deprecatePatch(plan.id);
    return true;
  }
  return patched(plan.id);
}
