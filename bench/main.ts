/**
 * `npm run bench [-- --quick] [-- --scale] [-- --only <sections...>]`: llm-cascade side by side with the openai
 * SDK, bare Temporal, LiteLLM and Portkey on one fake upstream. Prints tables and writes the results as JSON
 * (bench/results/latest.json for full runs). Method and caveats: bench/README.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { finishMachineInfo, machineInfo } from './util/machine';
import { parseOptions, SIZES, type BenchOptions } from './options';
import { BENCH_DIR } from './peers/install';
import { overheadTables, scenarioTable, tuningTable } from './report/latency';
import { costTable, scaleTable, throughputTable } from './report/volume';
import { runCostPerValid } from './sections/cost-per-valid';
import { moreTokensTable, runMoreTokens } from './sections/more-tokens';
import { runOverhead } from './sections/overhead';
import { runScale } from './sections/scale';
import { runScenarios } from './sections/scenarios';
import { runStartTier, startTierTable } from './sections/start-tier';
import { runThroughput } from './sections/throughput';
import { runTuning } from './sections/tuning';
import { isUnavailable, startContext, type BenchContext } from './setup/context';

function versions(ctx: BenchContext) {
  const pkg = (name: string) => {
    try {
      return (
        JSON.parse(readFileSync(join(BENCH_DIR, '..', 'node_modules', ...name.split('/'), 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
    } catch {
      return 'unknown';
    }
  };
  return {
    llmCascade: (JSON.parse(readFileSync(join(BENCH_DIR, '..', 'package.json'), 'utf8')) as { version: string })
      .version,
    temporalSdk: pkg('@temporalio/worker'),
    openaiNode: pkg('openai'),
    litellm: isUnavailable(ctx.litellm) ? `unavailable: ${ctx.litellm.unavailable}` : ctx.litellm.version,
    python: isUnavailable(ctx.litellm) ? undefined : ctx.litellm.python,
    portkeyGateway: isUnavailable(ctx.portkey) ? `unavailable: ${ctx.portkey.unavailable}` : ctx.portkey.version,
  };
}

async function run(options: BenchOptions): Promise<number> {
  const started = Date.now();
  const log = (line: string) =>
    process.stderr.write(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
  const sizes = SIZES[options.mode];
  const machine = machineInfo();
  const what = options.scale && options.sections.length === 0 ? 'scale' : options.mode;
  log(
    `${what} run on ${machine.cpuModel} × ${machine.cores}, Node ${machine.node}, load average ${machine.loadAverageStart}`,
  );
  const ctx = await startContext(log, { peers: options.peers });
  const results: Record<string, unknown> = { mode: what, sizes };
  let failed = false;
  const print = (text: string) => process.stdout.write(`\n${text}\n`);
  try {
    results.versions = versions(ctx);
    const want = (section: (typeof options.sections)[number]) => options.sections.includes(section);
    if (want('overhead')) {
      const overhead = await runOverhead(ctx, sizes.overhead);
      results.overhead = overhead;
      print(overheadTables(overhead));
    }
    if (want('tuning')) {
      const tuning = await runTuning(ctx, sizes.tuning);
      results.tuning = tuning;
      print(tuningTable(tuning));
    }
    if (want('scenarios')) {
      const scenarios = await runScenarios(ctx, sizes.scenarios);
      results.scenarios = scenarios;
      print(scenarioTable(scenarios));
      failed ||= scenarios.some((r) => r.key.startsWith('cascade') && !r.unavailable && r.exactCostRequests !== r.n);
    }
    if (want('throughput')) {
      const throughput = await runThroughput(ctx, sizes.throughput);
      results.throughput = throughput;
      print(throughputTable(throughput));
    }
    if (want('cost')) {
      const cost = await runCostPerValid(ctx, sizes.cost);
      results.costPerValid = cost;
      print(costTable(cost));
      failed ||= cost.rows.some((r) => r.costMismatches > 0);
    }
    if (want('more-tokens')) {
      const moreTokens = await runMoreTokens(ctx, sizes.moreTokens);
      results.moreTokens = moreTokens;
      print(moreTokensTable(moreTokens));
    }
    if (want('start-tier')) {
      const startTier = await runStartTier(ctx, sizes.startTier);
      results.startTier = startTier;
      print(startTierTable(startTier));
    }
    if (options.scale) {
      const scale = await runScale(ctx, sizes.scale);
      results.scale = scale;
      print(scaleTable(scale));
    }
  } finally {
    await ctx.close();
  }
  results.machine = finishMachineInfo(machine);
  results.durationSeconds = Math.round((Date.now() - started) / 1000);
  const scaleOnly = options.scale && options.sections.length === 0;
  const name = scaleOnly ? 'scale.json' : options.mode === 'full' ? 'latest.json' : 'quick.tmp.json';
  const out = options.out ?? join(BENCH_DIR, 'results', name);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`done in ${results.durationSeconds as number} s; results in ${relative(process.cwd(), out)}`);
  return failed ? 1 : 0;
}

run(parseOptions(process.argv.slice(2))).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
