/**
 * Reading raw histories as an adversary would: every payload-shaped object in the Temporal CLI's JSON output,
 * decoded from base64, searched for canary strings.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { locateTemporalCli } from '../../server/temporal-cli';
import { getTestServer } from './temporal';

const execFileAsync = promisify(execFile);

export interface RawPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** Every payload-shaped object in a JSON document (history, describe output), with the path where it sits. */
export function payloadsIn(
  value: unknown,
  found: (RawPayload & { path: string })[] = [],
  path = '',
): (RawPayload & { path: string })[] {
  if (Array.isArray(value)) value.forEach((v, i) => payloadsIn(v, found, `${path}[${i}]`));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.metadata && typeof record.metadata === 'object' && 'encoding' in (record.metadata as object)) {
      found.push({ ...(record as RawPayload), path });
    } else Object.entries(record).forEach(([k, v]) => payloadsIn(v, found, `${path}.${k}`));
  }
  return found;
}

/** Search attributes are never encrypted (visibility must index them). */
export const isSearchAttribute = (p: { path: string }) => /searchAttributes/i.test(p.path);
/**
 * What is written in clear by design: search attributes; the bookkeeping core records in a local activity's marker
 * (`details.data`: activity type, ids, attempt, times; its result sits beside it, encrypted) and a patch marker
 * (`details.patch-data`: the patch id); and the ledger summary a finished run leaves in its memo (names and numbers
 * only, like the search attributes: memos a workflow upserts do not pass through the payload codec, and the UI
 * shows them with no worker or codec server). The canary scans still read all of them.
 */
export const isClearByDesign = (p: { path: string }) =>
  isSearchAttribute(p) ||
  /markerRecordedEventAttributes\.details\.(data|patch-data)\./.test(p.path) ||
  /[mM]emo\.fields\.llmCascadeLedger$/.test(p.path);

export const b64 = (text: string | undefined) => Buffer.from(text ?? '', 'base64').toString('latin1');

/** Asserts that no canary is in `text`, nor in any base64 `data` or metadata of the payloads it holds. */
export function assertNoPlaintext(text: string, where: string, canaries: string[]): void {
  const decoded = payloadsIn(JSON.parse(text) as unknown).flatMap((p) => [
    b64(p.data),
    ...Object.values(p.metadata ?? {}).map(b64),
  ]);
  for (const canary of canaries) {
    assert.ok(!text.includes(canary), `${canary} in ${where}`);
    assert.ok(!decoded.some((d) => d.includes(canary)), `${canary} in a payload of ${where}`);
  }
}

/** `temporal <args> --output json` against the test server. */
export async function temporalJson(args: string[]): Promise<string> {
  const { address, namespace } = await getTestServer();
  const cli = await locateTemporalCli();
  const { stdout } = await execFileAsync(
    cli,
    [...args, '--address', address, '--namespace', namespace, '--output', 'json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/** The history and the description (memo, search attributes, summaries) of a workflow hold no canary in clear. */
export async function assertWorkflowHoldsNoPlaintext(workflowId: string, canaries: string[]): Promise<void> {
  assertNoPlaintext(
    await temporalJson(['workflow', 'show', '--workflow-id', workflowId]),
    `history of ${workflowId}`,
    canaries,
  );
  assertNoPlaintext(
    await temporalJson(['workflow', 'describe', '--workflow-id', workflowId]),
    `describe of ${workflowId}`,
    canaries,
  );
}

/** A history (or any JSON document) as text with every payload decoded: what a reader of it could see. */
export function readableHistory(history: unknown): string {
  const json = JSON.stringify(history);
  return [json, ...payloadsIn(JSON.parse(json) as unknown).map((payload) => b64(payload.data))].join('\n');
}
