/**
 * `npm run smoke`: the first hour of a new user, scripted. Packs the package (`npm pack`), then follows
 * docs/getting-started.md as written in an empty folder: its commands in order (`npm init -y`, the installs with the tarball
 * in place of `llm-cascade`, `llm-cascade dev`, the compile-and-run line) and its files by the names their first line
 * gives; prints how long that took (keyless: the simulated catalog). Then runs `init`, `worker`, `run`, `batch`,
 * `report` and `catalog show` from the installed bin. Exits 1 on the first failure, printing the step's output; the
 * temporary app is kept then (its path is printed) and removed on success.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCatalog } from '../../catalog/node/load';
import { toJsonSchema } from '../../client/prepare';
import { DocumentExtraction } from '../../demo/schema';
import { startSimulatedProviders, type SimulatedProviders } from '../../demo/simulated-catalog';
import { findProjectRoot } from '../../server/temporal-cli';
import { localPrebuilds } from './prebuilds';

const ROOT = findProjectRoot();
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
async function sh(
  step: string,
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const started = Date.now();
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Starts a long-running command and resolves once its output contains `ready`, with the output so far. */
function background(
  step: string,
  command: string,
  args: string[],
  cwd: string,
  ready: string,
): Promise<{ child: ChildProcess; output: string }> {
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
        resolve({ child, output });
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

interface GettingStarted {
  /** The shell lines of the section, in order, without their comments. */
  commands: string[];
  /** The files it shows, by the name on their first line (`// quickstart.ts`), as written. */
  files: Map<string, string>;
}

/** docs/getting-started.md up to its real-provider part: what a new user types and writes, in order. */
function gettingStarted(readme: string): GettingStarted {
  const start = readme.indexOf('# Getting started\n');
  const end = readme.indexOf('## Then real providers', start);
  if (start < 0 || end < 0) throw new StepFailed('docs/getting-started.md has no "Getting started" up to "Then real providers"');
  const commands: string[] = [];
  const files = new Map<string, string>();
  for (const match of readme.slice(start, end).matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    const [, language, code] = match as unknown as [string, string, string];
    if (language === 'sh')
      for (const line of code.split('\n')) {
        const command = line.replace(/\s+#.*$/, '').trim();
        if (command && !command.startsWith('#')) commands.push(command);
      }
    else if (language !== 'text') {
      const name = /^\/\/ (\S+)\n/.exec(code)?.[1];
      if (!name) throw new StepFailed(`a ${language} block of Getting started does not name its file:\n${code}`);
      files.set(name, code);
    }
  }
  return { commands, files };
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
    mkdirSync(app);
    const guide = gettingStarted(readFileSync(join(ROOT, 'docs', 'getting-started.md'), 'utf8'));
    for (const [name, code] of guide.files) writeFileSync(join(app, name), code);
    const firstResult = Date.now();
    let address = '';
    const bin = join(app, 'node_modules', '.bin', 'llm-cascade'); // what `npx llm-cascade` runs, here without npm
    // --prefer-offline: what `npm ci` of this checkout cached is enough, so CI needs no extra downloads.
    const quiet = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
    // better-sqlite3's binary as the prebuilt download a user gets, not compiled here without GitHub (./prebuilds.ts).
    const installEnv = { ...process.env, ...localPrebuilds(ROOT, join(dir, 'prebuilds')) };
    for (const command of guide.commands) {
      const words = command.split(/\s+/);
      if (words[0] === 'npm' && words[1] === 'install') {
        const packages = words.map((word) => (word === 'llm-cascade' ? join(dir, packed) : word));
        await sh(command, NPM, [...packages.slice(1), ...quiet], app, installEnv);
      } else if (command.startsWith('npx llm-cascade dev')) {
        // As written; on a busy machine 7233 may be taken, and then dev says which address it took instead.
        const dev = await background(command, bin, words.slice(2), app, 'Ctrl-C to stop');
        children.push(dev.child);
        address = /export TEMPORAL_ADDRESS=(\S+)/.exec(dev.output)?.[1] ?? 'localhost:7233';
      } else {
        const output = await sh(command, '/bin/sh', ['-c', command], app, {
          ...process.env,
          TEMPORAL_ADDRESS: address,
        });
        if (/node \S*quickstart\.js/.test(command)) {
          if (!/vs premium-only/.test(output) || !/\bsim-/.test(output))
            throw new StepFailed(`the quickstart printed no simulated ledger:\n${output}`);
          say(output.trim().replace(/^/gm, '    '));
        }
      }
    }
    if (!address) throw new StepFailed('Getting started no longer starts `npx llm-cascade dev`');
    if (!guide.commands.some((command) => /npm install .*\bllm-cascade\b/.test(command)))
      throw new StepFailed('Getting started no longer installs llm-cascade');
    say(`getting started: from npm init -y to a printed ledger in ${((Date.now() - firstResult) / 1000).toFixed(0)} s`);

    const init = await sh('llm-cascade init', bin, ['init'], app);
    if (!/simulated catalog/.test(init)) throw new StepFailed(`init: not the simulated catalog:\n${init}`);
    await sh(
      'llm-cascade catalog show --config llm-cascade.json',
      bin,
      ['catalog', 'show', '--config', 'llm-cascade.json'],
      app,
    );
    sim = await startSimulatedProviders({ seed: 7 });
    writeFileSync(join(app, 'catalog.json'), simulatedConfig(sim));
    const target = ['--config', 'catalog.json', '--address', address];
    children.push((await background('llm-cascade worker', bin, ['worker', ...target], app, 'RUNNING')).child);
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
    const stopping = Date.now();
    for (const child of children.reverse()) {
      child.kill('SIGINT');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    }
    await sim?.close();
    say(`stopped the worker and the dev server in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
    if (ok) rmSync(dir, { recursive: true, force: true });
    else say(`the temporary app is kept for a look: ${app}`);
  }
  say(`smoke: a new user's first hour passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  process.stderr.write(`✖ ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
