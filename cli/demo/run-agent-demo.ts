/**
 * `llm-cascade demo --agent`: an agent job over the bundled documents ("which vendors have invoices overdue, and
 * what do we owe each?") with an embedded Temporal server and UI, a worker in this process registering the four
 * tools, and the simulated provider (or the real ones when every tier of the `extract` route has a key). Every step,
 * tool call, wait for approval and the cost so far is printed as it happens.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { defaultCatalog } from '../../catalog/node/load';
import type { Catalog } from '../../catalog/types';
import { startAgent, type AgentHandle } from '../../client/agent-client';
import { DEMO_GOAL, payablesAgent } from '../../demo/agent/definition';
import { owedByVendor } from '../../demo/agent/payables';
import { simulatedAgentBehavior } from '../../demo/agent/simulated-agent';
import { findings, payments, tools } from '../../demo/agent/tools';
import { DEMO_TASK, simulatedCatalog } from '../../demo/simulated-catalog';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { startFakeProvider, type FakeProvider } from '../../sim/fake-provider';
import { installRuntime } from '../../worker/runtime';
import { TASK_QUEUE } from '../../workflows/definitions';
import type { AgentResult, AgentStatus } from '../../workflows/agent/definitions';
import { waitForSignal } from '../signals';
import { openTemporal, type TemporalSession } from '../temporal';
import { chooseMode, type ModeRequest } from './mode';
import { workflowUrl } from './present';
import { plural } from '../../catalog/plural';

export const SIMULATED_AGENT_BANNER =
  'SIMULATED provider: no real LLM is called; the model plays a correct agent from the labelled answer ' +
  '(demo/agent/payables.ts); tokens and costs are counted from the real prompts at real prices';

export interface AgentDemoOptions {
  exit?: boolean;
  mode?: ModeRequest;
  uiPort?: number;
  /** Approve pending tool calls after this many ms; false: wait for a person (`llm-cascade agent approve`). */
  autoApproveMs?: number | false;
  write?: (text: string) => void;
}

export async function runAgentDemo(options: AgentDemoOptions = {}): Promise<AgentResult> {
  const say = (line = '') => (options.write ?? ((text: string) => void process.stdout.write(text)))(`${line}\n`);
  const mode = chooseMode(defaultCatalog(), process.env, DEMO_TASK, options.mode ?? 'auto');
  say('llm-cascade demo --agent: an agent job over the bundled documents, with tools and an approval');
  if (mode.kind === 'simulated') say(`\n*** ${SIMULATED_AGENT_BANNER} ***\n    (${mode.reason})\n`);
  else say(`\n*** REAL providers: ${mode.reason}; calls are billed to your accounts ***\n`);
  installRuntime({ logLevel: 'WARN' });

  let sim: FakeProvider | undefined;
  let server: DevServer | undefined;
  let temporal: TemporalSession | undefined;
  try {
    let catalog: Catalog;
    if (mode.kind === 'simulated') {
      sim = await startFakeProvider({ callLogLimit: 1_000 });
      catalog = simulatedCatalog(sim.baseURL);
      for (const model of Object.values(catalog.models)) sim.setModel(model.model, simulatedAgentBehavior());
    } else {
      catalog = mode.catalog;
    }
    say('starting Temporal dev server with its Web UI…');
    server = await startDevServer({ uiPort: options.uiPort });
    temporal = await openTemporal(
      {
        catalog,
        worker: { tools },
        temporal: { namespace: server.namespace, taskQueue: TASK_QUEUE },
        origin: 'demo --agent',
      },
      { address: server.address, withWorker: true },
    );
    say(`Temporal ${server.address} · Web UI ${server.uiUrl ?? '(headless)'}`);
    const job = await startAgent(
      temporal.client,
      { agent: payablesAgent(DEMO_TASK), goal: DEMO_GOAL },
      {
        taskQueue: temporal.taskQueue,
      },
    );
    say(`agent job ${job.workflowId}`);
    say(`goal: ${DEMO_GOAL}`);
    if (server.uiUrl) say(`watch it live: ${workflowUrl(server.uiUrl, server.namespace, job.workflowId)}`);
    say();
    const result = await follow(job, options.autoApproveMs ?? 2_000, say, server.address);
    report(result, say);
    say(
      mode.kind === 'simulated'
        ? `\n${SIMULATED_AGENT_BANNER}.`
        : '\nREAL providers were called; the cost above was billed.',
    );
    if (options.exit) {
      say('the Temporal server stops now (--exit); run without --exit to inspect the job in the Web UI');
    } else {
      say('\nThe Temporal server and its Web UI stay up for inspection. Press Ctrl-C to stop.');
      await waitForSignal();
    }
    return result;
  } finally {
    await temporal?.close().catch(() => undefined);
    await server?.stop();
    await sim?.close();
  }
}

