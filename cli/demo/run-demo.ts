/**
 * The one-command demo: an embedded Temporal dev server with its Web UI, a worker in this process, the
 * simulated providers (or the real ones, see `mode.ts`), and a batch extraction of the sample dataset with a
 * live progress bar and the final cost report. The server stays up for inspection until Ctrl-C unless `exit`.
 */
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { defaultCatalog } from '../../catalog/node/load';
import type { Catalog } from '../../catalog/types';
import { startBatch, watchBatch, type BatchReport } from '../../client/batch-client';
import { openTemporal, type TemporalSession } from '../temporal';
import { waitForSignal } from '../signals';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { installRuntime } from '../../worker/runtime';
import { TASK_QUEUE } from '../../workflows/definitions';
import { demoInput, loadDataset } from '../../demo/dataset';
import { chooseMode, type ModeRequest } from './mode';
import { createProgressView, formatReport, workflowUrl } from './present';
import { loadExpected, type Expected } from '../../demo/ground-truth';
import { formatQuality, qualityReport, type QualityReport } from './quality-report';
import { DEMO_CHECKS, DocumentExtraction, EXTRACTION_INSTRUCTIONS } from '../../demo/schema';
import {
  DEMO_TASK,
  SIMULATED_BANNER,
  startSimulatedProviders,
  type SimulatedProviders,
} from '../../demo/simulated-catalog';
import { plural } from '../../catalog/plural';
import { moneyJson } from '../json-money';

/** What a demo run writes into its output folder. */
const DEMO_FILES = ['input.jsonl', 'results.jsonl', 'errors.jsonl', 'report.json', 'quality.json', 'worker.log'];

/** Options of {@link runDemo}; the CLI flags of `llm-cascade demo`. */
export interface DemoOptions {
  /** Return once the report is printed instead of keeping the server up until Ctrl-C. @default false */
  exit?: boolean;
  /** Run on the first N documents only. @default all 65 */
  limit?: number;
  /** Folder for results, errors, report and worker log. @default `demo-output/<timestamp>` under the working directory */
  out?: string;
  /** @default 'auto' (real providers when every tier has a key, see mode.ts) */
  mode?: ModeRequest;
  /** Seed of the simulated providers. @default 7 */
  seed?: number;
  /** Documents in flight at once. @default 16 */
  concurrency?: number;
  /** Budget of the batch in USD. @default 1 in real mode, none in simulated mode */
  maxCostUsd?: number;
  /** Web UI port. @default a free one */
  uiPort?: number;
  /** Run the quality gates (grounding, currency and date checks) on every answer. @default true */
  gates?: boolean;
  /** Where the text goes. @default process.stdout */
  write?: (text: string) => void;
  /**
   * Send the economy tier as provider batches (simulated: on the route variant led by a model with a Batch API).
   * @default false
   */
  providerBatch?: boolean;
  /** Simulated: run the provider-batch route variant even without provider batches (the synchronous comparison). */
  batchEconomyRoute?: boolean;
}

/** What a finished demo returns (after Ctrl-C, or at once with `exit`). */
export interface DemoResult {
  report: BatchReport;
  /** Results scored against the documents' expected values; what the quality gates caught. */
  quality: QualityReport;
  mode: 'real' | 'simulated';
  outDir: string;
  uiUrl?: string;
  workflowId: string;
}

