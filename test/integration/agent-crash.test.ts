// Integration test — kill -9 the worker mid-step of an agent job; a new worker finishes it without re-running completed steps or tool calls
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import { spawnCli, tempFiles } from '../helpers/cli';
import { startAgentEnv, type AgentEnv } from '../helpers/agent-env';
import { getTestServer } from '../helpers/temporal';

const TOOLS_LIB = resolve(__dirname, '../../activities/agent/tools.js');
let env: AgentEnv | undefined;
after(async () => {
  await env?.close();
});

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('agent job: worker killed mid-step', () => {
  it('completes on a new worker; no completed LLM step or tool call runs again', async () => {
    const calls = (...vendors: string[]): FakeReply => ({
      kind: 'content',
      content: { action: 'call_tools', calls: vendors.map((vendor) => ({ tool: 'lookup', arguments: { vendor } })) },
    });
    const script = (ctx: FakeCallContext): FakeReply => {
      if (ctx.callIndex === 0) return calls('A', 'B');
      if (ctx.callIndex === 1) return calls('C');
      if (ctx.callIndex === 2) return { kind: 'hang' }; // the worker is killed while this step waits
      return { kind: 'content', content: { action: 'final', answer: { total: 3, vendors: ['A', 'B', 'C'] } } };
    };
    env = await startAgentEnv({
      name: 'agent-crash',
      tiers: [['economy', [{ ref: 'eco/e1', behavior: script }]]],
      tools: [],
      noWorker: true,
      timeoutMs: 120_000,
    });
    const dir = tempFiles({}).dir;
    const log = join(dir, 'tool-calls.jsonl');
    const files = tempFiles({
      'tools.js':
        `const { appendFileSync } = require('node:fs');\nconst { tool } = require(${JSON.stringify(TOOLS_LIB)});\n` +
        `exports.tools = [tool({ name: 'lookup', description: 'What we owe a vendor', ` +
        `input: { type: 'object', properties: { vendor: { type: 'string' } }, required: ['vendor'] }, ` +
        `run: (args) => { appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n'); return { owed: 1 }; } })];\n`,
    });
    const address = (await getTestServer()).address;
    const config = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue }, tools: join(files.dir, 'tools.js') },
    })['config.json']!;

    const first = spawnCli(['worker', '--config', config, '--address', address]);
    const job = await env.start({
      agent: {
        name: 'crash',
        instructions: 'Look up vendors.',
        tools: ['lookup'],
        task: 'agent',
        finalSchema: { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] },
      },
      goal: 'Look up A, B and C',
    });
    await waitFor(() => env!.callsTo('eco/e1').length === 3, 'the third step to be in flight');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    const second = spawnCli(['worker', '--config', config, '--address', address]);
    try {
      const result = await job.result();
      assert.equal(result.ending, 'done', second.output());
      assert.deepEqual(result.answer, { total: 3, vendors: ['A', 'B', 'C'] });
      const toolCalls = existsSync(log)
        ? readFileSync(log, 'utf8')
            .trim()
            .split('\n')
            .map((line) => JSON.parse(line))
        : [];
      assert.deepEqual(
        toolCalls.map((c: { vendor: string }) => c.vendor).sort(),
        ['A', 'B', 'C'],
        'each tool call ran once',
      );
      assert.equal(env.callsTo('eco/e1').length, 4, 'only the in-flight step was sent again');
      assert.deepEqual(
        result.ledger.map((row) => [row.agentStep, row.outcome, row.tries]),
        [
          [1, 'ok', 1],
          [2, 'ok', 1],
          [3, 'ok', 2],
        ],
      );
      assert.equal(result.totals.costMicroUsd, env.providerBillMicroUsd(), 'the hung call was never billed');
    } finally {
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));
    }
  });
});
