/**
 * Flags shared by the command definitions (cli/commands/*): their names, help texts and value parsers.
 *
 * Light on purpose: every definition imports this module and `--help` loads them all, so it may import only
 * commander-sized things (catalog/errors, catalog/pricing, Temporal's duration parser). A parser that needs more
 * (zod, a schema) loads it when a value is parsed, not when the CLI starts (test/integration/cli-startup.test.ts).
 */
import type { Duration } from '@temporalio/common';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { budgetProblem } from '../catalog/pricing';
import type { CheckSpec } from '../catalog/checks';
import type { Tags } from '../catalog/types';
import type * as CheckFlagsModule from './check-flags';
import type * as TimeModule from '@temporalio/common/lib/time';

type CheckFlags = typeof CheckFlagsModule;

/** Temporal's duration parser ("90m", "2 days"), loaded with the first duration flag: it brings `long` along. */
export function msToNumber(value: Duration): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use, see the top comment
  return (require('@temporalio/common/lib/time') as typeof TimeModule).msToNumber(value);
}

function invalid(message: string): CascadeConfigError {
  return new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
}

/** `--api-key`, the same on every command that talks to a cluster. */
export const API_KEY_FLAG = '--api-key <key>';
export const API_KEY_HELP =
  "Temporal API key (default: TEMPORAL_API_KEY or the profile's api_key); turns TLS on, as Temporal Cloud requires";

/** `--profile`, the same on every command that talks to a cluster. */
export const PROFILE_FLAG = '--profile <name>';
export const PROFILE_HELP =
  "Temporal environment profile of temporal.toml: address, namespace, API key, TLS certificates (default: the config's temporal.profile, TEMPORAL_PROFILE, or default)";

/** `--address` help: what a command does when nothing names a cluster. */
export function addressHelp(otherwise: string): string {
  return `Temporal frontend (default: the config's temporal.address, TEMPORAL_ADDRESS or the profile's, or ${otherwise})`;
}

/** `--ui-url`, on the commands that start something (`run`, `batch`, `agent start`, `serve`). */
export const UI_URL_FLAG = '--ui-url <url>';
export const UI_URL_HELP =
  "Temporal Web UI whose link to print for what starts (default: the config's temporal.uiUrl; an embedded or " +
  "`llm-cascade dev` server's own UI; Temporal Cloud's)";

/** The Temporal CLI's own defaults for `temporal server start-dev`, which `llm-cascade dev` keeps. */
export const DEFAULT_DEV_PORT = 7233;
export const DEFAULT_UI_PORT = 8233;

/** The origins of `llm-cascade dev`'s Web UI, which `codec-server` lets call it by default. */
export const DEFAULT_UI_ORIGINS = [`http://localhost:${DEFAULT_UI_PORT}`, `http://127.0.0.1:${DEFAULT_UI_PORT}`];

/** `--wait-for-worker`: the same on `serve` and `batch`. */
export const WAIT_FOR_WORKER_FLAG = '--wait-for-worker <duration>';
export const WAIT_FOR_WORKER_HELP =
  'with --address: how long to wait for a worker polling the task queue before giving up, e.g. "5m" (default 60s)';
/** A gateway or a batch started beside its worker under a supervisor: the worker gets a minute to come up. */
export const DEFAULT_WAIT_FOR_WORKER_MS = 60_000;

/** `--max-wait`, the same on `run` and `batch`: what it bounds, for the help text. */
export const MAX_WAIT_HELP = 'waits in all for providers that are down or rate-limited';

/** Help text of `--check`, shared by `run` and `batch` (the grammar: cli/check-flags.ts). */
export const CHECK_FLAG_HELP =
  'a quality check every answer must pass besides the task\'s own, repeatable: "<check>:<fields>[:<option>=<value>,…]" ' +
  'or a JSON check spec, e.g. grounded:vendor,total · range:total:min=0 · currency:currency · ' +
  'dateWindow:dueDate:minDays=0,maxDays=120,fromField=issueDate · near:total:preset=total · ' +
  'sum:total:of=subtotal+tax · differs:vendor:from=customer · term:dueDate:from=issueDate · custom:<name>';
export const CHECKS_FILE_HELP = 'a JSON file holding an array of check specs, as in the catalog\'s "checks"';

/** Commander's collector for `--check`: the parser (and zod, which checks the spec) loads with the first value. */
export function collectCheck(value: string, previous: CheckSpec[] = []): CheckSpec[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on use: the check schema is zod
  const { parseCheck } = require('./check-flags') as CheckFlags;
  return [...previous, parseCheck(value)];
}

/** Parses a positive USD amount from a flag. */
export function parseUsd(value: string): number {
  const amount = Number(value);
  const problem = budgetProblem(amount);
  if (problem) throw invalid(`--max-cost-usd ${problem}, got "${value}"`);
  return amount;
}

/** Parses a duration flag ("90m", "2 days", "1h"): Temporal's duration syntax, at least one second. */
export function parseDuration(flag: string): (value: string) => number {
  return (value) => {
    let ms: number;
    try {
      ms = msToNumber(value as Duration);
    } catch {
      ms = NaN;
    }
    if (!Number.isFinite(ms) || ms < 1000) {
      throw invalid(`${flag} must be a duration of at least 1s such as "90m", "12h" or "2 days", got "${value}"`);
    }
    return ms;
  };
}

/** `--max-wait <seconds>` (0 to 30 days) as the cascade's `maxWaitMs`. */
export function parseMaxWait(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0 || seconds > 30 * 86_400) {
    throw invalid(`--max-wait must be a number of seconds between 0 and 2592000 (30 days), got "${value}"`);
  }
  return Math.round(seconds * 1000);
}

/** A whole number above 0 (`--limit`, `--concurrency`, `--seed` …), the flag named in the error. */
export function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) throw invalid(`${flag} must be a positive integer, got "${value}"`);
    return number;
  };
}

/** One `--require key=value` flag, collected: `true`/`false` become booleans (tags compare as text anyway). */
export function collectRequirement(value: string, previous: Tags = {}): Tags {
  const at = value.indexOf('=');
  if (at <= 0) throw invalid(`--require takes key=value, e.g. --require region=eu, got "${value}"`);
  const raw = value.slice(at + 1).trim();
  const parsed = raw === 'true' ? true : raw === 'false' ? false : raw;
  return { ...previous, [value.slice(0, at).trim()]: parsed };
}

/** A whole number of milliseconds above 0, for `--latency-goal-ms`. */
export function parseMilliseconds(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw invalid(`--latency-goal-ms must be whole milliseconds above 0, got "${value}"`);
  }
  return ms;
}
