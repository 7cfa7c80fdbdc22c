/** `llm-cascade batch`: a batch extraction with a live progress bar and a final cost report. */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { loadConfig } from '../config';
import { installRuntime } from '../../worker/runtime';
import { prepareBatch, startBatch, watchBatch, type BatchRequest } from '../../client/batch-client';
import { batchReportTables, etaText, progressLine } from '../batch-format';
import { usd } from '../format';
import {
  MAX_WAIT_HELP,
  parseDuration,
  parseMaxWait,
  parseUsd,
  readSchemaFile,
  readTextArgument,
  schemaFileName,
} from '../input';
import { checkRouteKeys } from '../../catalog/node/keys';
import { DEFAULT_WAIT_FOR_WORKER_MS, WAIT_FOR_WORKER_FLAG, WAIT_FOR_WORKER_HELP, openTemporal } from '../temporal';
import { readLabels } from '../../inputs/labels';
import { formatScore } from '../score-format';
import { scoreBatchFiles } from '../report/score';
import { CHECK_FLAG_HELP, CHECKS_FILE_HELP, collectCheck, requestChecks } from '../check-flags';
import type { CheckSpec } from '../../catalog/checks';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, addressHelp } from '../temporal-target';
import { temporalTarget } from '../temporal-target';
import { plural } from '../../catalog/plural';
import { moneyJson } from '../json-money';

interface BatchFlags {
  waitForWorker?: number;
  config?: string;
  task: string;
  schema: string;
  input: string;
  out: string;
  errors?: string;
  instructions?: string;
  check?: CheckSpec[];
  checks?: string;
  concurrency?: number;
  maxCostUsd?: number;
  maxWait?: number;
  retryFailed?: boolean;
  providerBatch?: boolean;
  itemWorkflows?: boolean;
  batchId?: string;
  startTier?: string;
  address?: string;
  namespace?: string;
  apiKey?: string;
  timeout?: number;
  withWorker?: boolean;
  json?: boolean;
  logFile?: string;
}

/** Exit code of a batch that ran to its end with items failed, or still failing for a transient reason. */
export const EXIT_ITEMS_FAILED = 1;
/** Exit code of a batch stopped before its end (cancelled, or out of budget): items were left undone. */
export const EXIT_UNDONE = 3;

/** Non-TTY stderr (logs, CI) gets a progress line this often instead of a bar. */
const LOG_EVERY_MS = 5_000;

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `--concurrency must be a whole number of at least 1, got "${value}"`,
    });
  }
  return count;
}

