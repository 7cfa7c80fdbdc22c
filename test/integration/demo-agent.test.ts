// Integration tests — `llm-cascade demo --agent --exit` as a child process: its own dev server, worker, tools and simulated provider
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../catalog/node/load';
import { routeKeyNames } from '../../cli/demo/mode';
import { overdue } from '../../demo/agent/payables';
import { DEMO_TASK } from '../../demo/simulated-catalog';
import { runCli } from '../helpers/cli';

const NO_KEYS = Object.fromEntries(routeKeyNames(defaultCatalog(), DEMO_TASK).map((name) => [name, '']));

void describe('llm-cascade demo --agent', () => {
  void it('runs the payables agent on the simulated provider: tools, an approval, the overdue vendors and the cost', async () => {
    const result = await runCli(['demo', '--agent', '--exit'], NO_KEYS);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    const { stdout } = result;
    assert.ok((stdout.match(/SIMULATED provider: no real LLM is called/g) ?? []).length >= 2, stdout);
    assert.match(stdout, /waiting for approval: s\d+c1 schedule_payment/);
    assert.match(stdout, /the demo approves it/);
    assert.match(stdout, /ended: done after \d+ steps · \d+ attempts · \$0\.\d{6}/);
    const vendors = new Set(overdue().map((p) => p.vendor));
    assert.match(
      stdout,
      new RegExp(`${vendors.size} of ${vendors.size} overdue vendors in the labelled answer found, 0 others`),
    );
    assert.match(stdout, new RegExp(`findings recorded: ${overdue().length} · payments scheduled after approval: 1`));
    assert.match(stdout, /Brightline Web Studio LLC +3688\.55 USD/);
  });
});
