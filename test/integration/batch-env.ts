/**
 * Shared pieces of the batch integration tests: a three-tier catalog on the fake provider whose answers depend on
 * the document (`kind=ok` passes everywhere, `kind=escalate` fails the economy tier, `kind=fail` fails every tier),
 * item files, and readers for the JSONL outputs.
 */
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quietRuntime } from '../helpers/quiet-runtime';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import type { BatchRequest } from '../../client/batch-client';
import type { CascadeEnvOptions } from '../helpers/cascade-env';

/** Core logs a WARN line per retried gRPC call, expected noise while a test stops the server on purpose. */
export function quietCoreLogs(): void {
  quietRuntime();
}
quietCoreLogs();

export const schema = {
  type: 'object',
  properties: { doc: { type: 'string' }, n: { type: 'integer' } },
  required: ['doc', 'n'],
  additionalProperties: false,
} as const;

export type ItemKind = 'ok' | 'escalate' | 'fail';

/** The document of item `n`: its kind is read back by the fake models. */
export function documentOf(n: number, kind: ItemKind): string {
  return `Document ${n} kind=${kind}: invoice from ACME, total ${n}.00 EUR`;
}

/** The last user message of a call: the document. */
export function documentOfCall(body: unknown): string {
  const messages = (body as { messages?: { role: string; content: string }[] } | null)?.messages ?? [];
  return messages.filter((m) => m.role === 'user').at(-1)?.content ?? '';
}

/** The answer a model gives: valid for the kinds its tier handles, schema-violating otherwise. */
export function answer(passes: ItemKind[], delayMs = 0): (ctx: FakeCallContext) => FakeReply {
  return (ctx) => {
    const text = documentOfCall(ctx.body);
    const n = Number(/Document (\d+)/.exec(text)?.[1] ?? -1);
    const kind = (/kind=(\w+)/.exec(text)?.[1] ?? 'ok') as ItemKind;
    const content = passes.includes(kind) ? { doc: `doc-${n}`, n } : { doc: `doc-${n}`, n: 'many' };
    return { kind: 'content', content, delayMs };
  };
}

/** Economy passes `ok` items, standard also `escalate` ones, premium the same: `fail` items fail everywhere. */
export function threeTiers(name: string, delayMs = 0): CascadeEnvOptions {
  return {
    name,
    tiers: [
      [
        'economy',
        [{ ref: 'eco/small', behavior: answer(['ok'], delayMs), inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4 }],
      ],
      [
        'standard',
        [{ ref: 'std/medium', behavior: answer(['ok', 'escalate'], delayMs), inputUsdPerMTok: 1, outputUsdPerMTok: 4 }],
      ],
      [
        'premium',
        [{ ref: 'top/large', behavior: answer(['ok', 'escalate'], delayMs), inputUsdPerMTok: 5, outputUsdPerMTok: 20 }],
      ],
    ],
  };
}

/** Kind of item `n` in the mixed batches: mostly ok, every 5th escalates, every 13th fails everywhere. */
export function kindOf(n: number): ItemKind {
  return n % 13 === 0 ? 'fail' : n % 5 === 0 ? 'escalate' : 'ok';
}

/** Writes `count` items as JSONL (`{ id, text }`) and returns the file's path. */
export function writeItems(
  dir: string,
  count: number,
  kind: (n: number) => ItemKind = kindOf,
  name = 'items.jsonl',
): string {
  const path = join(dir, name);
  const lines = Array.from({ length: count }, (_, i) =>
    JSON.stringify({ id: `item-${i + 1}`, text: documentOf(i + 1, kind(i + 1)) }),
  );
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export interface ResultLine {
  id: string;
  status: string;
  output: { doc: string; n: number };
  costUsd: number;
  costMicroUsd: number;
  attempts: number;
  finalTier: string;
  finalModel: string;
}

export interface ErrorLine {
  id: string;
  status: string;
  code: string;
  reason: string;
  costMicroUsd: number;
  ledger: { tier: string; ref: string; outcome: string; costMicroUsd: number }[];
}

export function readLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

/** Ids that appear more than once. */
export function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}

export function request(input: string, output: string, extra: Partial<BatchRequest> = {}): BatchRequest {
  return { task: 'extract', schema, input, output, instructions: 'Extract the document number.', ...extra };
}

export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
