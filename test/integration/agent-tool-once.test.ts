// Integration test — a tool with a side effect, its worker killed (kill -9) mid-call: Temporal runs the tool again, and the
// call id it hands the payment service as the idempotency key makes the payment happen once. Real dev server, CLI
// worker processes, the demo's schedule_payment tool, a payment service on loopback.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { FakeCallContext, FakeReply } from '../../sim/fake-provider';
import type { Payment } from '../../demo/agent/payments';
import { spawnCli, tempFiles } from '../helpers/cli';
import { startAgentEnv, type AgentEnv } from '../helpers/agent-env';
import { getTestServer } from '../helpers/temporal';

const DEMO_TOOLS = resolve(__dirname, '../../demo/agent/tools.js');

/**
 * A payment service that honours idempotency keys, as payment APIs do. It books a payment on the first request for a
 * key and then holds that request open (the worker is killed before it hears back); a later request with the same
 * key gets the booked receipt.
 */
async function startPaymentService() {
  const requests: { key: string; payment: Payment }[] = [];
  const booked = new Map<string, Payment & { paymentId: string; scheduled: true }>();
  const held: ServerResponse[] = [];
  let firstRequest: () => void = () => undefined;
  const arrived = new Promise<void>((done) => (firstRequest = done));
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { key, payment } = JSON.parse(body) as { key: string; payment: Payment };
      requests.push({ key, payment });
      const receipt = booked.get(key);
      if (receipt)
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(receipt));
      booked.set(key, { ...payment, scheduled: true, paymentId: `pay-${booked.size + 1}` });
      held.push(response);
      firstRequest();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/payments`,
    requests,
    booked,
    arrived,
    async close() {
      held.forEach((response) => response.destroy());
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

let env: AgentEnv | undefined;
let service: Awaited<ReturnType<typeof startPaymentService>> | undefined;
after(async () => {
  await env?.close();
  await service?.close();
});

describe('tools run at least once, safely', () => {
  it('kill -9 of the worker mid-payment: the tool runs again with the same call id, the payment happens once', async () => {
    const payment = { vendor: 'Acme Office Supplies', invoice: 'INV-1042', amount: 480, currency: 'EUR' };
    const script = (ctx: FakeCallContext): FakeReply =>
      ctx.callIndex === 0
        ? {
            kind: 'content',
            content: { action: 'call_tools', calls: [{ tool: 'schedule_payment', arguments: payment }] },
          }
        : { kind: 'content', content: { action: 'final', answer: { paid: 1 } } };
    env = await startAgentEnv({
      name: 'agent-tool-once',
      tiers: [['economy', [{ ref: 'eco/e1', behavior: script }]]],
      tools: [],
      noWorker: true,
    });
    service = await startPaymentService();
    const files = tempFiles({
      // The demo's own schedule_payment tool, over the payment service above (over HTTP, outside the worker).
      'tools.js':
        `const { schedulePaymentTool } = require(${JSON.stringify(DEMO_TOOLS)});\n` +
        `const service = { pay: async (key, payment) => (await fetch(${JSON.stringify(service.url)}, ` +
        `{ method: 'POST', body: JSON.stringify({ key, payment }) })).json() };\n` +
        `exports.tools = [schedulePaymentTool(service)];\n`,
    });
    const address = (await getTestServer()).address;
    const config = tempFiles({
      'config.json': { ...env.catalogJson, temporal: { taskQueue: env.taskQueue }, tools: join(files.dir, 'tools.js') },
    })['config.json']!;

    const first = spawnCli(['worker', '--config', config, '--address', address]);
    const job = await env.start({
      agent: {
        name: 'payer',
        instructions: 'Pay the invoice you are asked to pay.',
        tools: ['schedule_payment'],
        task: 'agent',
        finalSchema: { type: 'object', properties: { paid: { type: 'number' } }, required: ['paid'] },
        // A dead worker's call is retried once this passes.
        toolTimeoutMs: 3_000,
      },
      goal: 'Pay Acme invoice INV-1042',
    });
    await Promise.race([
      service.arrived,
      new Promise((_, reject) => setTimeout(() => reject(new Error('the payment never reached the service')), 90_000)),
    ]);
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));

    const second = spawnCli(['worker', '--config', config, '--address', address]);
    try {
      const result = await job.result();
      assert.equal(result.ending, 'done', second.output());
      const { runId } = await job.handle.describe();
      const callId = `${job.workflowId}/${runId}/s1c1`;
      assert.deepEqual(
        service.requests.map((request) => request.key),
        [callId, callId],
        'the tool ran twice (at least once), with the same call id both times',
      );
      assert.deepEqual([...service.booked.values()], [{ ...payment, scheduled: true, paymentId: 'pay-1' }]);
      // The model read the receipt the service booked on the first try.
      const transcript = await job.transcript();
      assert.ok(
        transcript.turns.some((turn) => turn.kind === 'tool_results' && turn.content.includes('"paymentId":"pay-1"')),
        JSON.stringify(transcript.turns),
      );
    } finally {
      second.kill('SIGTERM');
      await new Promise((done) => second.once('exit', done));
    }
  });
});