/** Prints each step's action and the cost so far; approves pending calls (after a pause) unless told not to. */
async function follow(
  job: AgentHandle,
  autoApproveMs: number | false,
  say: (line?: string) => void,
  address: string,
): Promise<AgentResult> {
  let last = '';
  for (;;) {
    const status: AgentStatus | undefined = await job.status().catch(() => undefined);
    if (status) {
      const line = `step ${status.step} · ${status.state} · $${status.costUsd.toFixed(6)}${status.lastAction ? ` · ${status.lastAction}` : ''}`;
      if (line !== last) say(line);
      last = line;
      if (status.ending) break;
      if (status.state === 'waiting_approval') {
        for (const call of status.pendingApprovals)
          say(`  waiting for approval: ${call.id} ${call.tool} ${JSON.stringify(call.arguments)}`);
        if (autoApproveMs === false) {
          say(`  approve with: TEMPORAL_ADDRESS=${address} llm-cascade agent approve ${job.workflowId}`);
          say('  (or deny; or signal `approve` from the Web UI) — the job waits durably until then');
          await waitUntil(job, (s) => s.state !== 'waiting_approval');
        } else {
          await sleep(autoApproveMs);
          say('  the demo approves it (a person would: `llm-cascade agent approve <id>`, or the `approve` signal)');
          await job.approve(undefined, 'approved by the demo');
        }
      }
    }
    await sleep(300);
  }
  return job.result();
}

async function waitUntil(job: AgentHandle, ok: (status: AgentStatus) => boolean): Promise<void> {
  for (;;) {
    const status = await job.status().catch(() => undefined);
    if (status && ok(status)) return;
    await sleep(500);
  }
}

function report(result: AgentResult, say: (line?: string) => void): void {
  say();
  say(
    `ended: ${result.ending} after ${plural(result.steps, 'step')} · ${plural(result.totals.attempts, 'attempt')} · $${result.totals.costUsd.toFixed(6)}`,
  );
  const answer = result.answer as { asOf: string; vendors: ReturnType<typeof owedByVendor> } | undefined;
  if (answer?.vendors) {
    say(`\nOverdue on ${answer.asOf}:`);
    for (const vendor of answer.vendors) {
      const owed = vendor.owed.map((o) => `${o.amount.toFixed(2)} ${o.currency}`).join(' + ');
      say(`  ${vendor.vendor.padEnd(36)} ${owed.padStart(16)}  (${vendor.invoices.join(', ')})`);
    }
    const expected = new Set(owedByVendor().map((v) => v.vendor));
    const right = answer.vendors.filter((v) => expected.has(v.vendor)).length;
    say(
      `  ${right} of ${expected.size} overdue vendors in the labelled answer found, ${answer.vendors.length - right} others`,
    );
  } else if (result.reason) {
    say(`reason: ${result.reason}`);
  }
  say(`findings recorded: ${findings.length} · payments scheduled after approval: ${payments.made.length}`);
}
