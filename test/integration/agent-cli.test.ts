// Integration test — `llm-cascade agent` commands as a user runs them, against the real dev server and fake provider
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { tool } from '../../activities/agent/tools';
import { getTestServer } from '../helpers/temporal';
import { runCli, tempFiles } from '../helpers/cli';
import { startAgentEnv, type AgentEnv } from '../helpers/agent-env';

const TOOLS_LIB = resolve(__dirname, '../../activities/agent/tools.js');
let env: AgentEnv | undefined;
after(async () => {
  await env?.close();
});

describe('llm-cascade agent (CLI)', () => {
  it('start, status (waiting for approval), approve, watch to the answer', async () => {
    const paid: unknown[] = [];
    const pay = tool({
      name: 'pay',
      description: 'Pays a vendor',
      input: { type: 'object', properties: { vendor: { type: 'string' } }, required: ['vendor'] },
      run: (args) => {
        paid.push(args);
        return { paid: true };
      },
    });
    env = await startAgentEnv({
      name: 'agent-cli',
      tiers: [
        [
          'economy',
          [
            {
              ref: 'eco/e1',
              behavior: [
                {
                  kind: 'content',
                  content: { action: 'call_tools', calls: [{ tool: 'pay', arguments: { vendor: 'Acme' } }] },
                },
                { kind: 'content', content: { action: 'final', answer: { paid: ['Acme'] } } },
              ],
            },
          ],
        ],
      ],
      tools: [pay],
    });
    const { address } = await getTestServer();
    const files = tempFiles({
      'tools.js': `const { tool } = require(${JSON.stringify(TOOLS_LIB)});\nexports.tools = [tool({ name: 'pay', description: 'Pays a vendor', input: { type: 'object', properties: { vendor: { type: 'string' } }, required: ['vendor'] }, run: () => ({ paid: true }) })];\n`,
    });
    const config = tempFiles({
      'config.json': {
        ...env.catalogJson,
        temporal: { address, taskQueue: env.taskQueue },
        tools: `${files.dir}/tools.js`,
        agents: {
          payer: {
            instructions: 'Pay the vendors you are asked to pay.',
            tools: ['pay'],
            task: 'agent',
            finalSchema: {
              type: 'object',
              properties: { paid: { type: 'array', items: { type: 'string' } } },
              required: ['paid'],
            },
            approval: { tools: ['pay'] },
            limits: { maxCostUsd: 1 },
          },
        },
      },
    });
    const started = await runCli(['agent', 'start', '-c', config['config.json']!, '-a', 'payer', '-g', 'Pay Acme']);
    assert.equal(started.code, 0, started.stderr);
    const id = started.stdout.trim();
    assert.match(id, /^agent-payer-/);

    let status = { stdout: '', code: 0 as number | null, stderr: '' };
    for (let i = 0; i < 40 && !status.stdout.includes('waiting_approval'); i++) {
      status = await runCli(['agent', 'status', id, '-c', config['config.json']!, '--json']);
      if (!status.stdout.includes('waiting_approval')) await new Promise((r) => setTimeout(r, 250));
    }
    const parsed = JSON.parse(status.stdout) as { state: string; pendingApprovals: { id: string }[] };
    assert.equal(parsed.state, 'waiting_approval');
    assert.deepEqual(
      parsed.pendingApprovals.map((call) => call.id),
      ['s1c1'],
    );

    const wrong = await runCli(['agent', 'approve', id, '-c', config['config.json']!, '--call', 's9c9']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /pending calls are s1c1/);
    const approved = await runCli(['agent', 'approve', id, '-c', config['config.json']!, '--call', 's1c1']);
    assert.equal(approved.code, 0, approved.stderr);

    const watched = await runCli(['agent', 'watch', id, '-c', config['config.json']!]);
    assert.equal(watched.code, 0, watched.stderr);
    assert.deepEqual(JSON.parse(watched.stdout), { ending: 'done', answer: { paid: ['Acme'] }, steps: 2 });
    assert.deepEqual(paid, [{ vendor: 'Acme' }]);
  });
});
