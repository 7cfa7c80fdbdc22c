/** Terminal presentation of ledgers and reports (cli-table3). */
import Table from 'cli-table3';
import type { AttemptRecord, LedgerTotals } from '../workflows/definitions';
import { describeOutcome } from '../workflows/cascade/ledger';
import { plural } from '../catalog/plural';

export function usd(value: number, digits = 6): string {
  return `$${value.toFixed(digits)}`;
}

/** Widest a table may be: fits a 120-column terminal (the rest of a ledger is in `--json`). */
export const MAX_TABLE_WIDTH = 120;
/** Narrowest a wrapped column gets before the others give up width. */
const MIN_WRAPPED_WIDTH = 8;

/**
 * The ledger as a terminal table at most `maxWidth` columns wide: the model, why and outcome columns wrap
 * when the rows would not fit; the other columns keep their natural width. `errors: false` leaves out the
 * error texts (a failure message above the table has already quoted them).
 */
export function ledgerTable(
  attempts: readonly AttemptRecord[],
  { maxWidth = MAX_TABLE_WIDTH, errors = true }: { maxWidth?: number; errors?: boolean } = {},
): string {
  const head = ['#', 'tier', 'model', 'why', 'outcome', 'tries', 'in/cached/out', 'cost', 'ms'];
  const rows = attempts.map((a) => [
    String(a.seq),
    a.tier,
    a.ref,
    a.reason,
    describeOutcome(a) + (errors && a.error && a.outcome !== 'ok' ? `: ${a.error}` : ''),
    String(a.tries),
    `${a.usage.inputTokens}/${a.usage.cachedInputTokens}/${a.usage.outputTokens}`,
    // ≈: the provider sent no usable usage, so this is the project's own token count, priced.
    (a.estimated ? '≈' : '') + usd(a.costUsd),
    String(a.latencyMs),
  ]);
  const colWidths = fitColumns([head, ...rows], maxWidth, [2, 3, 4]);
  const table = new Table({ head, colWidths, style: { head: [], border: [] } });
  // Wrapped here rather than by cli-table3, whose word wrap cuts a long model ref to "fireworks/…".
  for (const row of rows) table.push(row.map((cell, column) => wrapText(cell, colWidths[column]! - 2)));
  return table.toString();
}

/** What a table assumes when stdout is not a terminal (a pipe, a file, CI): wide enough to read, never 400 columns. */
export const DEFAULT_TERMINAL_WIDTH = 100;

/** Columns of the terminal `stream` writes to; {@link DEFAULT_TERMINAL_WIDTH} when it is not a terminal. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : DEFAULT_TERMINAL_WIDTH;
}

/**
 * A table no wider than `maxWidth` (given room for the borders and one column of text each): the `wrapped`
 * columns, headers included, wrap when the natural widths do not fit; the others keep their width.
 */
export function fittedTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  maxWidth: number,
  wrapped: readonly number[],
): string {
  const colWidths = fitColumns([head, ...rows], maxWidth, wrapped);
  const fit = (cells: readonly string[]) => cells.map((cell, column) => wrapText(cell, colWidths[column]! - 2));
  const table = new Table({ head: fit(head), colWidths, style: { head: [], border: [] } });
  for (const row of rows) table.push(fit(row));
  return table.toString();
}

/**
 * Column widths (cell padding included) for a cli-table3 table of `lines` no wider than `maxWidth`: natural
 * widths when they fit, else the `wrapped` columns share what the others leave, widest first.
 */
export function fitColumns(
  lines: readonly (readonly string[])[],
  maxWidth: number,
  wrapped: readonly number[],
): number[] {
  const count = lines[0]?.length ?? 0;
  const natural = Array.from(
    { length: count },
    (_, column) => Math.max(...lines.map((cells) => displayWidth(cells[column] ?? ''))) + 2,
  );
  const borders = count + 1;
  const widths = [...natural];
  // A column gives down to its longest word first (wrapText breaks refs after a '/'), so words stay whole while
  // another column can give; only then down to MIN_WRAPPED_WIDTH, breaking words.
  const longestWord = Array.from(
    { length: count },
    (_, column) =>
      Math.max(
        0,
        ...lines.flatMap((cells) => (cells[column] ?? '').split(/[\s]+|(?<=\/)/).map((word) => [...word].length)),
      ) + 2,
  );
  let excess = widths.reduce((sum, w) => sum + w, 0) + borders - maxWidth;
  // The first wrapped column (the model ref) is the one read most: the others give up to their longest word first.
  const wordFloor = (column: number) => Math.max(longestWord[column]!, MIN_WRAPPED_WIDTH);
  const phases: [readonly number[], (column: number) => number][] = [
    [wrapped.slice(1), wordFloor],
    [wrapped, wordFloor],
    [wrapped, () => MIN_WRAPPED_WIDTH],
  ];
  for (const [columns, floor] of phases) {
    while (excess > 0) {
      // Take one column at a time from the widest column of this phase that can still give.
      const widest = columns
        .filter((column) => widths[column]! > floor(column))
        .sort((a, b) => widths[b]! - widths[a]!)[0];
      if (widest === undefined) break;
      widths[widest]!--;
      excess--;
    }
  }
  return widths;
}

/**
 * Breaks `text` into lines of at most `width` columns: at spaces where it can, else after a `/` (model refs),
 * else anywhere.
 */
export function wrapText(text: string, width: number): string {
  if (width < 1) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = line ? `${line} ${word}` : word;
    while ([...rest].length > width) {
      const chars = [...rest];
      const head = chars.slice(0, width).join('');
      const space = head.lastIndexOf(' ');
      const slash = head.lastIndexOf('/');
      const cut = space > 0 ? space : slash > 0 ? slash + 1 : width;
      lines.push(chars.slice(0, cut).join('').trimEnd());
      rest = chars.slice(cut).join('').trimStart();
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** Terminal columns of a string: code points (the tables hold no wide or combining characters). */
function displayWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => [...line].length));
}

export function totalsLine(totals: LedgerTotals, baselineCostUsd?: number): string {
  const base = `${plural(totals.attempts, 'attempt')} (${totals.billedAttempts} billed), total ${usd(totals.costUsd)}`;
  if (baselineCostUsd === undefined || baselineCostUsd <= 0) return base;
  const saved = 1 - totals.costUsd / baselineCostUsd;
  return `${base}; premium-only baseline ${usd(baselineCostUsd)} (${saved >= 0 ? `${(saved * 100).toFixed(1)}% saved` : `${(-saved * 100).toFixed(1)}% more`})`;
}
