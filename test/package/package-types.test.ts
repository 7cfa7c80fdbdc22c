// Package tests — a consumer type-checks against the built package (node10 and node16 resolution), every subpath of the packed package; no server
// Longer than 250 lines because one consumer program and one packed package serve every subpath and resolution mode.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** The example of `cascade()` in a workflow (docs/pipelines.md): it must type-check as written. */
function readmeExample(): string {
  const section = readFileSync(join(ROOT, 'docs', 'pipelines.md'), 'utf8');
  const start = section.indexOf('```ts\n');
  assert.ok(start >= 0, 'docs/pipelines.md has a TypeScript example');
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

  it("a consumer using cascade(), defineSchema and jobBudget, and docs/pipelines.md's example, type-check against the package", () => {
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

/** A user's imports from every subpath of the package, as the packed package ships them. */
const SUBPATHS_CONSUMER = `
import { CascadePlugin, runCascade, startBatch, startAgent, tool, CascadeError, CascadeConfigError, FailureType,
  TASK_QUEUE, loadCatalog, type Catalog, type CascadeResult } from 'llm-cascade';
import { cascade, defineSchema, jobBudget, cascadeWorkflow, batchWorkflow, agentWorkflow, cancelSignal,
  type CascadeStepResult } from 'llm-cascade/workflow';
import { prepareCascade, agentFromConfig, toCascadeError, type AgentClientOptions, type CascadeFailureKind } from 'llm-cascade/client';
import { defaultCatalog, simulatedCatalog, costMicroUsd, catalogFingerprint, type RoutePlan, type ModelPrice } from 'llm-cascade/catalog';
import { cascadeDataConverter, startCodecServer, EncryptionCodec, type EncryptionOptions } from 'llm-cascade/encryption';
import { installRuntime, workflowBundle, WORKFLOWS_PATH, redactSecrets, type ResultSink, type ActivityOptions,
  type CheckFunction } from 'llm-cascade/worker';
import { startGateway, parseGatewayConfig, type GatewayConfig } from 'llm-cascade/gateway';
import { scoreResults, readLabels, type Score } from 'llm-cascade/scoring';
import { startDevServer, startFakeProvider, type FakeReply } from 'llm-cascade/testing';
import { cascadeModel, createCascade, AiSdkWorkflowPlugin, gatewayRunner, type CascadeModelOptions } from 'llm-cascade/ai-sdk';
import { cascadeModel as workflowCascadeModel, type WorkflowCascadeModelOptions } from 'llm-cascade/ai-sdk/workflow';
import { cascadeModelProvider, CascadeModelError, type CascadeModelProviderOptions } from 'llm-cascade/openai-agents';

export const used = [CascadePlugin, runCascade, startBatch, startAgent, tool, CascadeError, CascadeConfigError,
  FailureType, TASK_QUEUE, loadCatalog, cascade, defineSchema, jobBudget, cascadeWorkflow, batchWorkflow,
  agentWorkflow, cancelSignal, prepareCascade, agentFromConfig, toCascadeError, defaultCatalog, simulatedCatalog, costMicroUsd,
  catalogFingerprint, cascadeDataConverter, startCodecServer, EncryptionCodec, installRuntime, workflowBundle,
  WORKFLOWS_PATH, redactSecrets, startGateway, parseGatewayConfig, scoreResults, readLabels, startDevServer,
  startFakeProvider, cascadeModel, createCascade, AiSdkWorkflowPlugin, gatewayRunner, workflowCascadeModel,
  cascadeModelProvider, CascadeModelError];
export type Used = [Catalog, CascadeResult, CascadeStepResult<unknown>, AgentClientOptions, CascadeFailureKind,
  RoutePlan, ModelPrice, EncryptionOptions, ResultSink, ActivityOptions, CheckFunction, GatewayConfig, Score,
  FakeReply, CascadeModelOptions, WorkflowCascadeModelOptions, CascadeModelProviderOptions];
// The frameworks' own types (optional peers): were they unresolved (any), each @ts-expect-error would fail.
const gateway = { baseURL: 'http://127.0.0.1:8080/v1' };
// @ts-expect-error a v4 model is not a v3 one
export const notV3: 'v3' = cascadeModel('extract', { gateway }).specificationVersion;
// @ts-expect-error a model name is a string
export const badName = cascadeModelProvider({ gateway }).getModel(42);
`;

/** What the root and \`llm-cascade/workflow\` no longer carry: internal names and the CLI's config loader. */
const NOT_EXPORTED = `
// @ts-expect-error the batch's item workflow is registered by the plugin, not exported
import { batchItemWorkflow } from 'llm-cascade/workflow';
// @ts-expect-error the gateway's key workflow is registered by the plugin, not exported
import { keyBudgetWorkflow } from 'llm-cascade/workflow';
// @ts-expect-error the config loader is the CLI's
import { loadConfig } from 'llm-cascade';
export const none = [batchItemWorkflow, keyBudgetWorkflow, loadConfig];
`;

/** The package as \`npm pack\` ships it, installed in a fresh project (its dependencies from this checkout). */
function packedProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-packed-'));
  const packed = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(packed.status, 0, packed.stderr);
  const tarball = join(dir, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', join(dir, 'node_modules')], { encoding: 'utf8' });
  assert.equal(untar.status, 0, untar.stderr);
  renameSync(join(dir, 'node_modules', 'package'), join(dir, 'node_modules', 'llm-cascade'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules', 'llm-cascade', 'node_modules'), 'dir');
  for (const name of ['zod', '@temporalio'])
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  writeFileSync(join(dir, 'subpaths.ts'), SUBPATHS_CONSUMER);
  writeFileSync(join(dir, 'not-exported.ts'), NOT_EXPORTED);
  return dir;
}

function typeCheckFiles(dir: string, resolution: 'node10' | 'node16', files: string[]) {
  return spawnSync(
    process.execPath,
    [
      TSC,
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      resolution === 'node10' ? 'commonjs' : 'node16',
      '--moduleResolution',
      resolution,
      '--target',
      'es2022',
      '--types',
      'node',
      '--typeRoots',
      join(ROOT, 'node_modules/@types'),
      ...files.map((file) => join(dir, file)),
    ],
    { encoding: 'utf8', cwd: dir },
  );
}

describe('the packed package: every subpath type-checks', () => {
  const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    exports: Record<string, string>;
  };
  const dir = packedProject();

  it('the consumer imports from every subpath package.json exports', () => {
    const subpaths = Object.keys(packageJson.exports).filter((key) => key !== './package.json');
    for (const subpath of subpaths) {
      const name = subpath === '.' ? 'llm-cascade' : `llm-cascade/${subpath.slice(2)}`;
      assert.ok(SUBPATHS_CONSUMER.includes(`from '${name}';`), `no import from ${name}`);
    }
  });

  for (const resolution of ['node10', 'node16'] as const) {
    it(`${resolution}: every subpath resolves with its types (${resolution === 'node10' ? 'typesVersions' : 'exports'})`, () => {
      const result = typeCheckFiles(dir, resolution, ['subpaths.ts']);
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    });
  }

  it('internal workflows and the CLI config loader are not exported (each @ts-expect-error is needed)', () => {
    const result = typeCheckFiles(dir, 'node10', ['not-exported.ts']);
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
});