export function registerBatch(program: Command): void {
  program
    .command('batch')
    .description(
      'extract typed JSON from every item of a JSONL file, JSON array or directory; rerun with the same batch id to resume',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 every item ok; 1 the batch ran to its end but items failed or stayed retryable ' +
        '(providers down: rerun with the same batch id); 2 bad input, nothing started; 3 stopped early ' +
        '(cancelled or out of budget): rerun to finish the undone items.',
    )
    .option('-c, --config <file>', 'config file: catalog (providers, models, routes) and temporal settings')
    .requiredOption('-t, --task <task>', 'task type: a route of the catalog')
    .requiredOption('-s, --schema <file.json>', 'JSON Schema every answer must validate against')
    .requiredOption(
      '-i, --input <file|dir>',
      '.jsonl (one item per line), .json (an array) or a directory of text files',
    )
    .requiredOption('-o, --out <file.jsonl>', 'results: one JSON line per item that succeeded')
    .option(
      '--errors <file.jsonl>',
      'failures: one JSON line per item, with the reason and the ledger (default: <out>.errors.jsonl)',
    )
    .option('--instructions <text|@file>', 'system instructions placed before each item')
    .option('--check <spec>', CHECK_FLAG_HELP, collectCheck)
    .option('--checks <file.json>', CHECKS_FILE_HELP)
    .option('--concurrency <n>', 'items in flight at once (default 16)', parseCount)
    .option('--max-cost-usd <usd>', 'budget of the whole batch in USD: no item starts once it is spent', parseUsd)
    .option(
      '--max-wait <seconds>',
      `longest an item ${MAX_WAIT_HELP} before it is reported retryable (default 900)`,
      parseMaxWait,
    )
    .option('--retry-failed', 'also run again items whose earlier run ended in a failure line (a rerun skips them)')
    .option(
      '--provider-batch',
      "send the route's first tier as provider batches (the provider's Batch API: batch price, answers within 24 h)",
    )
    .option(
      '--item-workflows',
      'run each item as a child workflow of its own (a page per item in the Temporal UI; slower) instead of inline',
    )
    .option('--batch-id <id>', 'names the batch; the same id resumes it (default: derived from task, input and output)')
    .option('--start-tier <tier>', 'start every item at this tier instead of the route rules')
    .option('--address <host:port>', addressHelp('an embedded dev server'))
    .option(
      '--timeout <duration>',
      `how long the workflow may take in all before Temporal ends it, e.g. "2h" (default ${'7 days'})`,
      parseDuration('--timeout'),
    )
    .option(WAIT_FOR_WORKER_FLAG, WAIT_FOR_WORKER_HELP, parseDuration('--wait-for-worker'))
    .option('--namespace <ns>', 'Temporal namespace')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option('--with-worker', 'also run a worker in this process (implied with an embedded server)')
    .option('--json', 'print the report as one JSON object, no progress bar')
    .option(
      '--log-file <file>',
      "the in-process worker's JSON-line log, per-attempt records included (default: warnings only, on stderr)",
    )
    .action(async (flags: BatchFlags) => {
      const config = loadConfig(flags.config);
      const schema = readSchemaFile(flags.schema, '--schema');
      const request: BatchRequest = {
        task: flags.task,
        schema,
        schemaName: schemaFileName(flags.schema, schema),
        input: flags.input,
        output: flags.out,
        errors: flags.errors,
        instructions: flags.instructions ? readTextArgument(flags.instructions, '--instructions') : undefined,
        checks: requestChecks(flags),
        concurrency: flags.concurrency,
        maxCostUsd: flags.maxCostUsd,
        maxWaitMs: flags.maxWait,
        retryFailed: flags.retryFailed,
        providerBatch: flags.providerBatch,
        itemWorkflows: flags.itemWorkflows,
        batchId: flags.batchId,
        startTier: flags.startTier,
      };
      // Check the request before starting anything (an embedded server takes seconds to come up).
      prepareBatch(config.catalog, request, new Date().toISOString().slice(0, 10));
      // Items carrying expected values ("expected" beside the text) make the report score the results.
      const labels = readLabels(flags.input, '--input');
      // A worker in this process reads the provider keys from this environment: check them now.
      if (flags.withWorker || !temporalTarget(flags, config).address) {
        checkRouteKeys(config.catalog, request.task, (message) => process.stderr.write(`${message}\n`));
      }
      const log = flags.json ? undefined : (message: string) => process.stderr.write(`${message}\n`);
      // An in-process worker logs every attempt; on stderr that would tear the progress bar apart.
      const logFile = flags.logFile ? resolve(flags.logFile) : undefined;
      installRuntime(
        logFile ? { write: (line) => appendFileSync(logFile, line) } : { logLevel: 'WARN', format: 'text' },
      );
      const temporal = await openTemporal(config, {
        ...flags,
        log,
        workerWaitMs: flags.waitForWorker ?? DEFAULT_WAIT_FOR_WORKER_MS,
      });
      const bar = flags.json ? undefined : progressBar();
      try {
        const batch = await startBatch(temporal.client, request, {
          catalog: config.catalog,
          taskQueue: temporal.taskQueue,
          executionTimeout: flags.timeout,
        });
        log?.(
          `${batch.attached ? 'attached to running' : 'started'} batch ${batch.batchId} (workflow ${batch.workflowId})${temporal.uiUrl ? `; Web UI ${temporal.uiUrl}` : ''}`,
        );
        log?.('Ctrl-C stops watching; run the same command again to resume without redoing finished items');
        let started = false;
        let since = { done: 0, at: Date.now() };
        let loggedAt = 0;
        const report = await watchBatch(batch, (progress) => {
          if (!bar) return;
          const toDo = Math.max(progress.total - progress.alreadyDone, 0);
          const payload = {
            cost: usd(progress.costUsd, 4),
            projected: usd(progress.projectedTotalCostUsd, 4),
            failed: progress.failed,
            phase: progress.phase === 'running' ? '' : ` [${progress.phase}]`,
            eta: etaText({ done: progress.done, toDo }, since, Date.now()),
          };
          if (progress.phase === 'starting') return; // still counting the items
          if (!started) {
            since = { done: progress.done, at: Date.now() };
            payload.eta = '…';
            if (progress.alreadyDone)
              log?.(
                `${progress.alreadyDone} of ${plural(progress.total, 'item')} already done by an earlier run: skipped`,
              );
            bar.start(toDo, progress.done, payload);
            started = true;
          }
          bar.setTotal(toDo);
          bar.update(progress.done, payload);
          if (!process.stderr.isTTY && Date.now() - loggedAt >= LOG_EVERY_MS) {
            loggedAt = Date.now();
            log?.(progressLine(progress));
          }
        });
        bar?.stop();
        const quality = labels.size > 0 ? scoreBatchFiles(report.outputs, labels) : undefined;
        if (flags.json)
          process.stdout.write(`${JSON.stringify(moneyJson(quality ? { ...report, quality } : report))}\n`);
        else {
          process.stdout.write(`${batchReportTables(report)}\n`);
          if (quality) process.stdout.write(`${formatScore(quality, 'Quality against the expected values')}\n`);
        }
        if (report.status !== 'completed') process.exitCode = EXIT_UNDONE;
        else if (report.failed + report.retryable > 0) process.exitCode = EXIT_ITEMS_FAILED;
      } finally {
        bar?.stop();
        await temporal.close();
      }
    });
}

function progressBar(): SingleBar {
  return new SingleBar({
    stream: process.stderr,
    format: 'items {bar} {value}/{total} ({failed} failed) | {cost} so far, ~{projected} total | ETA {eta}{phase}',
    barsize: 30,
    hideCursor: true,
  });
}
