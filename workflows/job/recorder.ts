/**
 * The ledger of the running workflow, across every cascade it runs (a standalone cascade, a batch item, or
 * each `cascade()` step of a user workflow): answers the `ledger` query, and publishes the whole job to Current
 * Details and the cost search attributes. The workflow that owns it creates it ({@link jobRecorder}) and passes it
 * to the cascades it runs; a workflow that shows its own ledger (an agent job) passes a {@link silentRecorder}.
 */
import { setCurrentDetails, setHandler, upsertMemo, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { isPatched } from '../patches';
import { ledgerQuery, ledgerTotals, type AttemptRecord, type ProviderWaitView } from '../definitions';
import { ledgerAttributes } from '../definitions/search-attributes';
import { jobLedgerMarkdown, stepTotals } from './ledger';
import { LEDGER_MEMO_KEY, ledgerMemo } from './memo';

/** What a cascade publishes with its status; the recorder adds the whole job's totals. */
export interface PublishOptions {
  task: string;
  /** The step publishing, shown before its status. */
  step?: string;
  sessionId?: string;
  /** The request's A/B arms, `name:arm` joined by commas. */
  experiments?: string;
  /** false: no search attributes (not registered on the namespace). */
  searchAttributes?: boolean;
}

export class JobRecorder {
  /** Every attempt of every step of this run, in the order they ended. */
  readonly rows: AttemptRecord[] = [];
  private started = 0;
  private running = 0;
  /** Markdown shown above the ledger (a planned route), per step. */
  private readonly notes = new Map<string, string>();
  /** The provider wait under way, and the candidate being called: the `ledger` query shows both to clients. */
  private waitingNow?: ProviderWaitView;
  private callingNow?: { ref: string; provider: string };
  /** The last status published (shown in the memo a run leaves once its steps are done). */
  private status = 'done';

  /** Answers the `ledger` query from this recorder's rows (the workflow's one ledger: register it once). */
  registerLedgerQuery(): this {
    setHandler(
      ledgerQuery,
      () => ({
        attempts: this.rows,
        totals: ledgerTotals(this.rows),
        done: this.started > 0 && this.running === 0,
        ...(this.rows.some((row) => row.step !== undefined) && { steps: stepTotals(this.rows) }),
        ...(this.waitingNow && { waiting: this.waitingNow }),
        ...(this.callingNow && { calling: this.callingNow }),
      }),
      {
        description: 'Every attempt so far (step, tier, model, outcome, tokens, cost) with totals per step and in all',
      },
    );
    return this;
  }

  stepStarted(): void {
    this.started++;
    this.running++;
  }

  /**
   * Once no step is running, the ledger so far goes into the run's memo: a finished run's page in the Temporal UI
   * shows what it cost without a worker to answer Current Details (runs recorded before the patch leave none).
   */
  stepEnded(): void {
    this.running--;
    if (this.running === 0 && isPatched('ledgerMemo'))
      upsertMemo({ [LEDGER_MEMO_KEY]: ledgerMemo(this.rows, this.status) });
  }

  add(row: AttemptRecord): void {
    this.rows.push(row);
  }

  /** A durable wait on providers begins (its end) or ends (undefined): read by clients, not part of history. */
  waiting(wait: ProviderWaitView | undefined): void {
    this.waitingNow = wait;
  }

  /** The candidate an attempt is calling, or undefined once it ended. */
  calling(candidate: { ref: string; provider: string } | undefined): void {
    this.callingNow = candidate;
  }

  /** A note (e.g. the route the worker planned) shown in Current Details for a step, keyed by step or task. */
  note(key: string, markdown: string): void {
    this.notes.set(key, markdown);
  }

  /** Shows the job in the Temporal UI: the markdown ledger as Current Details, job totals as search attributes. */
  publish(status: string, options: PublishOptions): void {
    const notes = [...this.notes.values()];
    const shown = options.step === undefined ? status : `${options.step}: ${status}`;
    this.status = shown;
    setCurrentDetails([jobLedgerMarkdown(this.rows, shown), ...notes].join('\n\n'));
    if (options.searchAttributes === false) return;
    const last = this.rows[this.rows.length - 1];
    const totals = ledgerTotals(this.rows);
    upsertSearchAttributes(
      ledgerAttributes({
        // A job is listed by its own name, not by whichever step published last.
        task: options.step === undefined ? options.task : jobTask(workflowInfo().workflowType),
        costUsd: totals.costUsd,
        attempts: totals.attempts,
        outcome: status.startsWith('failed') ? status : (last?.outcome ?? 'pending'),
        last,
        sessionId: options.sessionId,
        experiments: options.experiments,
      }),
    );
  }
}

/** The `LlmTask` of a job with named `cascade()` steps: `job:<its workflow type>` (an agent job's is `agent:<name>`). */
export function jobTask(workflowType: string): string {
  return `job:${workflowType}`;
}

/** What a cascade tells the workflow it runs in: its steps, attempt rows, notes and status. */
export type Recorder = Pick<
  JobRecorder,
  'rows' | 'stepStarted' | 'stepEnded' | 'add' | 'note' | 'publish' | 'waiting' | 'calling'
>;

/**
 * A recorder of one cascade's rows that shows nothing: for cascades whose workflow shows its own progress instead
 * (a batch's inline items; the batch would otherwise hold every item's rows and upsert search attributes per item).
 */
export function silentRecorder(): Recorder {
  const rows: AttemptRecord[] = [];
  return {
    rows,
    stepStarted: () => undefined,
    stepEnded: () => undefined,
    add: (row) => void rows.push(row),
    note: () => undefined,
    publish: () => undefined,
    waiting: () => undefined,
    calling: () => undefined,
  };
}

/**
 * The recorder of the workflow calling it, its `ledger` query registered. Call it once per workflow run, in the
 * workflow that owns the ledger, and pass the recorder to every cascade it runs.
 */
export function jobRecorder(): JobRecorder {
  return new JobRecorder().registerLedgerQuery();
}
