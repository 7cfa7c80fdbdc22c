// Integration tests — the code blocks of README.md and docs/ that test/package/doc-blocks.ts marks `here` run as
// written against a dev server of this file's own (their workers poll the default `llm-cascade` queue), keyless:
// every TypeScript program (transpiled, `llm-cascade` resolving to this checkout as it does in a user's app, the
// Getting started `workflows.ts` beside it) as a child process, workflow modules on a worker of this process, and
// shell blocks line by line in a folder holding the files they name. Prints how many blocks ran of those present.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import ts from 'typescript';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { CascadePlugin } from '../../worker/plugin';
import { TASK_QUEUE } from '../../workflows/definitions/base';
import { docBlocks, ROOT, treatmentOf, type DocBlock } from '../package/doc-blocks';
import { quietRuntime } from '../helpers/quiet-runtime';

const HERE = docBlocks().filter((block) => treatmentOf(block)?.kind === 'here');
const where = (block: DocBlock) => `${block.file}:${block.line}`;
const isProgram = (block: DocBlock) => /^(ts|typescript)$/.test(block.language) && /^main\(\)/m.test(block.code);
/** Programs that only start requests: a worker of the simulated catalog serves them. */
const isClientOnly = (block: DocBlock) => isProgram(block) && !block.code.includes('Worker.create(');
const WORKFLOWS = HERE.find((block) => block.code.includes('export {}; // your own workflows go here'));

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/** Starts `command` and resolves once its output holds `ready`. */
function background(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }, ready: string) {
  return new Promise<ChildProcess>((done, fail) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => fail(new Error(`not ready after 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(ready)) {
        clearTimeout(timer);
        done(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => fail(new Error(`exited ${code} before it was ready:\n${output}`)));
  });
}

/** A user's app folder: `llm-cascade` is this checkout, its peers this checkout's copies, its bin on PATH. */
function appFolder(): string {
  const app = mkdtempSync(join(tmpdir(), 'llm-cascade-doc-blocks-'));
  mkdirSync(join(app, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(ROOT, join(app, 'node_modules', 'llm-cascade'), 'dir');
  for (const name of ['@temporalio', 'zod', '@types'])
    symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name), 'dir');
  symlinkSync(join(ROOT, 'bin', 'llm-cascade.js'), join(app, 'node_modules', '.bin', 'llm-cascade'));
  return app;
}

/** The block compiled as `tsc` compiles Getting started's tsconfig (CommonJS), written as `<name>.js`. */
function writeProgram(app: string, name: string, code: string): string {
  const { outputText, diagnostics } = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    reportDiagnostics: true,
  });
  assert.deepEqual(diagnostics ?? [], []);
  const file = join(app, `${name}.js`);
  writeFileSync(file, outputText);
  return file;
}

describe('README and docs blocks run as written (the ones marked `here`)', () => {
  let server: DevServer;
  let app: string;
  let env: NodeJS.ProcessEnv;
  let ran = 0;

  before(async () => {
    server = await startDevServer({ uiPort: false });
    app = appFolder();
    assert.ok(WORKFLOWS, "Getting started's workflows.ts block");
    writeProgram(app, 'workflows', WORKFLOWS.code);
    ran++; // every program below loads it as ./workflows
    env = {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      PATH: `${join(app, 'node_modules', '.bin')}:${process.env.PATH}`,
      // The encryption example's key: 32 random bytes, as its comment says to make one.
      LLM_CASCADE_KEY_1: Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64'),
    };
  });
  after(async () => {
    console.log(`${ran} of ${HERE.length} blocks marked \`here\` ran (${docBlocks().length} blocks in all)`);
    if (app) rmSync(app, { recursive: true, force: true });
    await server?.stop();
  });

  it(
    'every program that starts its own worker runs to its end (exit 0) and prints a cost',
    { timeout: 900_000 },
    async () => {
      const programs = HERE.filter((block) => isProgram(block) && !isClientOnly(block));
      assert.ok(programs.length >= 3, `${programs.length} programs`);
      for (const block of programs) {
        const file = writeProgram(app, `block-${block.file.replace(/[/.]/g, '-')}-${block.line}`, block.code);
        const { code, output } = await run(process.execPath, [file], { cwd: app, env });
        assert.equal(code, 0, `${where(block)}:\n${output}`);
        assert.match(output, /\b0\.0\d*\b/, `${where(block)} printed no cost:\n${output}`);
        ran++;
      }
    },
  );

  it(
    'every program that only starts requests runs against a worker of the simulated catalog',
    { timeout: 600_000 },
    async () => {
      const programs = HERE.filter(isClientOnly);
      assert.ok(programs.length >= 1);
      writeFileSync(join(app, 'simulated.json'), JSON.stringify({ extends: 'simulated' }));
      const worker = await background(
        join(app, 'node_modules', '.bin', 'llm-cascade'),
        ['worker', '--config', 'simulated.json'],
        { cwd: app, env },
        'RUNNING',
      );
      try {
        for (const block of programs) {
          const file = writeProgram(app, `block-${block.file.replace(/[/.]/g, '-')}-${block.line}`, block.code);
          const { code, output } = await run(process.execPath, [file], { cwd: app, env });
          assert.equal(code, 0, `${where(block)}:\n${output}`);
          ran++;
        }
      } finally {
        worker.kill('SIGINT');
        await new Promise((resolve) => (worker.exitCode !== null ? resolve(undefined) : worker.once('exit', resolve)));
      }
    },
  );

  it(
    'every workflow module runs on a worker of the simulated catalog: each exported workflow returns',
    { timeout: 600_000 },
    async () => {
      const modules = HERE.filter(
        (block) => /^(ts|typescript)$/.test(block.language) && !isProgram(block) && block !== WORKFLOWS,
      );
      assert.ok(modules.length >= 1);
      quietRuntime();
      for (const block of modules) {
        const name = `module-${block.file.replace(/[/.]/g, '-')}-${block.line}`;
        writeProgram(app, name, block.code);
        const workflows = [...block.code.matchAll(/^export async function (\w+)\(\w+: string\)/gm)].map((m) => m[1]!);
        assert.ok(workflows.length > 0, `${where(block)} exports no workflow taking a string`);
        const connection = await Connection.connect({ address: server.address });
        const worker = await Worker.create({
          connection: await NativeConnection.connect({ address: server.address }),
          namespace: server.namespace,
          taskQueue: TASK_QUEUE, // the default queue, as the page's worker polls it: this file's own server
          workflowsPath: join(app, `${name}.js`),
          plugins: [new CascadePlugin({ catalog: 'simulated' })],
        });
        try {
          await worker.runUntil(async () => {
            const client = new Client({ connection, namespace: server.namespace });
            for (const workflow of workflows) {
              const result = await client.workflow.execute(workflow, {
                taskQueue: TASK_QUEUE,
                workflowId: `doc-blocks-${workflow}-${Date.now()}`,
                args: ['Hello, I was charged twice for my June invoice and need a refund today. — Ada'],
              });
              assert.ok(result !== undefined && result !== null, `${where(block)}: ${workflow} returned nothing`);
            }
          });
        } finally {
          await connection.close();
        }
        ran++;
      }
    },
  );

  it(
    'every shell block marked `here` runs line by line; each line exits as the page says',
    { timeout: 900_000 },
    async () => {
      const shells = HERE.filter((block) => /^(sh|bash)$/.test(block.language));
      assert.ok(shells.length >= 2);
      // The files the commands name, in the folder they run in.
      writeFileSync(
        join(app, 'schema.json'),
        JSON.stringify({ type: 'object', properties: { total: { type: 'number' } }, required: ['total'] }),
      );
      writeFileSync(join(app, 'doc.txt'), 'ACME GmbH — Invoice 2024-117 — total due EUR 1,250.00 by 2024-07-31\n');
      for (const block of shells) {
        for (const line of block.code.split('\n').filter((text) => text.trim() && !text.trim().startsWith('#'))) {
          // `npm run …` runs in the repository (its scripts) as a new user's shell would: no TEMPORAL_* set, so the demo
          // starts its own embedded server; the rest in the app folder.
          const repository = line.startsWith('npm run');
          const lineEnv = { ...env };
          if (repository) for (const name of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE']) delete lineEnv[name];
          const { code, output } = await run('/bin/sh', ['-c', line], { cwd: repository ? ROOT : app, env: lineEnv });
          // The page says which line fails on purpose: `run --require region=eu` on the untagged built-in catalog.
          const expected = /--require region=eu/.test(line) ? 2 : 0;
          assert.equal(code, expected, `${where(block)}: ${line}\n${output.slice(-3000)}`);
        }
        ran++;
      }
    },
  );
});
