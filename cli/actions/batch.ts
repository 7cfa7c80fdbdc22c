/** `llm-cascade batch`: a batch extraction with a live progress bar and a final cost report. */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../config';
import { installRuntime } from '../../worker/runtime';
import { prepareBatch, startBatch, watchBatch, type BatchRequest } from '../../client/batch-client';
import { batchReportTables, etaText, progressLine } from '../batch-format';
import { usd } from '../format';
import { readSchemaFile, readTextArgument, schemaFileName } from '../input';
import { checkRouteKeys } from '../../catalog/node/keys';
import { DEFAULT_WAIT_FOR_WORKER_MS, openTemporal } from '../temporal';
import { readLabels } from '../../inputs/labels';
import { formatScore } from '../score-format';
import { scoreBatchFiles } from '../report/score';
import { scoreResults, type Label, type ResultLine, type Score } from '../../inputs/score';
import { isRemoteOutput } from '../../inputs/output-location';
import { finishOutputs, readOutputLines } from '../../activities/batch/sinks/read';
import { requestChecks } from '../check-flags';
import type { CheckSpec } from '../../catalog/checks';
import { temporalTarget } from '../temporal-target';
import { plural } from '../../catalog/plural';
import { sessionUiBase, workflowLink } from '../ui-link';
import { moneyJson } from '../json-money';

export interface BatchFlags {
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
  uiUrl?: string;
}

/** Exit code of a batch that ran to its end with items failed, or still failing for a transient reason. */
export const EXIT_ITEMS_FAILED = 1;
/** Exit code of a batch stopped before its end (cancelled, or out of budget): items were left undone. */
export const EXIT_UNDONE = 3;

/** Non-TTY stderr (logs, CI) gets a progress line this often instead of a bar. */
const LOG_EVERY_MS = 5_000;

export async function batchAction(flags: BatchFlags): Promise<void> {
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
  installRuntime(logFile ? { write: (line) => appendFileSync(logFile, line) } : { logLevel: 'WARN', format: 'text' });
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
    const ui = sessionUiBase({ flag: flags.uiUrl, config: config.temporal.uiUrl }, temporal);
    log?.(
      `${batch.attached ? 'attached to running' : 'started'} batch ${batch.batchId} (workflow ${batch.workflowId})${ui ? `: ${workflowLink(ui, temporal.namespace, batch.workflowId)}` : ''}`,
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
          log?.(`${progress.alreadyDone} of ${plural(progress.total, 'item')} already done by an earlier run: skipped`);
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
    // S3 outputs are one object per line until the batch ends: join them into the JSONL object --out named.
    await finishOutputs(report.outputs);
    const quality = labels.size > 0 ? await scoreOutputs(report.outputs, labels) : undefined;
    if (flags.json) process.stdout.write(`${JSON.stringify(moneyJson(quality ? { ...report, quality } : report))}\n`);
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
}

/** The results and errors scored against the labels, read from files, S3 or PostgreSQL. */
async function scoreOutputs(
  outputs: { resultsPath: string; errorsPath: string },
  labels: ReadonlyMap<string, Label>,
): Promise<Score> {
  if (!isRemoteOutput(outputs.resultsPath) && !isRemoteOutput(outputs.errorsPath))
    return scoreBatchFiles(outputs, labels);
  const lines = [...(await readOutputLines(outputs.resultsPath)), ...(await readOutputLines(outputs.errorsPath))];
  return scoreResults(lines as ResultLine[], labels);
}

function progressBar(): SingleBar {
  return new SingleBar({
    stream: process.stderr,
    format: 'items {bar} {value}/{total} ({failed} failed) | {cost} so far, ~{projected} total | ETA {eta}{phase}',
    barsize: 30,
    hideCursor: true,
  });
}
