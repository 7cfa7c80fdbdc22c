// Integration tests — the front door under failure and load: kill -9 of `llm-cascade serve` mid-request (the retry
// with the same Idempotency-Key gets the answer, the provider sees one call), and 1,000 concurrent requests on one
// key with a small budget through two gateways (the billed total stays within the budget)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { costMicroUsd } from '../../catalog/pricing';
import { parseGatewayConfig } from '../../gateway/config';
import { sha256Hex } from '../../gateway/keys';
import { startGateway, type Gateway } from '../../gateway/server';
import { spawnCli, tempFiles } from '../helpers/cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { getTestServer } from '../helpers/temporal';

const VALID = { name: 'Ada Lovelace', email: 'ada@example.com' };
const CONTACT = {
  type: 'object',
  properties: { name: { type: 'string' }, email: { type: 'string' } },
  required: ['name', 'email'],
};
const KEY = 'sk-durability-test';

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
    body: JSON.stringify(body),
  });
}

describe('front door: kill -9 of the gateway mid-request', () => {
  let env: CascadeEnv;
  let config: string;
  let address: string;

  before(async () => {
    env = await startCascadeEnv({
      name: 'gateway-crash',
      // The first call takes 3 s: the gateway is killed while it waits.
      tiers: [['economy', [{ ref: 'a/eco', behavior: { kind: 'content', content: VALID, delayMs: 3_000 } }]]],
    });
    address = (await getTestServer()).address;
    const gateway = {
      keys: [{ id: 'crash', sha256: sha256Hex(KEY) }],
      tasks: { extract: { schema: CONTACT } },
    };
    config = tempFiles({ 'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue }, gateway } })[
      'config.json'
    ]!;
  });
  after(() => env.close());

  async function serve() {
    const child = spawnCli(['serve', '--config', config, '--address', address, '--port', '0', '--quiet']);
    await waitFor(() => /serve: (http:\/\/\S+)\/v1/.test(child.output()), `serve to listen:\n${child.output()}`);
    return { child, url: /serve: (http:\/\/\S+)\/v1/.exec(child.output())![1]! };
  }

  it('the retry with the same Idempotency-Key returns the answer; the provider received one call', async () => {
    const body = { model: 'cascade/extract', messages: [{ role: 'user', content: 'Ada Lovelace <ada@example.com>' }] };
    const headers = { 'Idempotency-Key': `crash-${Date.now()}` };
    const first = await serve();
    const lost = post(first.url, body, headers).then(
      (response) => response.status,
      () => 'connection lost',
    );
    await waitFor(() => env.provider.calls.length === 1, 'the provider call to be in flight');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    assert.equal(await lost, 'connection lost');

    const second = await serve();
    try {
      const response = await post(second.url, body, headers);
      assert.equal(response.status, 200);
      const answer = (await response.json()) as { choices: { message: { content: string } }[] };
      assert.deepEqual(JSON.parse(answer.choices[0]!.message.content), VALID);
      assert.equal(response.headers.get('x-cascade-replayed'), 'true');
      assert.equal(env.provider.calls.length, 1, 'no second provider call');
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  });
});

describe('front door: 1,000 concurrent requests on one key with a small budget, through two gateways', () => {
  let env: CascadeEnv;
  const gateways: Gateway[] = [];
  const DAILY_USD = 0.01;
  const keyId = `burst-${Date.now()}`;

  before(async () => {
    env = await startCascadeEnv({
      name: 'gateway-budget',
      tiers: [
        [
          'economy',
          [{ ref: 'a/eco', behavior: { kind: 'content', content: VALID, delayMs: 20 }, maxOutputTokens: 100 }],
        ],
      ],
    });
    const config = parseGatewayConfig(
      {
        keys: [{ id: keyId, sha256: sha256Hex(KEY), budget: { dailyUsd: DAILY_USD }, maxRequestUsd: 0.001 }],
        tasks: { extract: { schema: CONTACT } },
      },
      'test-config.json',
    );
    for (let i = 0; i < 2; i++) {
      gateways.push(
        await startGateway(
          { client: env.temporal.client, catalog: env.catalog, taskQueue: env.taskQueue, config },
          { host: '127.0.0.1', port: 0 },
        ),
      );
    }
  });
  after(async () => {
    for (const gateway of gateways) await gateway.close();
    await env.close();
  });

  it('the billed total never passes the budget; refused requests cost no provider call', async () => {
    const body = { model: 'extract', messages: [{ role: 'user', content: 'Ada Lovelace <ada@example.com>' }] };
    const started = Date.now();
    const statuses = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => post(gateways[i % 2]!.url, body).then((r) => r.status)),
    );
    const elapsedMs = Date.now() - started;
    const ok = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 429).length;
    assert.equal(ok + refused, 1000, `only 200 and 429: ${[...new Set(statuses)].join(', ')}`);
    const price = env.catalog.models['a/eco']!.prices[0]!;
    const billedMicroUsd = env.provider.calls.reduce(
      (sum, c) =>
        sum +
        costMicroUsd(
          {
            inputTokens: c.usage!.promptTokens,
            cachedInputTokens: c.usage!.cachedTokens,
            cacheWriteTokens: 0,
            outputTokens: c.usage!.completionTokens,
          },
          price,
        ),
      0,
    );
    assert.equal(env.provider.calls.length, ok, 'one provider call per answered request, none for refused ones');
    assert.ok(ok > 0, 'some requests fit the budget');
    assert.ok(billedMicroUsd <= DAILY_USD * 1e6, `billed $${billedMicroUsd / 1e6} of a $${DAILY_USD} budget`);
    const spend = await gateways[0]!.budgets.spend(keyId);
    assert.equal(spend?.dayMicroUsd, billedMicroUsd, 'the key ledger holds exactly what was billed');
    assert.equal(spend?.openReservations, 0);
    process.stdout.write(
      `# 1000 requests in ${elapsedMs} ms: ${ok} answered, ${refused} refused; billed $${billedMicroUsd / 1e6} of $${DAILY_USD}\n`,
    );
  });
});
