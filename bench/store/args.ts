/** Flags of the store benchmark and generator. */
import { parseArgs } from 'node:util';

export interface StoreBenchOptions {
  /** Attempt rows to generate (about 1.45 per request). */
  rows: number;
  engines: ('sqlite' | 'postgres')[];
  /** Reuse this SQLite file (generated once, measured many times) instead of a temp one. */
  sqlitePath?: string;
  /** Use this PostgreSQL server instead of starting one. */
  pgUrl?: string;
  /** Skip generation: the store already holds the rows. */
  noGenerate: boolean;
  /** Timed runs per query (the median is printed). */
  runs: number;
  json?: string;
}

export function parseStoreBenchArgs(argv: string[]): StoreBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '1000000' },
      engines: { type: 'string', default: 'sqlite,postgres' },
      'sqlite-path': { type: 'string' },
      'pg-url': { type: 'string' },
      'no-generate': { type: 'boolean', default: false },
      runs: { type: 'string', default: '5' },
      json: { type: 'string' },
    },
  });
  const rows = Number(String(values.rows).replace(/_/g, ''));
  if (!Number.isInteger(rows) || rows < 1000) throw new Error(`--rows must be an integer ≥ 1000, got ${values.rows}`);
  const engines = String(values.engines).split(',');
  for (const engine of engines)
    if (engine !== 'sqlite' && engine !== 'postgres')
      throw new Error(`--engines: sqlite and/or postgres, got ${engine}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  return {
    rows,
    engines: engines as StoreBenchOptions['engines'],
    ...(values['sqlite-path'] && { sqlitePath: values['sqlite-path'] }),
    ...(values['pg-url'] && { pgUrl: values['pg-url'] }),
    noGenerate: values['no-generate'] === true,
    runs,
    ...(values.json && { json: values.json }),
  };
}

/** Requests that make about `rows` attempt rows with the synthetic generator's mix. */
export function requestsFor(rows: number): number {
  return Math.round(rows / 1.45);
}
