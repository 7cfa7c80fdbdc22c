/**
 * `npm run smoke`: the first hour of a new user, scripted. Packs the package (`npm pack`), installs the tarball into
 * a fresh app in a temporary folder, starts `llm-cascade dev`, compiles and runs the README's quickstart as written
 * (two substitutions: the simulated provider's catalog instead of real keys, the dev server's port), then runs
 * `worker`, `run`, `batch`, `report` and `catalog show` from the installed bin. Exits 1 on the first failure,
 * printing the step's output; the temporary app is kept then (its path is printed) and removed on success.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCatalog } from '../../catalog/node/load';
import { toJsonSchema } from '../../client/prepare';
import { DocumentExtraction } from '../../demo/schema';
import { startSimulatedProviders, type SimulatedProviders } from '../../demo/simulated-catalog';
import { findFreePorts } from '../../server/free-port';
import { findProjectRoot } from '../../server/temporal-cli';

const ROOT = findProjectRoot();
const TSC = require.resolve('typescript/bin/tsc');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** The demo's first documents: the simulated provider answers them like the demo's, so the route's checks pass. */
const BATCH_ITEMS = 4;

class StepFailed extends Error {}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * Runs a command to completion (asynchronously: the simulated provider answers from this process); a non-zero exit
 * fails the step with the command's output.
 */
async function sh(step: string, command: string, args: string[], cwd: string): Promise<string> {
  const started = Date.now();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (code !== 0) {
    const output = `${stdout}${stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new StepFailed(`${step}: exit ${code}\n${output}`);
  }
  say(`✔ ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return stdout;
}

/** Starts a long-running command and resolves once its output contains `ready`. */
function background(step: string, command: string, args: string[], cwd: string, ready: string): Promise<ChildProcess> {
  const started = Date.now();
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new StepFailed(`${step}: not ready after 120 s\n${output}`)), 120_000);
    let isReady = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!isReady && output.includes(ready)) {
        isReady = true;
        clearTimeout(timer);
        say(`✔ ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      if (isReady) return;
      clearTimeout(timer);
      reject(new StepFailed(`${step}: exited ${code} before it was ready\n${output}`));
    });
  });
}

/** The README's quickstart, as written, but for the server's address and the simulated catalog. */
function quickstart(address: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Example'));
  const start = section.indexOf('```ts\n') + 6;
  const code = section.slice(start, section.indexOf('\n```', start));
  const replaced = code
    .replaceAll("'localhost:7233'", JSON.stringify(address))
    .replace('new CascadePlugin()', "new CascadePlugin({ catalog: './catalog.json' })");
  if (!replaced.includes(address) || !replaced.includes('./catalog.json'))
    throw new StepFailed('the README quickstart no longer has the lines this script substitutes');
  return replaced;
}

/** A config whose providers all point at the simulated server (no keys), over the built-in routes. */
function simulatedConfig(sim: SimulatedProviders): string {
  const providers = Object.fromEntries(
    Object.values(sim.catalog.providers).map((provider) => [
      provider.id,
      { baseURL: provider.baseURL, structuredOutput: provider.structuredOutput },
    ]),
  );
  return JSON.stringify({ extends: 'default', providers }, null, 2);
}

async function main(): Promise<void> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-smoke-'));
  const app = join(dir, 'app');
  const children: ChildProcess[] = [];
  let sim: SimulatedProviders | undefined;
  let ok = false;
  try {
    const packed = (await sh('npm pack', NPM, ['pack', '--pack-destination', dir, '--silent'], ROOT))
      .trim()
      .split('\n')
      .pop()!;
    const zod = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: { zod: string } })
      .dependencies.zod;
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'smoke-app', version: '1.0.0', private: true }));
    // --prefer-offline: what `npm ci` of this checkout cached is enough, so CI needs no extra downloads.
    const install = ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
    await sh('npm install <tarball> into a fresh app', NPM, [...install, join(dir, packed), `zod@${zod}`], app);

    sim = await startSimulatedProviders({ seed: 7 });
    writeFileSync(join(app, 'catalog.json'), simulatedConfig(sim));
    const bin = join(app, 'node_modules', '.bin', 'llm-cascade');
    const [port] = await findFreePorts(1, '127.0.0.1');
    const address = `127.0.0.1:${port}`;
    const devArgs = ['dev', '--headless', '--no-worker', '--port', String(port)];
    children.push(await background('llm-cascade dev --headless --no-worker', bin, devArgs, app, 'Ctrl-C to stop'));

    writeFileSync(join(app, 'quickstart.ts'), quickstart(address));
    writeFileSync(join(app, 'workflows.ts'), "export * from 'llm-cascade/workflow';\n");
    const tscArgs = ['--strict', '--skipLibCheck', '--module', 'commonjs', '--moduleResolution', 'node10'];
    const types = ['--target', 'es2022', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types')];
    await sh(
      'tsc: the README quickstart compiles',
      process.execPath,
      [TSC, ...tscArgs, ...types, 'quickstart.ts', 'workflows.ts'],
      app,
    );
    const output = await sh(
      'node quickstart.js: a cascade through the quickstart',
      process.execPath,
      ['quickstart.js'],
      app,
    );
    if (!/vs premium-only/.test(output)) throw new StepFailed(`the quickstart printed no totals:\n${output}`);

    const target = ['--config', 'catalog.json', '--address', address];
    children.push(await background('llm-cascade worker', bin, ['worker', ...target], app, 'RUNNING'));
    const dataset = readFileSync(join(app, 'node_modules/llm-cascade/demo/data/documents.jsonl'), 'utf8');
    const items = dataset.split('\n').filter(Boolean).slice(0, BATCH_ITEMS);
    writeFileSync(join(app, 'docs.jsonl'), `${items.join('\n')}\n`);
    writeFileSync(join(app, 'doc.txt'), (JSON.parse(items[0]!) as { text: string }).text);
    const schema = { title: 'document', ...toJsonSchema(DocumentExtraction) };
    writeFileSync(join(app, 'document.schema.json'), JSON.stringify(schema, null, 2));
    const extract = ['--task', 'extract', '--schema', 'document.schema.json'];
    const run = await sh(
      'llm-cascade run --json',
      bin,
      ['run', ...target, ...extract, '--input', '@doc.txt', '--json'],
      app,
    );
    if (!(JSON.parse(run) as { totalCostUsd?: number }).totalCostUsd) throw new StepFailed(`run: no cost in ${run}`);
    await sh(
      'llm-cascade batch',
      bin,
      ['batch', ...target, ...extract, '--input', 'docs.jsonl', '--out', 'results.jsonl'],
      app,
    );
    const lines = readFileSync(join(app, 'results.jsonl'), 'utf8').split('\n').filter(Boolean);
    if (lines.length !== BATCH_ITEMS) throw new StepFailed(`batch: ${lines.length} results, expected ${BATCH_ITEMS}`);
    const report = await sh('llm-cascade report --json', bin, ['report', ...target, '--since', '1h', '--json'], app);
    if (!report.includes('"requests"')) throw new StepFailed(`report: no requests in ${report.slice(0, 500)}`);
    await sh('llm-cascade catalog show', bin, ['catalog', 'show', '--config', 'catalog.json'], app);
    if (!defaultCatalog().routes.extract) throw new StepFailed('the built-in catalog has no extract route');
    ok = true;
  } finally {
    for (const child of children.reverse()) {
      child.kill('SIGINT');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    }
    await sim?.close();
    if (ok) rmSync(dir, { recursive: true, force: true });
    else say(`the temporary app is kept for a look: ${app}`);
  }
  say(`smoke: a new user's first hour passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`✖ ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
