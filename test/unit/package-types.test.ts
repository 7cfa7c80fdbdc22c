// Package tests — a consumer type-checks against the built package under TypeScript's node10 resolution; no server
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const TSC = require.resolve('typescript/bin/tsc');

/** A workflow and a worker file as a user writes them, importing the package by name. */
const CONSUMER = `
import { cascade, defineSchema, jobBudget, type CascadeStepResult } from 'llm-cascade/workflow';
import { CascadePlugin, runCascade } from 'llm-cascade';
import { connectFromEnv, runCascade as runFromClientEntry, type ConnectedClient } from 'llm-cascade/client';

interface Ticket { kind: 'bug' | 'billing'; urgent: boolean }
const TicketSchema = defineSchema<Ticket>('ticket', { type: 'object' });

export async function triageWorkflow(email: string): Promise<boolean> {
  const budget = jobBudget({ maxCostUsd: 0.01 });
  const result: CascadeStepResult<Ticket> = await cascade({ task: 'classify', schema: TicketSchema, input: email, budget });
  const kind: 'bug' | 'billing' = result.output.kind;
  return kind === 'bug' && result.output.urgent && result.totals.costUsd >= 0;
}
export const plugin = new CascadePlugin({ catalog: './catalog.json' });
export const run = runCascade;
export async function fromEnv(): Promise<string> {
  const connected: ConnectedClient = await connectFromEnv({ profile: 'prod' });
  const result = await runFromClientEntry(connected.client, { task: 'extract', schema: { type: 'object' }, input: 'x' });
  await connected.close();
  return result.workflowId + connected.target.namespace;
}
`;

/**
 * Schemas from zod 3.25 (its own API and \`zod/v4\`) and zod 4 type-check as a request's schema (no index-signature
 * error) and type its output; something that is not a schema does not.
 */
const SCHEMAS = `
import { z as z3 } from 'zod3';
import { z as z3v4 } from 'zod3/v4';
import { z as z4 } from 'zod';
import type { Client } from '@temporalio/client';
import { runCascade, startBatch, type OutputOf } from 'llm-cascade';

type Equal<A, B> = (<G>() => G extends A ? 1 : 2) extends <G>() => G extends B ? 1 : 2 ? true : false;
const expectTrue = <T extends true>(_proof?: T) => undefined;
const Zod3 = z3.object({ total: z3.number(), note: z3.string().nullable() });
const Zod3v4 = z3v4.object({ total: z3v4.number(), note: z3v4.string().nullable() });
const Zod4 = z4.object({ total: z4.number(), note: z4.string().nullable() });
type Invoice = { total: number; note: string | null };
expectTrue<Equal<OutputOf<typeof Zod3>, Invoice>>();
expectTrue<Equal<OutputOf<typeof Zod3v4>, Invoice>>();
expectTrue<Equal<OutputOf<typeof Zod4>, Invoice>>();
expectTrue<Equal<OutputOf<{ type: 'object' }>, unknown>>();

export async function run(client: Client): Promise<number> {
  const a = await runCascade(client, { task: 'extract', schema: Zod3, input: 'x' });
  const b = await runCascade(client, { task: 'extract', schema: Zod3v4, input: 'x' });
  const c = await runCascade(client, { task: 'extract', schema: Zod4, input: 'x' });
  await startBatch(client, { task: 'extract', schema: Zod3, input: 'in.jsonl', output: 'out.jsonl' });
  // @ts-expect-error a number is not a schema
  await runCascade(client, { task: 'extract', schema: 42, input: 'x' });
  return a.output.total + b.output.total + c.output.total;
}
`;

/** The README's example of `cascade()` in a workflow: it must type-check as written. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Cascades inside your workflows'));
  const start = section.indexOf('```ts\n');
  assert.ok(start >= 0, 'the README section has a TypeScript example');
  return section.slice(start + 6, section.indexOf('\n```', start + 6));
}

/** Installs the package (a symlink to this checkout, with `package.json` as given) into a fresh project. */
function consumerProject(packageJson: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-consumer-'));
  const pkg = join(dir, 'node_modules', 'llm-cascade');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify(packageJson));
  symlinkSync(join(ROOT, 'lib'), join(pkg, 'lib'), 'dir');
  // The package's own dependencies (@temporalio/*, zod) resolve from this checkout's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  // The consumer's own zod 4, and zod 3.25 (the devDependency alias `zod3`), and the Temporal client it uses.
  for (const name of ['zod', 'zod3', '@temporalio'])
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  writeFileSync(join(dir, 'schemas.ts'), SCHEMAS);
  writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
  writeFileSync(join(dir, 'workflows.ts'), readmeExample());
  return dir;
}

function typeCheck(dir: string) {
  return spawnSync(
    process.execPath,
    [
      TSC,
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      'commonjs',
      '--moduleResolution',
      'node10',
      '--target',
      'es2022',
      '--types',
      'node',
      '--typeRoots',
      join(ROOT, 'node_modules/@types'),
      join(dir, 'consumer.ts'),
      join(dir, 'workflows.ts'),
      join(dir, 'schemas.ts'),
    ],
    { encoding: 'utf8', cwd: dir },
  );
}

describe('llm-cascade/workflow under moduleResolution node10', () => {
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

  it("a consumer using cascade(), defineSchema and jobBudget, and the README's example, type-check against the package", () => {
    const result = typeCheck(consumerProject(packageJson));
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });

  it('without typesVersions the same consumer fails with TS2307 (the check can fail)', () => {
    const { typesVersions: _typesVersions, ...withoutTypesVersions } = packageJson;
    const result = typeCheck(consumerProject(withoutTypesVersions));
    assert.notEqual(result.status, 0);
    assert.match(result.stdout, /TS2307: Cannot find module 'llm-cascade\/workflow'/);
  });
});
