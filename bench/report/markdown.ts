/**
 * `node lib/bench/report/markdown.js [results.json]`: the tables of a results file as Markdown, for
 * bench/README.md (defaults to bench/results/latest.json).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR } from '../peers/install';
import type { CostResult } from '../sections/cost-per-valid';
import type { OverheadResult } from '../sections/overhead';
import type { ScenarioRow } from '../sections/scenarios';
import type { ThroughputResult } from '../sections/throughput';
import type { TuningRow } from '../sections/tuning';
import type { StartTierResult } from '../sections/start-tier';
import type { MachineInfo } from '../util/machine';
import { PHASES } from '../profile/history-phases';

interface Results {
  machine: MachineInfo;
  versions: Record<string, string | undefined>;
  durationSeconds: number;
  overhead?: OverheadResult;
  tuning?: TuningRow[];
  scenarios?: ScenarioRow[];
  throughput?: ThroughputResult;
  costPerValid?: CostResult;
  startTier?: StartTierResult;
}

const f = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const usd = (value: number | null) => (value === null || !Number.isFinite(value) ? 'none' : `$${value.toFixed(6)}`);
const md = (head: string[], rows: Array<Array<string | number>>) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n',
  );

function render(r: Results): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `Run of ${m.date.slice(0, 16).replace('T', ' ')} UTC on ${m.cpuModel} × ${m.cores}, ${m.memoryGiB} GiB, Node ${m.node}; ` +
      `load average ${m.loadAverageStart} at start, ${m.loadAverageEnd ?? '?'} at end; ${r.durationSeconds} s. ` +
      `Versions: ${Object.entries(r.versions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
  );
  for (const run of r.overhead?.runs ?? []) {
    out.push(`\n**Overhead at ${run.latencyMs} ms upstream latency** (${run.rounds} interleaved rounds, sequential)\n`);
    out.push(
      md(
        ['system', 'p50 ms', 'p95 ms', 'added p50', 'added p95', '× direct p50'],
        run.rows.map((x) =>
          x.unavailable
            ? [x.label, `unavailable: ${x.unavailable}`, '', '', '', '']
            : [x.label, f(x.p50), f(x.p95), f(x.addedP50), f(x.addedP95), f(x.ratioP50, 2)],
        ),
      ),
    );
  }
  const profile = r.overhead?.profile;
  if (profile) {
    out.push('\n**Where the time goes** (0 ms upstream; medians per phase from workflow histories)\n');
    out.push(
      md(
        ['phase', ...profile.profiles.map((p) => p.key)],
        [
          ...PHASES.map((phase) => [phase, ...profile.profiles.map((p) => f(p.phases[phase]))]),
          ['sum of medians', ...profile.profiles.map((p) => f(p.sumOfMedians))],
        ],
      ),
    );
    out.push(`\n\`prepareCascade\` alone: ${profile.prepareMs} ms median.`);
  }
  if (r.tuning) {
    out.push('\n**Worker tuning** (llm-cascade, 0 ms upstream, eager start throughout, one change per row)\n');
    out.push(
      md(
        ['setting', 'p50 ms', 'p95 ms', 'Δ p50'],
        r.tuning.map((t) => [t.label, f(t.p50), f(t.p95), f(t.deltaP50)]),
      ),
    );
  }
  if (r.scenarios) {
    out.push('\n**Failover and escalation**\n');
    out.push(
      md(
        [
          'scenario',
          'system',
          'upstream calls',
          'p50 ms',
          'p95 ms',
          'reported cost',
          'billed cost',
          'reported = billed',
        ],
        r.scenarios.map((s) =>
          s.unavailable
            ? [s.scenario, s.label, `unavailable: ${s.unavailable}`, '', '', '', '', '']
            : [
                s.scenario,
                s.label,
                s.callPattern.replace(/\b[a-z]+\.(?=[a-z])/g, ''),
                f(s.p50),
                f(s.p95),
                usd(s.reportedCostUsd),
                usd(s.trueCostUsd),
                `${s.exactCostRequests}/${s.n}`,
              ],
        ),
      ),
    );
  }
  const t = r.throughput;
  if (t) {
    out.push(
      `\n**Throughput** (${t.items} items at concurrency ${t.concurrency}, 0 ms upstream, ${t.rounds} interleaved rounds)\n`,
    );
    out.push(
      md(
        ['system', 'items/s', '× bare Temporal', 'peak RSS MiB', 'events / WFTs / activities per item'],
        t.rows.map((row) => {
          const work = t.workPerItem.find((w) => w.key === row.key);
          return [
            row.label,
            f(row.itemsPerSecond),
            f(row.ratioToBare, 2),
            row.peakRssMiB,
            work ? `${work.events} / ${work.workflowTasks} / ${work.activities}` : '–',
          ];
        }),
      ),
    );
  }
  const c = r.costPerValid;
  if (c) {
    out.push(
      `\n**Cost per valid result** (pass rates ${Object.entries(c.passRates)
        .map(([k, v]) => `${k} ${v * 100} %`)
        .join(', ')})\n`,
    );
    out.push(
      md(
        [
          'route',
          'valid / requests',
          '$ per request',
          '$ per valid result',
          'expected $ per valid',
          'difference',
          'ledger = billed',
        ],
        c.rows.map((row) => [
          row.label,
          `${row.valid} / ${row.requests}`,
          usd(row.costPerRequestUsd),
          usd(row.costPerValidUsd),
          usd(row.expectedCostPerValidUsd),
          `${f(row.differencePct, 2)} %`,
          row.costMismatches === 0 ? 'every request' : `${row.costMismatches} differ`,
        ]),
      ),
    );
    out.push(`\nCascade saving against premium-only, per valid result: ${f(c.savingVsPremiumPct)} %.`);
  }
  const s = r.startTier;
  if (s) {
    const fixed = s.rows.find((row) => row.key === 'fixed');
    out.push(`\n**Start tier** (${s.items} items; oracle starts easy/medium/hard at ${s.oracle.join('/')})\n`);
    out.push(
      md(
        [
          'start policy',
          'valid',
          'cost per valid µ$',
          'vs fixed',
          'classifier share',
          'started economy / standard / premium',
        ],
        s.rows.map((row) => [
          row.label,
          `${row.valid}/${row.requests}`,
          f(row.costPerValidMicroUsd),
          fixed ? `${f((row.costPerValidMicroUsd / fixed.costPerValidMicroUsd - 1) * 100)} %` : '–',
          `${f((row.classifierMicroUsd / row.costMicroUsd) * 100)} %`,
          Object.values(row.startShare)
            .map((share) => `${Math.round(share * 100)} %`)
            .join(' / '),
        ]),
      ),
    );
  }
  return out.join('\n');
}

const file = process.argv[2] ?? join(BENCH_DIR, 'results', 'latest.json');
process.stdout.write(`${render(JSON.parse(readFileSync(file, 'utf8')) as Results)}\n`);