/** Runs the demo end to end; see the file comment. */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const say = (line = '') => write(`${line}\n`);
  const started = Date.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const mode = chooseMode(defaultCatalog(), process.env, DEMO_TASK, options.mode ?? 'auto');
  const outDir = resolve(options.out ?? join('demo-output', stamp));
  mkdirSync(outDir, { recursive: true });
  // The batch sink skips ids already in its output files (that is how reruns resume); a demo starts afresh.
  for (const file of DEMO_FILES) rmSync(join(outDir, file), { force: true });

  say('llm-cascade demo: batch extraction of invoices, receipts and support emails into typed JSON');
  if (mode.kind === 'simulated') say(`\n*** ${SIMULATED_BANNER} ***\n    (${mode.reason})\n`);
  else say(`\n*** REAL providers: ${mode.reason}; calls are billed to your accounts ***\n`);

  // Worker logs (one JSON line per model attempt) go to a file, so they do not tear the progress bar.
  const logPath = join(outDir, 'worker.log');
  const log = createWriteStream(logPath, { flags: 'a' });
  installRuntime({ logLevel: 'INFO', write: (line) => void log.write(line) });

  let sim: SimulatedProviders | undefined;
  let server: DevServer | undefined;
  let temporal: TemporalSession | undefined;
  let dashboard: { url: string; close(): Promise<void> } | undefined;
  const closeAll = async () => {
    await dashboard?.close().catch(() => undefined);
    await temporal?.close().catch(() => undefined);
    await server?.stop();
    await sim?.close();
    await new Promise<void>((done) => log.end(() => done()));
  };
  try {
    let catalog: Catalog;
    if (mode.kind === 'simulated') {
      sim = await startSimulatedProviders({
        seed: options.seed,
        batchEconomy: options.providerBatch === true || options.batchEconomyRoute === true,
      });
      // Batches finish in a fraction of a second here (a day at most at a real provider).
      sim.provider.setBatchBehavior('complete', { validatingMs: 100, inProgressMs: 1_000, finalizingMs: 100 });
      catalog = sim.catalog;
      say(`simulated provider  ${sim.provider.baseURL} (every request it received: GET /__calls)`);
    } else {
      catalog = mode.catalog;
    }
    say('starting Temporal dev server with its Web UI…');
    server = await startDevServer({ uiPort: options.uiPort, log: say });
    temporal = await openTemporal(
      { catalog, worker: {}, temporal: { namespace: server.namespace, taskQueue: TASK_QUEUE }, origin: 'demo' },
      { address: server.address, withWorker: true },
    );
    say(`Temporal ${server.address} · Web UI ${server.uiUrl ?? '(headless)'}`);

    const input = demoInput(outDir, options.limit);
    const batch = await startBatch(
      temporal.client,
      {
        task: DEMO_TASK,
        schema: DocumentExtraction,
        instructions: EXTRACTION_INSTRUCTIONS,
        ...(options.gates !== false && { checks: DEMO_CHECKS }),
        input: input.path,
        output: join(outDir, 'results.jsonl'),
        errors: join(outDir, 'errors.jsonl'),
        batchId: `demo-${stamp}`,
        concurrency: options.concurrency ?? 16,
        maxCostUsd: options.maxCostUsd ?? (mode.kind === 'real' ? 1 : undefined),
        ...(options.providerBatch && { providerBatch: true, providerBatchPollMs: 250 }),
      },
      { catalog, taskQueue: temporal.taskQueue },
    );
    const url = server.uiUrl ? workflowUrl(server.uiUrl, server.namespace, batch.workflowId) : undefined;
    say(`batch ${batch.workflowId}: ${plural(input.count, 'document')} from ${displayPath(input.path)}`);
    if (url) say(`watch it live: ${url}`);
    say();

    const view = createProgressView(input.count);
    const report = await watchBatch(batch, (progress) => view.update(progress)).finally(() => view.stop());
    writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(moneyJson(report), null, 2)}\n`);

    say(formatReport(report));
    // Flush the worker log (writes are ordered: this callback runs once everything before it is on disk).
    await new Promise<void>((done) => log.write('', () => done()));
    const quality = qualityReport(
      { results: join(outDir, 'results.jsonl'), errors: join(outDir, 'errors.jsonl'), workerLog: logPath },
      expectedFor(options.limit),
    );
    writeFileSync(join(outDir, 'quality.json'), `${JSON.stringify(moneyJson(quality), null, 2)}\n`);
    say(formatQuality(quality));
    if (options.gates === false) say('  (quality gates were off for this run)');
    say(`report     ${join(outDir, 'report.json')}`);
    say(`worker log ${logPath} (one JSON line per model attempt)`);
    // With --exit the server stops right after this: a link to it would lead nowhere.
    if (!options.exit) {
      say(`Web UI     ${server.uiUrl ?? '(headless)'}`);
      if (url) say(`batch page ${url}`);
      dashboard = await startDemoDashboard(catalog, server, say);
      if (dashboard) say(`dashboard  ${dashboard.url} (spend from the ledger store)`);
    } else {
      say('dashboard  llm-cascade dashboard (spend from the ledger store: this run and every earlier one)');
    }
    say(
      mode.kind === 'simulated'
        ? `\n${SIMULATED_BANNER}.`
        : '\nREAL providers were called; the costs above were billed.',
    );
    say(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    if (options.exit) {
      say('the Temporal server stops now (--exit); run the demo without --exit to inspect the batch in the Web UI');
    } else {
      say('\nThe Temporal server and its Web UI stay up for inspection. Press Ctrl-C to stop.');
      await waitForSignal();
      say('stopping…');
    }
    return { report, quality, mode: mode.kind, outDir, uiUrl: server.uiUrl, workflowId: batch.workflowId };
  } finally {
    await closeAll();
  }
}

/** The spend dashboard over the store the demo's worker writes; a demo that cannot start one says why and goes on. */
async function startDemoDashboard(catalog: Catalog, server: DevServer, say: (line: string) => void) {
  try {
    const { startLocalDashboard } = await import('../dashboard/run');
    return await startLocalDashboard({
      ledger: {},
      ...(server.uiUrl && { uiUrl: server.uiUrl }),
      namespace: server.namespace,
      tiers: catalog.routes[DEMO_TASK]?.tiers.map((tier) => tier.name) ?? [],
    });
  } catch (error) {
    say(`dashboard  not started: ${(error as Error).message}`);
    return undefined;
  }
}

/** The expected values of the documents this run had (`--limit` runs fewer than the labelled 65). */
function expectedFor(limit: number | undefined): Map<string, Expected> {
  const ids = new Set(
    loadDataset()
      .slice(0, limit)
      .map((document) => document.id),
  );
  return new Map([...loadExpected()].filter(([id]) => ids.has(id)));
}

/** A path relative to the working directory when it lies under it, else absolute. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
