/**
 * `llm-cascade eval`: runs the labelled items through each tier candidate of a task, gates off and on, on a real
 * Temporal server with a worker in this process (its own task queue, its ledger store off: an eval's requests are
 * not production traffic for `report` or `tune`), and scores them (`score.ts`).
 */
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CheckSpec } from '../../catalog/checks';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { checkRouteKeys } from '../../catalog/node/keys';
import { installRuntime } from '../../worker/runtime';
import { loadConfig, type CascadeConfig } from '../config';
import { requestChecks } from '../check-flags';
import { readSchemaFile, readTextArgument, schemaFileName } from '../input';
import { openTemporal } from '../temporal';
import type { SchemaInput } from '../../client/schema-input';
import type * as SimulatedCatalog from '../../demo/simulated-catalog';

type SimulatedCatalogModule = typeof SimulatedCatalog;
import { formatEval, type EvalReport } from './format';
import { readEvalItems } from './items';
import { evalPlan, type EvalRun, type EvalSelection } from './plan';
import { pool, runItem, type EvalRequest } from './run';
import { scoreCandidate, type EvalAnswer } from './score';
import type { Label } from '../../inputs/score';
import { moneyJson } from '../json-money';

export interface EvalFlags {
  config?: string;
  task?: string;
  schema?: string;
  labels: string;
  input?: string;
  instructions?: string;
  check?: CheckSpec[];
  checks?: string;
  tiers?: string[];
  candidates?: string[];
  gates: 'on' | 'off' | 'both';
  verifier?: string;
  limit?: number;
  concurrency: number;
  simulated?: boolean;
  address?: string;
  namespace?: string;
  apiKey?: string;
  profile?: string;
  json?: boolean;
  logFile?: string;
}

/** What each run answered, beside the report (`tune --labels` replays the cascade from them). */
export interface EvalOutcome {
  report: EvalReport;
  measured: { run: EvalRun; answers: EvalAnswer[] }[];
  labels: Map<string, Label>;
}

/** Runs the eval and returns the report; `say` gets progress lines. */
export async function runEval(flags: EvalFlags, say: (line: string) => void): Promise<EvalOutcome> {
  const simulated = flags.simulated ? await import('../../demo/simulated-catalog') : undefined;
  const demo = flags.simulated ? await import('../../demo/schema') : undefined;
  const config = loadConfig(flags.config);
  const task = flags.task ?? simulated?.DEMO_TASK;
  if (!task) throw invalid('--task <task> names the route to evaluate');
  let schema: SchemaInput;
  let schemaName: string | undefined;
  if (flags.schema) {
    const json = readSchemaFile(flags.schema, '--schema');
    schema = json;
    schemaName = schemaFileName(flags.schema, json);
  } else if (demo) schema = demo.DocumentExtraction;
  else throw invalid('--schema <file.json> is the JSON Schema every answer must validate against');
  const instructions = flags.instructions
    ? readTextArgument(flags.instructions, '--instructions')
    : flags.simulated && !flags.schema
      ? demo!.EXTRACTION_INSTRUCTIONS
      : undefined;
  const { items: all, labels: allLabels } = readEvalItems(resolve(flags.labels), flags.input && resolve(flags.input));
  const items = flags.limit ? all.slice(0, flags.limit) : all;
  const labels = new Map(items.map((item) => [item.id, allLabels.get(item.id)!]));
  const checks = requestChecks(flags) ?? (flags.simulated && !flags.checks && !flags.check ? demo!.DEMO_CHECKS : []);
  const providers = simulated ? await startSimulated(simulated, config, task) : undefined;
  try {
    const base = providers ? { ...config, catalog: providers.catalog } : config;
    const selection: EvalSelection = {
      tiers: flags.tiers,
      candidates: flags.candidates,
      gates: flags.gates === 'both' ? undefined : [flags.gates],
      verifier: flags.verifier,
    };
    const plan = evalPlan(base.catalog, task, checks, selection);
    if (!providers) checkRouteKeys(base.catalog, task, say);
    const evalConfig: CascadeConfig = {
      ...base,
      catalog: plan.catalog,
      temporal: { ...base.temporal, taskQueue: `${base.temporal.taskQueue}-eval-${process.pid}` },
      worker: { ...base.worker, ledger: { enabled: false } },
    };
    const logFile = flags.logFile ? resolve(flags.logFile) : undefined;
    installRuntime(
      // Rejected and failed items are what an eval is for: only errors reach stderr.
      logFile ? { write: (line) => appendFileSync(logFile, line) } : { logLevel: 'ERROR', format: 'text' },
    );
    const temporal = await openTemporal(evalConfig, { ...flags, withWorker: true, log: say });
    const request: EvalRequest = {
      schema,
      schemaName,
      instructions,
      concurrency: flags.concurrency,
      idPrefix: `eval-${Date.now().toString(36)}`,
    };
    try {
      const measured: EvalOutcome['measured'] = [];
      for (const run of plan.runs) {
        say(`${run.tier} ${run.ref}, gates ${run.gates}: ${items.length} items…`);
        const answers = await pool(items.length, request.concurrency, (index) =>
          runItem(temporal, run, items[index]!, request),
        );
        measured.push({ run, answers });
      }
      const candidates = measured.map(({ run, answers }) => scoreCandidate(run, answers, labels));
      const top = base.catalog.routes[task]!.tiers.at(-1)!;
      const premiumOnly = { tier: top.name, ref: top.candidates[0]! };
      return { report: { task, items: items.length, candidates, premiumOnly }, measured, labels };
    } finally {
      await temporal.close();
    }
  } finally {
    await providers?.close();
  }
}

async function startSimulated(
  simulated: SimulatedCatalogModule,
  config: CascadeConfig,
  task: string,
): Promise<{ catalog: CascadeConfig['catalog']; close(): Promise<void> }> {
  const { startFakeProvider } = await import('../../sim/fake-provider');
  const provider = await startFakeProvider({ callLogLimit: 1_000 });
  const catalog = simulated.simulatedCatalog(provider.baseURL);
  // The user's routes (a config's own task) run on the simulated providers too.
  catalog.routes = { ...catalog.routes, ...config.catalog.routes };
  for (const [model, behavior] of Object.entries(simulated.simulatedModels(catalog, 7, task, { latency: false }))) {
    provider.setModel(model, behavior);
  }
  return { catalog, close: () => provider.close() };
}

function invalid(message: string): Error {
  return new CascadeConfigError({ code: ConfigErrorCode.InvalidRequest, message });
}

/** The command's action: runs, prints the table or JSON. */
export async function evalAction(flags: EvalFlags): Promise<void> {
  const say = flags.json ? () => undefined : (line: string) => process.stderr.write(`${line}\n`);
  const { report } = await runEval(flags, say);
  process.stdout.write(flags.json ? `${JSON.stringify(moneyJson(report))}\n` : formatEval(report));
}
