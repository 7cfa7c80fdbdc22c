/**
 * A job's money across its steps, as plain arithmetic in integer micro-USD (no Temporal imports): every attempt
 * reserves its worst case from what the job has left, then settles to what it actually cost. Steps that run at
 * the same time (Promise.all) cannot spend the same dollar twice. Unit-tested in test/unit/job-budget.test.ts.
 */
import { budgetMicroUsd } from '../../catalog/pricing';

/** Options of {@link jobBudget}. */
export interface JobBudgetOptions {
  /** Most the whole job may spend, in USD, over every step that takes this budget. */
  maxCostUsd: number;
}

/** What a job budget shows: the limit, what is settled, what attempts in flight hold back. */
export interface JobBudgetView {
  maxMicroUsd: number;
  spentMicroUsd: number;
  reservedMicroUsd: number;
  /** What a new reservation may take: limit − spent − reserved (never below 0). */
  availableMicroUsd: number;
}

/** A reservation handed out by {@link JobBudget.reserve}; settle it exactly once. */
export interface Reservation {
  readonly microUsd: number;
  settled: boolean;
}

/**
 * The money of a multi-step job. Create one per workflow run with {@link jobBudget} and pass it to every
 * `cascade()` step that should share it. It is workflow state: deterministic, rebuilt by replay.
 */
export class JobBudget {
  readonly maxMicroUsd: number;
  private spent = 0;
  private reserved = 0;

  constructor(options: JobBudgetOptions) {
    if (!(Number.isFinite(options.maxCostUsd) && options.maxCostUsd > 0)) {
      throw new TypeError(`jobBudget: maxCostUsd must be a positive number of USD, got ${options.maxCostUsd}`);
    }
    // Floored, like a request's own budget: a job never gets a fraction of a micro-dollar more than it was given.
    this.maxMicroUsd = budgetMicroUsd(options.maxCostUsd);
  }

  /** What a new reservation may take now. */
  availableMicroUsd(): number {
    return Math.max(0, this.maxMicroUsd - this.spent - this.reserved);
  }

  /** Holds `microUsd` back for an attempt about to run; the caller has checked that it fits. */
  reserve(microUsd: number): Reservation {
    if (!(Number.isInteger(microUsd) && microUsd >= 0)) throw new TypeError(`reserve: bad amount ${microUsd}`);
    this.reserved += microUsd;
    return { microUsd, settled: false };
  }

  /**
   * Gives the reservation back and books what the attempt cost. A provider may bill more than the worst case
   * (usage it reports beyond max_tokens): the actual cost is booked all the same, since it was paid.
   */
  settle(reservation: Reservation, actualMicroUsd: number): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.reserved -= reservation.microUsd;
    this.spent += actualMicroUsd;
  }

  /** Books money spent outside a reservation (a child cascade's attempts that its own budget already bounded). */
  book(actualMicroUsd: number): void {
    this.spent += actualMicroUsd;
  }

  view(): JobBudgetView {
    return {
      maxMicroUsd: this.maxMicroUsd,
      spentMicroUsd: this.spent,
      reservedMicroUsd: this.reserved,
      availableMicroUsd: this.availableMicroUsd(),
    };
  }
}

/**
 * A budget shared by the `cascade()` steps of one workflow run:
 * `const budget = jobBudget({ maxCostUsd: 0.05 })`, then `cascade({ …, budget })` for each step.
 */
export function jobBudget(options: JobBudgetOptions): JobBudget {
  return new JobBudget(options);
}

/**
 * The limit a step's cascade loop checks its next attempt against: what the step has spent plus what the job
 * still has, capped by the step's own limit. `nextStep` subtracts the step's spending again, so the room it sees
 * is exactly the job's available money (or the step's own, whichever is less).
 */
export function stepLimitMicroUsd(
  stepSpentMicroUsd: number,
  ownLimitMicroUsd: number | undefined,
  job: Pick<JobBudget, 'availableMicroUsd'> | undefined,
): number | undefined {
  const fromJob = job === undefined ? undefined : stepSpentMicroUsd + job.availableMicroUsd();
  if (fromJob === undefined) return ownLimitMicroUsd;
  return ownLimitMicroUsd === undefined ? fromJob : Math.min(ownLimitMicroUsd, fromJob);
}
