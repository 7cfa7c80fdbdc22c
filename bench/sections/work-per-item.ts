/** What one item of a throughput run costs the server: history events, workflow tasks and activities. */
import { round } from '../util/stats';
import type { BenchContext } from '../setup/context';

/** What one round of a runner did: items that succeeded, and workflows to count the work of one item from. */
export interface RunnerResult {
  ok: number;
  /** One item's workflow. */
  sample?: string;
  /** The batch parent, whose events are shared by its items. */
  parent?: string;
}

/** Server-side work per item, from histories: what the throughput ratio is made of. */
export interface WorkPerItem {
  key: string;
  /** History events of one item's own workflow, plus its share of the batch parent's events. */
  events: number;
  workflowTasks: number;
  activities: number;
}

/** Counts events, workflow tasks and activities of one item (plus its share of a batch parent's history). */
export async function workOf(ctx: BenchContext, key: string, last: RunnerResult): Promise<WorkPerItem | undefined> {
  if (!last.sample && !last.parent) return undefined;
  const count = async (workflowId: string, runId?: string) => {
    const events = (await ctx.temporal.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    return {
      events: events.length,
      workflowTasks: events.filter((e) => e.workflowTaskCompletedEventAttributes).length,
      activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length,
    };
  };
  const none = { events: 0, workflowTasks: 0, activities: 0 };
  const item = last.sample ? await count(last.sample) : none;
  if (!last.parent) return { key, ...item };
  // Every run of the parent (it continues as new as its history grows), shared out over the items.
  const parent = { ...none };
  for await (const run of ctx.temporal.client.workflow.list({ query: `WorkflowId = "${last.parent}"` })) {
    const counted = await count(run.workflowId, run.runId);
    parent.events += counted.events;
    parent.workflowTasks += counted.workflowTasks;
    parent.activities += counted.activities;
  }
  const share = (n: number) => round(n / Math.max(1, last.ok), 2);
  return {
    key,
    events: round(item.events + share(parent.events), 2),
    workflowTasks: round(item.workflowTasks + share(parent.workflowTasks), 2),
    activities: round(item.activities + share(parent.activities), 2),
  };
}
