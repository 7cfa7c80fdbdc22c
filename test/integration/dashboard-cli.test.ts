// Integration tests — `llm-cascade dashboard` as a child process over a SQLite store of synthetic rows: its address,
// its API's totals equal `report --source store`'s, a token when exposed, and bad input exits 2 before serving
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedgerStore } from '../../store/store';
import { generateLedger } from '../../store/synthetic';
import { runCli, spawnCli } from '../helpers/cli';

const DAY = 86_400_000;

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('llm-cascade dashboard', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-cli-'));
    env = { LLM_CASCADE_LEDGER_PATH: join(dir, 'ledger.db') };
    const store = await openLedgerStore({ engine: 'sqlite', path: env.LLM_CASCADE_LEDGER_PATH!, outboxDir: dir });
    try {
      const now = Date.now();
      await generateLedger(store, { requests: 400, startMs: now - 10 * DAY, endMs: now });
    } finally {
      await store.close();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints its address; the first view's totals are report --source store's, to the micro-dollar", async () => {
    const child = spawnCli(['dashboard', '--port', '0', '--ui-url', 'http://127.0.0.1:9/'], env);
    try {
      const url = await waitFor(
        'the address',
        () => /^dashboard +(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(child.output())?.[1],
      );
      assert.match(child.output(), /no token: any process on this machine can read it \(loopback only\)/);
      const view = (await (await fetch(`${url}api/view?range=all`)).json()) as {
        total: { costMicroUsd: number; requests: number; baselineMicroUsd: number };
        reportCommand: string;
        top: { temporalUrl: string; workflowId: string }[];
      };
      const report = await runCli(['report', '--source', 'store', '--since', 'all', '--json'], env);
      assert.equal(report.code, 0, report.stderr);
      const total = (JSON.parse(report.stdout) as { total: typeof view.total }).total;
      assert.ok(total.requests > 0);
      assert.deepEqual(
        [view.total.requests, view.total.costMicroUsd, view.total.baselineMicroUsd],
        [total.requests, total.costMicroUsd, total.baselineMicroUsd],
      );
      assert.equal(view.reportCommand, 'llm-cascade report --source store --since all');
      assert.match(view.top[0]!.temporalUrl, /^http:\/\/127\.0\.0\.1:9\/namespaces\/default\/workflows\/synthetic-/);
      // The page and its bundled chart library come from the package: nothing from a CDN.
      const page = await (await fetch(url)).text();
      assert.match(page, /<script src="vendor\/uPlot\.iife\.min\.js"><\/script>/);
      assert.doesNotMatch(page, /https?:\/\//);
      const uplot = await fetch(`${url}vendor/uPlot.iife.min.js`);
      assert.equal(uplot.status, 200);
      assert.match(await uplot.text(), /uPlot/);
      assert.equal((await fetch(`${url}api/view?range=2d`)).status, 400);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await new Promise((resolve) => child.once('exit', resolve)), 0);
  });

  it('off loopback it needs a token, and then every request carries it', async () => {
    const refused = await runCli(['dashboard', '--host', '0.0.0.0', '--port', '0'], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--host 0\.0\.0\.0 lets other machines read your spend: give --token-env NAME/);
    // Bound to loopback here (tests listen on loopback only), with the token an exposed one would require.
    const child = spawnCli(['dashboard', '--port', '0', '--token-env', 'DASH_TOKEN'], { ...env, DASH_TOKEN: 's3cret' });
    try {
      const url = await waitFor(
        'the address',
        () => /^dashboard +(http:\/\/\S+\/s3cret\/)$/m.exec(child.output())?.[1],
      );
      const base = url.replace('s3cret/', '');
      assert.equal((await fetch(`${base}api/view`)).status, 401);
      assert.equal((await fetch(`${base}api/view`, { headers: { Authorization: 'Bearer s3cret' } })).status, 200);
      assert.equal((await fetch(`${url}api/view`)).status, 200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('bad input exits 2 and says what to fix', async () => {
    const missing = await runCli(['dashboard'], { LLM_CASCADE_LEDGER_PATH: join(dir, 'none.db') });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no ledger store at .*none\.db/);
    const port = await runCli(['dashboard', '--port', 'eighty'], env);
    assert.equal(port.code, 2);
    assert.match(port.stderr, /--port must be a port 0\.\.65535/);
    const ui = await runCli(['dashboard', '--ui-url', 'localhost:8233'], env);
    assert.equal(ui.code, 2);
    assert.match(ui.stderr, /--ui-url must be an http/);
  });
});
