/** Shared cell formatting of the report tables. */
import Table from 'cli-table3';

export const table = (head: string[]) => new Table({ head, style: { head: [], border: [] } });
export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '–');
export const usd = (value: number | null) =>
  value === null || !Number.isFinite(value) ? 'none' : `$${value.toFixed(6)}`;
export const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
