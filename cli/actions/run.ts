/** `llm-cascade run`, what it does (its flags and help: cli/commands/run.ts). */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { storeMediaFlags } from '../media-flags';
import { installRuntime } from '../../worker/runtime';
import { CascadeError, startCascade } from '../../client/cascade-client';
import { waitLine, watchWaits } from '../../client/wait-watch';
import { prepareCascade, type CascadeRequest } from '../../client/prepare';
import { ledgerTable, totalsLine } from '../format';
import { readSchemaFile, readTextArgument, schemaFileName } from '../input';
import { checkRouteKeys } from '../../catalog/node/keys';
import { openTemporal } from '../temporal';
import { requestChecks } from '../check-flags';
import type { CheckSpec } from '../../catalog/checks';
import { temporalTarget } from '../temporal-target';
import type { Tags } from '../../catalog/types';
import { explainLines } from '../explain';
import { sessionUiBase, workflowLink } from '../ui-link';
import { analysePlanned, prefixReport } from './lint';
import { moneyJson } from '../json-money';

export interface RunFlags {
  config?: string;
  task: string;
  schema: string;
  input: string;
  media?: string[];
  instructions?: string;
  check?: CheckSpec[];
  checks?: string;
  maxCostUsd?: number;
  maxWait?: number;
  startTier?: string;
  session?: string;
  address?: string;
  namespace?: string;
  apiKey?: string;
  timeout?: number;
  withWorker?: boolean;
  json?: boolean;
  verbose?: boolean;
  logFile?: string;
  require?: Tags;
  latencyGoalMs?: number;
  strictLatency?: boolean;
  explain?: boolean;
  uiUrl?: string;
}

export async function runAction(flags: RunFlags): Promise<void> {
  const config = loadConfig(flags.config);
  const schema = readSchemaFile(flags.schema, '--schema');
  const request: CascadeRequest = {
    task: flags.task,
    schema,
    schemaName: schemaFileName(flags.schema, schema),
    input: readTextArgument(flags.input, '--input'),
    ...(flags.media?.length && { media: await storeMediaFlags(flags.media, config) }),
    instructions: flags.instructions ? readTextArgument(flags.instructions, '--instructions') : undefined,
    checks: requestChecks(flags),
    maxCostUsd: flags.maxCostUsd,
    maxWaitMs: flags.maxWait,
    startTier: flags.startTier,
    metadata: flags.session ? { sessionId: flags.session } : undefined,
    ...(flags.require && { require: flags.require }),
    ...(flags.latencyGoalMs !== undefined && { latencyGoalMs: flags.latencyGoalMs }),
    ...(flags.strictLatency && { latencyGoalStrict: true }),
  };
  // Check the task, schema and input before starting anything (an embedded server takes seconds to come up).
  const planned = prepareCascade(config.catalog, request, new Date().toISOString().slice(0, 10));
  if (flags.explain) {
    const cache = analysePlanned(config.catalog, planned);
    process.stdout.write(`${explainLines(planned).join('\n')}\n\n${prefixReport(cache)}\n`);
    return;
  }
  const log = flags.json ? undefined : (m: string) => process.stderr.write(`${m}\n`);
  // Like `batch`: warnings only, one line each (a clean run prints none), unless asked for more.
  const logFile = flags.logFile ? resolve(flags.logFile) : undefined;
  installRuntime(
    logFile
      ? { write: (line) => appendFileSync(logFile, line) }
      : {
          format: 'text',
          logLevel: flags.verbose ? 'INFO' : 'WARN',
          // The failure is printed below, with the ledger; the worker's own line would only repeat it.
          skip: (entry) => entry.message === 'Workflow failed',
        },
  );
  // A worker in this process reads the provider keys from this environment: check them now.
  if (flags.withWorker || !temporalTarget(flags, config).address) {
    checkRouteKeys(config.catalog, request.task, (message) => process.stderr.write(`${message}\n`));
  }
  const temporal = await openTemporal(config, { ...flags, log });
  const watching = new AbortController();
  try {
    const started = await startCascade(temporal.client, request, {
      catalog: config.catalog,
      taskQueue: temporal.taskQueue,
      executionTimeout: flags.timeout,
    });
    const ui = sessionUiBase({ flag: flags.uiUrl, config: config.temporal.uiUrl }, temporal);
    if (ui)
      log?.(`started ${started.handle.workflowId}: ${workflowLink(ui, temporal.namespace, started.handle.workflowId)}`);
    // One line per wait on providers (cooldown, Retry-After), so a request that waits is never silent.
    void watchWaits(started.handle, (wait) => process.stderr.write(`${waitLine(wait)}\n`), {
      signal: watching.signal,
    }).catch(() => undefined);
    const result = await started.result();
    if (flags.json) {
      const { output, attempts, totalCostUsd, baselineCostUsd, workflowId, finalTier, finalModel } = result;
      process.stdout.write(
        `${JSON.stringify(moneyJson({ output, attempts, totalCostUsd, baselineCostUsd, finalTier, finalModel, workflowId }))}\n`,
      );
    } else {
      process.stdout.write(`${JSON.stringify(result.output, null, 2)}\n\n${ledgerTable(result.attempts)}\n`);
      process.stdout.write(`${totalsLine(result.totals, result.baselineCostUsd)}\nworkflow ${result.workflowId}\n`);
    }
  } catch (error) {
    if (!(error instanceof CascadeError)) throw error;
    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify(moneyJson({ error: { type: error.type, message: error.message }, attempts: error.attempts, totalCostUsd: error.totals?.costUsd ?? 0, workflowId: error.workflowId }))}\n`,
      );
    } else {
      process.stderr.write(`cascade failed (${error.type}): ${error.message}\n`);
      if (error.attempts.length) process.stderr.write(`${ledgerTable(error.attempts, { errors: false })}\n`);
      if (error.totals) process.stderr.write(`${totalsLine(error.totals)}\n`);
    }
    process.exitCode = 1;
  } finally {
    watching.abort();
    await temporal.close();
  }
}
