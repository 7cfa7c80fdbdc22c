/** Tables of the latency sections: overhead (with its phase profile) and failover/escalation. */
import { PHASES } from '../profile/history-phases';
import type { OverheadResult } from '../sections/overhead';
import type { ScenarioRow } from '../sections/scenarios';
import type { TuningRow } from '../sections/tuning';
import { ms, table, usd, verdict } from './format';

export function overheadTables(result: OverheadResult): string {
  const out: string[] = [];
  for (const run of result.runs) {
    const t = table(['system', 'n', 'p50 ms', 'p95 ms', 'added p50', 'added p95', '× direct p50', 'note']);
    for (const row of run.rows) {
      const note = row.unavailable
        ? `unavailable: ${row.unavailable}`
        : row.errors
          ? `${row.errors} errors: ${row.firstError ?? ''}`
          : '';
      t.push([
        row.label,
        row.n,
        ms(row.p50),
        ms(row.p95),
        ms(row.addedP50),
        ms(row.addedP95),
        Number.isFinite(row.ratioP50) ? row.ratioP50.toFixed(2) : '–',
        note.slice(0, 60),
      ]);
    }
    out.push(
      `Overhead at ${run.latencyMs} ms upstream latency (${run.rounds} interleaved rounds, sequential)`,
      t.toString(),
    );
  }
  const zero = result.runs.find((r) => r.latencyMs === 0);
  for (const tuning of ['stock', 'tuned']) {
    const cascade = zero?.rows.find((r) => r.key === `cascade-${tuning}`);
    const bare = zero?.rows.find((r) => r.key === `bare-${tuning}`);
    if (cascade && bare) {
      out.push(
        `${cascade.label}: ${ms(cascade.p50 - bare.p50)} ms p50 above bare Temporal with the same settings (llm-cascade's own share); ${ms(bare.addedP50)} ms is Temporal's`,
      );
    }
  }
  for (const key of ['cascade-stock', 'cascade-tuned']) {
    const row = zero?.rows.find((r) => r.key === key);
    if (row)
      out.push(
        `${row.label}: adds ${ms(row.addedP50)} ms p50 at 0 ms; target ≤ ${result.targetAddedP50Ms} ms: ${verdict(row.addedP50 <= result.targetAddedP50Ms)}`,
      );
  }
  const p = table(['phase (median ms)', ...result.profile.profiles.map((x) => `${x.key} (n=${x.samples})`)]);
  for (const phase of PHASES) p.push([phase, ...result.profile.profiles.map((x) => ms(x.phases[phase]))]);
  p.push(['sum of medians', ...result.profile.profiles.map((x) => ms(x.sumOfMedians))]);
  out.push('Where the time goes at 0 ms upstream latency (server event times + client clock)', p.toString());
  out.push(
    `prepareCascade alone on the client (schema compile, token count, route): ${result.profile.prepareMs} ms median`,
  );
  return out.join('\n');
}

export function scenarioTable(rows: ScenarioRow[]): string {
  const t = table([
    'scenario',
    'system',
    'ok/n',
    'calls',
    'upstream calls (most common)',
    'p50 ms',
    'p95 ms',
    'reported cost',
    'billed cost',
    'reported = billed',
  ]);
  const alarms: string[] = [];
  for (const row of rows) {
    if (row.unavailable) {
      t.push([
        row.scenario,
        row.label,
        '–',
        '–',
        `unavailable: ${row.unavailable}`.slice(0, 60),
        '–',
        '–',
        '–',
        '–',
        '–',
      ]);
      continue;
    }
    const exact = `${row.exactCostRequests}/${row.n}`;
    // Model ids carry the scenario as a prefix (`fo.deepseek-chat`); the table shows the real model's name.
    const pattern = row.callPattern.replace(/\b[a-z]+\.(?=[a-z])/g, '');
    t.push([
      row.scenario,
      row.label,
      `${row.succeeded}/${row.n}`,
      row.calls,
      pattern,
      ms(row.p50),
      ms(row.p95),
      usd(row.reportedCostUsd),
      usd(row.trueCostUsd),
      exact,
    ]);
    if (row.key.startsWith('cascade') && row.exactCostRequests !== row.n) {
      alarms.push(
        `!!! COST MISMATCH: ${row.label}, ${row.scenario}: only ${exact} requests report the billed cost exactly !!!`,
      );
    }
  }
  const summary = alarms.length
    ? alarms.join('\n')
    : 'llm-cascade reported the billed cost to the micro-dollar on every request: MET';
  return ['Failover and escalation (same scripted upstream for every system)', t.toString(), summary].join('\n');
}

export function tuningTable(rows: TuningRow[]): string {
  const t = table(['llm-cascade worker setting (one change each)', 'n', 'p50 ms', 'p95 ms', 'Δ p50 vs first row']);
  for (const row of rows) t.push([row.label, row.n, ms(row.p50), ms(row.p95), ms(row.deltaP50)]);
  return ['Worker tuning at 0 ms upstream latency (interleaved, eager workflow start throughout)', t.toString()].join(
    '\n',
  );
}
