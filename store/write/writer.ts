/**
 * The ledger writer a worker holds: `recordAttempt(s)`, `recordRequest` and `recordLabels` never throw and never
 * wait for the store. Each call puts its rows in this process's outbox (a local file, synchronously) and returns;
 * a background drain delivers the outbox to the store in batches, in order, and when the store is down or slow,
 * keeps them and tries again with backoff. Keys make delivery idempotent, so a batch delivered twice (a drain that
 * failed after its commit, an orphaned outbox adopted by two processes) is still in the store once.
 */
import { isTransient, type SqlEngine } from '../engine/types';
import type { AttemptRow, LabelVerdict, RequestRow } from '../rows';
import { applyOperations, type LedgerOperation } from './apply';
import { Outbox } from './outbox';

export type WriterLog = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

export interface LedgerWriterOptions {
  /** Connects to the store (and brings its schema up to date); called again after a failure. */
  connect: () => Promise<SqlEngine>;
  /** This host's outbox directory. */
  outboxDir: string;
  /** Operations per store transaction. @default 500 */
  batchSize?: number;
  /** How long a write waits for companions before a drain starts, ms. @default 20 */
  delayMs?: number;
  /** First and longest pause between tries while the store is unreachable, ms. @default 200, 30000 */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** How often to look for outboxes of processes that died, ms. @default 60000 */
  adoptEveryMs?: number;
  log?: WriterLog;
  now?: () => number;
}

export interface WriterStatus {
  /** Operations waiting in this process's outboxes (its own and adopted ones). */
  pending: number;
  /** Operations delivered since the writer started. */
  delivered: number;
  /** Operations the store refused for good, kept aside in the outbox file. */
  buried: number;
  /** The last delivery failure, while the store is unreachable. */
  lastError?: string;
}

export class LedgerWriter {
  private readonly outbox: Outbox | undefined;
  /** Rows that could not even be put in the outbox (a full or read-only disk): kept in memory, retried first. */
  private readonly unspooled: LedgerOperation[] = [];
  private adopted: Outbox[] = [];
  private engine: SqlEngine | undefined;
  private draining: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private delivered = 0;
  private lastError: string | undefined;
  private lastAdoptMs = -Infinity;
  private closed = false;

  constructor(private readonly options: LedgerWriterOptions) {
    try {
      this.outbox = Outbox.create(options.outboxDir);
    } catch (error) {
      this.report('error', 'ledger outbox unavailable: rows wait in memory until the store takes them', error);
    }
    this.schedule(0);
  }

  recordAttempt(row: AttemptRow): void {
    this.enqueue([{ op: 'attempt', row }]);
  }

  recordAttempts(rows: readonly AttemptRow[]): void {
    if (rows.length > 0) this.enqueue(rows.map((row) => ({ op: 'attempt', row })));
  }

  /** A finished request; give its attempts too when they may not have been recorded (they are skipped if they were). */
  recordRequest(row: RequestRow, attempts: readonly AttemptRow[] = []): void {
    this.enqueue([...attempts.map((attempt) => ({ op: 'attempt' as const, row: attempt })), { op: 'request', row }]);
  }

  recordLabels(verdicts: readonly LabelVerdict[]): void {
    if (verdicts.length > 0) this.enqueue(verdicts.map((verdict) => ({ op: 'label', verdict })));
  }

  status(): WriterStatus {
    const boxes = [this.outbox, ...this.adopted].filter((box): box is Outbox => box !== undefined);
    const count = (read: (box: Outbox) => number) => boxes.reduce((sum, box) => sum + safe(() => read(box), 0), 0);
    return {
      pending: this.unspooled.length + count((box) => box.pending),
      delivered: this.delivered,
      buried: count((box) => box.buried),
      ...(this.lastError !== undefined && { lastError: this.lastError }),
    };
  }

  /** Waits until everything recorded so far is in the store, or `timeoutMs` passed; true when it all is. */
  async flush(timeoutMs = 10_000): Promise<boolean> {
    const deadline = (this.options.now ?? Date.now)() + timeoutMs;
    for (;;) {
      await this.drainNow();
      if (this.status().pending === 0) return true;
      const left = deadline - (this.options.now ?? Date.now)();
      if (left <= 0) return false;
      await sleep(Math.min(left, this.backoffMs()));
    }
  }

