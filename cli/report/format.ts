/** A report as a terminal table, CSV or JSON. Pure. */
import Table from 'cli-table3';
import { formatMicroUsd, microToUsd } from '../../catalog/pricing';
import type { Report, ReportRow } from './aggregate';
import { plural } from '../../catalog/plural';

import type { ReportFormat } from './query';

// Declared beside the report's other choices (query.ts), which `report --help` loads without the table renderer.
export { REPORT_FORMATS, type ReportFormat } from './query';

/** Where the report's requests came from, printed with it. */
export interface ReportContext {
  query: string;
  namespace: string;
  /** More workflows matched than were read. */
  truncated: boolean;
  limit: number;
  /** Read from the ledger store instead of histories: where it is (then namespace and query do not apply). */
  store?: string;
}

const usd = (micro: number | null) => (micro === null ? '—' : formatMicroUsd(micro));
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);

/** Said above the tables (and in JSON) when `--limit` left matching workflows unread: the totals are then short. */
export function truncationWarning(limit: number): string {
  return (
    `WARNING: more workflows matched than --limit ${limit}: only the newest ${limit} were read, so every number below ` +
    'leaves the rest out. Raise --limit or narrow --since/--query.'
  );
}

export function formatReport(report: Report, context: ReportContext, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(reportJson(report, context), null, 2)}\n`;
  if (format === 'csv') return reportCsv(report);
  return reportTable(report, context);
}

/** Money both as exact integer micro-USD and as USD. */
export function reportJson(report: Report, context: ReportContext) {
  const row = (r: ReportRow) => ({
    ...r,
    costUsd: microToUsd(r.costMicroUsd),
    costPerValidUsd: r.costPerValidMicroUsd === null ? null : microToUsd(r.costPerValidMicroUsd),
    baselineUsd: microToUsd(r.baselineMicroUsd),
    savingsUsd: microToUsd(r.savingsMicroUsd),
  });
  return {
    by: report.by,
    ...(context.store !== undefined
      ? { store: context.store }
      : { namespace: context.namespace, query: context.query }),
    truncated: context.truncated,
    ...(context.truncated && { warning: truncationWarning(context.limit) }),
    inFlight: report.inFlight,
    groups: report.groups.map(row),
    total: row(report.total),
  };
}

const CSV_COLUMNS = [
  'requests',
  'attempts',
  'escalated',
  'escalation_rate',
  'valid_results',
  'cost_usd',
  'cost_per_valid_usd',
  'baseline_usd',
  'savings_usd',
  'savings_rate',
  'cached_input_share',
];

/** Rates to 4 decimals: enough for a spreadsheet, and no 0.6666666666666666 noise. */
const rounded = (rate: number | null) => (rate === null ? null : Math.round(rate * 1e4) / 1e4);

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(report: Report): string {
  const line = (r: ReportRow) =>
    [
      r.key,
      r.requests,
      r.attempts,
      r.escalated,
      rounded(r.escalationRate),
      r.validResults,
      microToUsd(r.costMicroUsd),
      r.costPerValidMicroUsd === null ? null : microToUsd(r.costPerValidMicroUsd),
      microToUsd(r.baselineMicroUsd),
      microToUsd(r.savingsMicroUsd),
      rounded(r.savingsRate),
      rounded(r.cachedInputShare),
    ]
      .map(csvCell)
      .join(',');
  return (
    [[report.by, ...CSV_COLUMNS].join(','), ...report.groups.map(line), line({ ...report.total, key: 'TOTAL' })].join(
      '\n',
    ) + '\n'
  );
}

export function reportTable(report: Report, context: ReportContext): string {
  const table = new Table({
    head: [
      report.by,
      'requests',
      'attempts',
      'escalated',
      'valid',
      'cost',
      'cost/valid',
      'premium-only',
      'saved',
      'cached input',
    ],
    colAligns: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    style: { head: [], border: [] },
    // No rule between rows: a report is read as one list (the TOTAL row is last and labelled).
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  const cells = (r: ReportRow, key = r.key) => [
    key,
    r.requests,
    r.attempts,
    `${r.escalated} (${percent(r.escalationRate)})`,
    r.validResults,
    usd(r.costMicroUsd),
    usd(r.costPerValidMicroUsd),
    usd(r.baselineMicroUsd),
    r.savingsRate === null ? usd(r.savingsMicroUsd) : `${usd(r.savingsMicroUsd)} (${percent(r.savingsRate)})`,
    percent(r.cachedInputShare),
  ];
  for (const row of report.groups) table.push(cells(row));
  table.push(cells(report.total, 'TOTAL'));
  const notes = [
    `${plural(report.total.requests, 'request')} ${context.store !== undefined ? `in the ledger store ${context.store}` : `in namespace ${context.namespace}`}${report.inFlight ? ` (${report.inFlight} still running)` : ''}${context.store !== undefined ? '' : `; query: ${context.query}`}`,
  ];
  if (report.by === 'model' || report.by === 'tier' || report.by === 'provider') {
    notes.push(
      `a request counts under every ${report.by} it tried; each attempt's cost counts once, so the costs add up to the total`,
    );
  }
  const warning = context.truncated ? `${truncationWarning(context.limit)}\n` : '';
  return `${warning}${table.toString()}\n${notes.join('\n')}\n`;
}
