/**
 * `npm run test:real [-- --limit N]`: a real small model in the loop. SmolLM2-135M-Instruct (GGUF, from a PyPI
 * wheel: model.ts) runs in llama.cpp (node-llama-cpp, from npm: engine.ts) behind an OpenAI-compatible endpoint on
 * loopback (openai-server.ts), and `llm-cascade eval` (the CLI itself, as a user runs it) measures it on the first N
 * held-out invoices of `bench/invoice-set/`, asked two ways (grammar-constrained JSON Schema, and prompt-only), gates
 * off and on, with the invoice recipe's checks. Prints eval's tables and writes them to test-output/real-model/.
 *
 * Not part of `npm test` or CI: it fetches ~100 MB once and a 135M model on 2 shared cores takes minutes. It asserts
 * what must hold whatever the model answers: eval exits 0, every run is reported with its confusion table, and every
 * item reached the real engine (requests and tokens counted at the endpoint).
 */
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadSet } from '../../bench/quality-checks';
import { ensureEngine, loadEngine } from './engine';
import { ensureModel, SMOLLM2 } from './model';
import { startEndpoint } from './openai-server';
import { CANDIDATES, INVOICE_INSTRUCTIONS, INVOICE_SCHEMA, realConfig } from './invoice-task';

const ROOT = join(__dirname, '..', '..', '..');

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[test:real] ${line}\n`);
  const limit = Number(flag('--limit') ?? 6);
  if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit takes a whole number of invoices, at least 1');
  const started = { at: new Date().toISOString(), load: loadavg()[0]!.toFixed(1) };
  const modelPath = ensureModel(SMOLLM2, log);
  const { llama, Session } = await loadEngine(ensureEngine(log));
  const model = await llama.loadModel({ modelPath });
  // One thread: llama.cpp's threads wait for each other at every step, and on a shared, oversubscribed machine two
  // threads ran ten times slower than one (100 tokens: 107 s against 9 s, load average 17 on 2 cores).
  const context = await model.createContext({ contextSize: 4096, threads: 1 });
  const ids = Object.values(CANDIDATES).map((ref) => ref.slice('local/'.length));
  const endpoint = await startEndpoint({ llama, sequence: context.getSequence(), Session, ids }, log);
  log(`${SMOLLM2.description} served at ${endpoint.baseURL}`);
  const out = join(ROOT, 'test-output', 'real-model');
  mkdirSync(out, { recursive: true });
  try {
    const items = loadSet('held').slice(0, limit);
    writeFileSync(join(out, 'config.json'), `${JSON.stringify(realConfig(endpoint.baseURL), null, 2)}\n`);
    writeFileSync(join(out, 'invoice.schema.json'), `${JSON.stringify(INVOICE_SCHEMA, null, 2)}\n`);
    writeFileSync(join(out, 'instructions.txt'), `${INVOICE_INSTRUCTIONS}\n`);
    writeFileSync(
      join(out, 'labels.jsonl'),
      items.map((item) => JSON.stringify({ id: item.id, text: item.text, expected: item.expected })).join('\n') + '\n',
    );
    log(`eval of ${items.length} held-out invoices, 2 candidates × gates off/on (one request at a time)…`);
    const args = [
      join(ROOT, 'lib', 'cli', 'main.js'),
      'eval',
      '--config',
      join(out, 'config.json'),
      '--task',
      'invoice',
      '--schema',
      join(out, 'invoice.schema.json'),
      '--instructions',
      `@${join(out, 'instructions.txt')}`,
      '--labels',
      join(out, 'labels.jsonl'),
      '--concurrency',
      '1',
    ];
    // Asynchronous: the endpoint lives in this process, so a synchronous spawn would leave eval without a model.
    const result = await run(process.execPath, args);
    const ended = { at: new Date().toISOString(), load: loadavg()[0]!.toFixed(1) };
    const header =
      `${SMOLLM2.description}, llama.cpp via node-llama-cpp, CPU, 1 thread; ${items.length} held-out invoices\n` +
      `started ${started.at} (load average ${started.load}), ended ${ended.at} (load average ${ended.load})\n` +
      `endpoint: ${endpoint.stats.requests} requests, ${endpoint.stats.promptTokens} prompt tokens, ` +
      `${endpoint.stats.completionTokens} generated tokens, ${endpoint.stats.grammarFallbacks} schema grammar fallbacks\n\n`;
    writeFileSync(join(out, 'eval.txt'), header + result.stdout);
    process.stdout.write(header + result.stdout);
    if (result.code !== 0) process.stderr.write(result.stderr);
    assert.equal(result.code, 0, `llm-cascade eval exited ${result.code}`);
    for (const ref of Object.values(CANDIDATES)) {
      for (const gates of ['off', 'on']) {
        assert.match(result.stdout, rowPattern(ref, gates), `a row for ${ref}, gates ${gates}`);
      }
      // eval prints a confusion table for a gates-on run that had schema-valid answers to judge.
      const valid = Number(rowPattern(ref, 'on').exec(result.stdout)?.[1]);
      if (valid > 0) {
        assert.match(
          result.stdout,
          new RegExp(`${ref}, gates on: what each check and gate did`),
          `${ref}'s confusion table`,
        );
      }
    }
    // Every item of every run asked the real engine at least once.
    assert.ok(
      endpoint.stats.requests >= items.length * 4,
      `${endpoint.stats.requests} requests for ${items.length * 4} answers`,
    );
    assert.ok(endpoint.stats.completionTokens > 0, 'the engine generated tokens');
    log(`results in ${join(out, 'eval.txt')}`);
  } finally {
    await endpoint.close();
    await llama.dispose();
  }
}

/** A candidate's row in eval's table; group 1 is its valid rate. */
function rowPattern(ref: string, gates: string): RegExp {
  return new RegExp(`economy\\s+${ref}\\s+${gates}\\s+([\\d.]+)%`);
}

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`[test:real] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
