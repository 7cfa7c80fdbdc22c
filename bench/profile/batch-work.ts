/**
 * Where a batch's time goes, next to bare Temporal in the same rounds: `node lib/bench/profile/batch-work.js
 * [items] [concurrency] [rounds] [--inline]` (an item workflow per item; `--inline`: the default, items inline).
 * For each batch round it reads every history (parent runs and item workflows)
 * and prints history events per item by type, the parent's workflow tasks (count, worker time), its runs
 * (continue-as-new), the item workflows' own duration, and how full the slots were: the items' run time over
 * wall time × concurrency (1.0: a slot never idle).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { startContext } from '../setup/context';
import { batchRunner } from '../sections/throughput';
import { nextMarker } from '../systems/request';
import { pool } from '../util/pool';
import { median, round } from '../util/stats';

type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
type Event = NonNullable<History['events']>[number];

const ms = (t: Event['eventTime']) => Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
const typeOf = (e: Event) =>
  Object.keys(e)
    .find((k) => k.endsWith('EventAttributes'))!
    .replace('EventAttributes', '');

function countTypes(events: Event[], into: Map<string, number>): void {
  for (const event of events) into.set(typeOf(event), (into.get(typeOf(event)) ?? 0) + 1);
}

/** Worker time of each workflow task: started → completed. */
function taskTimes(events: Event[]): number[] {
  const started = new Map<number, number>();
  const times: number[] = [];
  for (const e of events) {
    if (e.workflowTaskStartedEventAttributes) started.set(Number(e.eventId), ms(e.eventTime));
    const done = e.workflowTaskCompletedEventAttributes;
    if (done) times.push(ms(e.eventTime) - (started.get(Number(done.startedEventId)) ?? ms(e.eventTime)));
  }
  return times;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // `--inline`: the default batch (items inline, nothing but the parent to read); else an item workflow per item.
  const inline = args.includes('--inline');
  const [items = 250, concurrency = 50, rounds = 2] = args.filter((a) => a !== '--inline').map(Number);
  const ctx = await startContext((line) => process.stderr.write(`${line}\n`), { peers: false });
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-batch-work-'));
  const client = ctx.temporal.client;
  try {
    const runBatch = batchRunner(ctx, dir, !inline);
    const bare = async (n: number) => {
      const ids = Array.from({ length: n }, () => nextMarker('bare-noop'));
      await pool(n, concurrency, async (i) => {
        const handle = await ctx.temporal.eagerClient.workflow.start('noopActivityWorkflow', {
          taskQueue: ctx.queues.bare.tuned,
          workflowId: ids[i]!,
          args: ['x'],
        });
        await handle.result();
      });
    };
    await runBatch(20, concurrency);
    await bare(20);
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      await bare(items);
      const bareS = (performance.now() - t) / 1000;
      t = performance.now();
      const result = await runBatch(items, concurrency);
      const batchS = (performance.now() - t) / 1000;
      // Every run of the parent, newest first, then every item workflow.
      const parentRuns: Event[][] = [];
      for await (const info of client.workflow.list({ query: `WorkflowId = '${result.parent}'` })) {
        parentRuns.push((await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory()).events ?? []);
      }
      const parentTypes = new Map<string, number>();
      const parentTasks: number[] = [];
      for (const events of parentRuns) {
        countTypes(events, parentTypes);
        parentTasks.push(...taskTimes(events));
      }
      const childIds = inline ? [] : Array.from({ length: items }, (_, i) => `${result.parent}/item-${i}`);
      const childTypes = new Map<string, number>();
      const spans: Array<[number, number]> = [];
      const childTasks: number[] = [];
      await pool(childIds.length, 16, async (i) => {
        const events = (await client.workflow.getHandle(childIds[i]!).fetchHistory()).events ?? [];
        countTypes(events, childTypes);
        childTasks.push(...taskTimes(events));
        spans.push([ms(events[0]!.eventTime), ms(events[events.length - 1]!.eventTime)]);
      });
      const first = Math.min(...spans.map((s) => s[0]));
      const last = Math.max(...spans.map((s) => s[1]));
      const busy = spans.reduce((sum, [a, b]) => sum + (b - a), 0);
      const per = (n: number) => round(n / items, 2);
      const table = (m: Map<string, number>) =>
        Object.fromEntries([...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, per(n)]));
      const sum = (m: Map<string, number>) => per([...m.values()].reduce((a, b) => a + b, 0));
      console.log(
        JSON.stringify(
          {
            round: r + 1,
            items,
            concurrency,
            bareItemsPerS: round(items / bareS, 1),
            batchItemsPerS: round(items / batchS, 1),
            ratio: round(bareS / batchS, 3),
            parentRuns: parentRuns.length,
            eventsPerItem: { child: sum(childTypes), parent: sum(parentTypes) },
            childEvents: table(childTypes),
            parentEvents: table(parentTypes),
            parentTasks: {
              count: parentTasks.length,
              medianMs: round(median(parentTasks), 1),
              totalS: round(parentTasks.reduce((a, b) => a + b, 0) / 1000, 2),
            },
            childTasks: { medianMs: round(median(childTasks), 1) },
            item: { medianMs: round(median(spans.map(([a, b]) => b - a)), 1) },
            firstChildToLastChildS: round((last - first) / 1000, 2),
            wallS: round(batchS, 2),
            slotsBusy: round(busy / ((last - first) * concurrency), 3),
          },
          null,
          1,
        ),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ctx.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