  /** Delivers what it can within `timeoutMs`, then closes; what is left stays in the outbox for the next writer. */
  async close(timeoutMs = 5_000): Promise<void> {
    if (this.closed) return;
    await this.flush(timeoutMs).catch(() => false);
    this.closed = true;
    clearTimeout(this.timer);
    await this.draining;
    for (const box of [this.outbox, ...this.adopted]) safe(() => box?.close(), undefined);
    await this.engine?.close().catch(() => undefined);
  }

  private enqueue(operations: LedgerOperation[]): void {
    try {
      if (this.closed) throw new Error('the ledger writer is closed');
      if (this.outbox && this.unspooled.length === 0) this.outbox.add(operations);
      else this.unspooled.push(...operations);
    } catch (error) {
      this.unspooled.push(...operations);
      this.report('error', 'ledger outbox write failed: rows kept in memory', error);
    }
    if (!this.closed) this.schedule(this.options.delayMs ?? 20);
  }

  private schedule(ms: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.drainNow();
    }, ms);
    this.timer.unref();
  }

  private drainNow(): Promise<void> {
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  private async drain(): Promise<void> {
    const now = this.options.now ?? Date.now;
    try {
      if (now() - this.lastAdoptMs >= (this.options.adoptEveryMs ?? 60_000)) {
        this.lastAdoptMs = now();
        const own = new Set([this.outbox?.path, ...this.adopted.map((box) => box.path)].filter(Boolean) as string[]);
        this.adopted.push(...Outbox.adoptOrphans(this.options.outboxDir, own));
      }
      this.engine ??= await this.options.connect();
      while (this.unspooled.length > 0) {
        const batch = this.unspooled.slice(0, this.options.batchSize ?? 500);
        await this.deliver(batch);
        this.unspooled.splice(0, batch.length);
      }
      for (const box of [this.outbox, ...this.adopted]) if (box) await this.drainBox(box);
      this.adopted = this.adopted.filter((box) => (box.pending > 0 ? true : (box.close(), false)));
      if (this.failures > 0) this.report('info', `ledger store reachable again: outbox delivered`);
      this.failures = 0;
      this.lastError = undefined;
    } catch (error) {
      this.failures++;
      this.lastError = describe(error);
      // One line when an outage starts, then one every 20 failed tries: rows are safe in the outbox meanwhile.
      if (this.failures === 1 || this.failures % 20 === 0)
        this.report('warn', `ledger store unavailable (try ${this.failures}); rows wait in the outbox`, error);
      if (!isTransient(error) && this.engine) {
        await this.engine.close().catch(() => undefined);
        this.engine = undefined;
      }
      this.schedule(this.backoffMs());
    }
  }

  private async drainBox(box: Outbox): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    for (;;) {
      const entries = box.peek(batchSize);
      if (entries.length === 0) return;
      try {
        await this.deliver(entries.map((entry) => entry.operation));
        box.removeThrough(entries[entries.length - 1]!.id);
      } catch (error) {
        if (isTransient(error) || isConnectionLoss(error)) throw error;
        // Something in this batch is refused for good: deliver one by one, set the refused ones aside.
        for (const entry of entries) {
          try {
            await this.deliver([entry.operation]);
            box.removeThrough(entry.id);
          } catch (single) {
            if (isTransient(single) || isConnectionLoss(single)) throw single;
            box.bury(entry.id, describe(single), (this.options.now ?? Date.now)());
            this.report('error', 'ledger store refused a row; it is kept aside in the outbox', single);
          }
        }
      }
    }
  }

  private async deliver(operations: readonly LedgerOperation[]): Promise<void> {
    await applyOperations(this.engine!, operations);
    this.delivered += operations.length;
  }

  private backoffMs(): number {
    const min = this.options.retryMinMs ?? 200;
    const max = this.options.retryMaxMs ?? 30_000;
    return Math.min(max, min * 2 ** Math.min(this.failures, 20));
  }

  private report(level: 'info' | 'warn' | 'error', message: string, error?: unknown): void {
    safe(
      () => this.options.log?.(level, message, error === undefined ? undefined : { error: describe(error) }),
      undefined,
    );
  }
}

/** Errors of a lost connection that carry no code: pg's "Connection terminated", a closed pool. */
function isConnectionLoss(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Connection terminated|connection timeout|Cannot use a pool after calling end|ECONNREFUSED|not open/i.test(
    message,
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${code ? `${String(code)}: ` : ''}${error.message}`;
  }
  return String(error);
}

function safe<T>(work: () => T, fallback: T): T {
  try {
    return work();
  } catch {
    return fallback;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
