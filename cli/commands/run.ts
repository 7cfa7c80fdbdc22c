/** `llm-cascade run`: one cascade from the command line. */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config';
import { installRuntime } from '../../worker/runtime';
import { CascadeError, startCascade } from '../../client/cascade-client';
import { waitLine, watchWaits } from '../../client/wait-watch';
import { prepareCascade, type CascadeRequest } from '../../client/prepare';
import { ledgerTable, totalsLine } from '../format';
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
import { openTemporal } from '../temporal';
import { CHECK_FLAG_HELP, CHECKS_FILE_HELP, collectCheck, requestChecks } from '../check-flags';
import type { CheckSpec } from '../../catalog/checks';
import {
  API_KEY_FLAG,
  API_KEY_HELP,
  PROFILE_FLAG,
  PROFILE_HELP,
  addressHelp,
  temporalTarget,
} from '../temporal-target';
import type { Tags } from '../../catalog/types';
import { collectRequirement, explainLines, parseMilliseconds } from '../explain';
import { analysePlanned, prefixReport } from './lint';
import { moneyJson } from '../json-money';

interface RunFlags {
  config?: string;
  task: string;
  schema: string;
  input: string;
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
}

const EXIT_CODES_HELP =
  '\nExit codes: 0 the cascade found a valid answer; 1 it failed (the ledger says why, candidate by candidate); ' +
  '2 bad input, nothing started (flags, config, schema, input, missing API keys, no worker).';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run one cascade: cheapest adequate model first, escalating only when the answer fails')
    .option('-c, --config <file>', 'config file: catalog (providers, models, routes) and temporal settings')
    .requiredOption('-t, --task <task>', 'task type: a route of the catalog')
    .requiredOption('-s, --schema <file.json>', 'JSON Schema the answer must validate against')
    .requiredOption('-i, --input <text|@file>', 'the input text, or @path to read it from a file')
    .option('--instructions <text|@file>', 'system instructions placed before the input')
    .option('--check <spec>', CHECK_FLAG_HELP, collectCheck)
    .option('--checks <file.json>', CHECKS_FILE_HELP)
    .option('--max-cost-usd <usd>', 'budget of this request in USD', parseUsd)
    .option(
      '--max-wait <seconds>',
      `longest the request ${MAX_WAIT_HELP} before it fails as unavailable (default 900); each wait is said on stderr`,
      parseMaxWait,
    )
    .option('--start-tier <tier>', 'start at this tier instead of the route rules')
    .option('--session <id>', 'session id recorded with the request')
    .option(
      '--require <key=value>',
      'only candidates tagged so may be called, e.g. region=eu (repeatable; catalog providers/models tags)',
      collectRequirement,
    )
    .option(
      '--latency-goal-ms <ms>',
      'candidates whose measured p95 on the worker is above this are tried last in their tier',
      parseMilliseconds,
    )
    .option('--strict-latency', 'with --latency-goal-ms: never call such candidates')
    .option('--explain', 'print the route this config plans for the request (order, ruled out, warnings); run nothing')
    .option('--address <host:port>', addressHelp('an embedded dev server'))
    .option(
      '--timeout <duration>',
      `how long the workflow may take in all before Temporal ends it, e.g. "2h" (default ${'1 day'})`,
      parseDuration('--timeout'),
    )
    .option('--namespace <ns>', 'Temporal namespace')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option('--with-worker', 'also run a worker in this process (implied with an embedded server)')
    .option('--json', 'print one JSON object instead of tables')
    .option('-v, --verbose', "also log the in-process worker's info lines (one per attempt) on stderr")
    .option(
      '--log-file <file>',
      "the in-process worker's JSON-line log, per-attempt records included (default: warnings only, on stderr)",
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: RunFlags) => {
      const config = loadConfig(flags.config);
      const schema = readSchemaFile(flags.schema, '--schema');
      const request: CascadeRequest = {
        task: flags.task,
        schema,
        schemaName: schemaFileName(flags.schema, schema),
        input: readTextArgument(flags.input, '--input'),
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
    });
}
