/**
 * `npm run demo -- --pipeline`: the support-triage pipeline example on the simulated providers, with an embedded Temporal dev server and its Web UI: each sample email runs as one workflow whose
 * steps (classify → extract → draft → summary) share a job budget; the table shows each step and the job total.
 */
import { Client } from '@temporalio/client';
import { openConnection } from '../../connect/client';
import { openNativeConnection } from '../../connect/native';
import { microToUsd } from '../../catalog/pricing';
import { DEMO_TASK, SIMULATED_BANNER, startSimulatedProviders } from '../../demo/simulated-catalog';
import { startDevServer } from '../../server/dev-server';
import { installRuntime } from '../../worker/runtime';
import { TASK_QUEUE } from '../../workflows/definitions';
import { pipelineCatalog } from './catalog';
import { SAMPLE_EMAILS } from './emails';
import type { SupportTriageResult, supportTriageWorkflow } from './pipeline';
import { createPipelineWorker } from './worker';

/** Options of {@link runPipelineDemo}. */
export interface PipelineDemoOptions {
  /** Return once the results are printed instead of keeping the server up until Ctrl-C. @default false */
  exit?: boolean;
  /** Seed of the simulated providers. @default 7 */
  seed?: number;
  /** Budget of each email's job, USD. @default 0.05 */
  maxCostUsd?: number;
  /** Web UI port. @default a free one */
  uiPort?: number;
  write?: (text: string) => void;
}

export interface PipelineDemoResult {
  runs: { workflowId: string; url?: string; result: SupportTriageResult }[];
  uiUrl?: string;
}

export async function runPipelineDemo(options: PipelineDemoOptions = {}): Promise<PipelineDemoResult> {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const say = (line = '') => write(`${line}\n`);
  say('llm-cascade pipeline demo: support-email triage as one workflow of cascade() steps under one job budget');
  say(`\n*** ${SIMULATED_BANNER} ***\n`);
  // Worker logs (one JSON line per attempt) would drown the table: only warnings reach the terminal.
  installRuntime({ logLevel: 'WARN' });
  const sim = await startSimulatedProviders({ seed: options.seed });
  const server = await startDevServer({ uiPort: options.uiPort }).catch(async (error: unknown) => {
    await sim.close();
    throw error;
  });
  // Its own dev server: plaintext on loopback, whatever profile the environment names.
  const local = { address: server.address, namespace: server.namespace, origin: 'the demo dev server' };
  const connection = await openConnection(local);
  const nativeConnection = await openNativeConnection(local);
  try {
    say(`Temporal ${server.address} · Web UI ${server.uiUrl ?? '(headless)'}`);
    // The worker's catalog decides every step's route: the simulated catalog plus the pipeline's routes.
    const worker = await createPipelineWorker({
      connection: nativeConnection,
      namespace: server.namespace,
      catalog: pipelineCatalog(sim.catalog, DEMO_TASK),
    });
    const running = worker.run();
    const client = new Client({ connection, namespace: server.namespace });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const runs: PipelineDemoResult['runs'] = [];
    try {
      const settled = await Promise.allSettled(
        SAMPLE_EMAILS.map(async (email, index) => {
          const workflowId = `support-triage-${stamp}-${index + 1}`;
          const url = server.uiUrl
            ? `${server.uiUrl}/namespaces/${encodeURIComponent(server.namespace)}/workflows/${encodeURIComponent(workflowId)}`
            : undefined;
          const result = await client.workflow.execute<typeof supportTriageWorkflow>('supportTriageWorkflow', {
            taskQueue: TASK_QUEUE,
            workflowId,
            args: [{ email, maxCostUsd: options.maxCostUsd ?? 0.05 }],
            staticSummary: `support triage: ${email.slice(0, 60)}…`,
          });
          return { workflowId, url, result };
        }),
      );
      for (const [index, outcome] of settled.entries()) {
        if (outcome.status === 'rejected') {
          say(`\nemail ${index + 1} failed: ${String((outcome.reason as Error)?.cause ?? outcome.reason)}`);
          continue;
        }
        const run = outcome.value;
        runs.push(run);
        say(`\n${run.workflowId}: ${run.result.kind} (urgency ${run.result.urgency})`);
        say(`  reply: ${run.result.reply.subject}`);
        for (const step of run.result.steps) {
          say(
            `  ${step.step.padEnd(16)} ${step.finalModel.padEnd(36)} ${step.attempts} attempt(s)  ${usd(step.costMicroUsd)}`,
          );
        }
        say(`  ${'job total'.padEnd(16)} ${''.padEnd(36)}               ${usd(run.result.totalCostMicroUsd)}`);
        if (run.url) say(`  UI: ${run.url}`);
      }
      if (!options.exit) {
        say(
          '\nThe Temporal server and its Web UI stay up for inspection (each step is on the workflow page). Ctrl-C stops.',
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
      }
    } finally {
      worker.shutdown();
      await running.catch(() => undefined);
    }
    return { runs, uiUrl: server.uiUrl };
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
    await sim.close();
  }
}

function usd(micro: number): string {
  return `$${microToUsd(micro).toFixed(6)}`;
}
