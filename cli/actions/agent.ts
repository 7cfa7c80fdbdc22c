/** `llm-cascade agent`, what its subcommands do (their flags and help: cli/commands/agent.ts). */
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { agentFromConfig, getAgentHandle, prepareAgent, startAgent, type AgentHandle } from '../../client/agent-client';
import { EncryptionKeyMismatchError } from '../../client/unreadable';
import type { AgentResult, AgentStatus } from '../../workflows/agent/definitions';
import { loadConfig } from '../config';
import { ledgerTable } from '../format';
import { readTextArgument } from '../input';
import { openClient } from '../client';
import { openTemporal } from '../temporal';
import { plural } from '../../catalog/plural';
import { sessionUiBase, workflowLink } from '../ui-link';

export interface ConnectFlags {
  config?: string;
  address?: string;
  namespace?: string;
  apiKey?: string;
  profile?: string;
}
export interface StartFlags extends ConnectFlags {
  agent: string;
  goal: string;
  maxCostUsd?: number;
  follow?: boolean;
  withWorker?: boolean;
  id?: string;
  uiUrl?: string;
}

export async function startAction(flags: StartFlags): Promise<void> {
  const config = loadConfig(flags.config);
  const raw = config.agents?.[flags.agent];
  if (raw === undefined) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message: `no agent "${flags.agent}" in ${config.origin} (agents: ${Object.keys(config.agents ?? {}).join(', ') || 'none'})`,
    });
  }
  const request = {
    agent: agentFromConfig(flags.agent, raw),
    goal: readTextArgument(flags.goal, '--goal'),
    maxCostUsd: flags.maxCostUsd,
  };
  prepareAgent(request);
  const temporal = await openTemporal(config, { ...flags, log: (m) => process.stderr.write(`${m}\n`) });
  try {
    const handle = await startAgent(temporal.client, request, {
      // Every step must be planned with this config's catalog: a worker with another refuses it.
      catalog: config.catalog,
      taskQueue: temporal.taskQueue,
      workflowId: flags.id,
    });
    await reported(handle.workflowId, async () => {
      await firstTask(handle);
      process.stdout.write(`${handle.workflowId}\n`);
      const ui = sessionUiBase({ flag: flags.uiUrl, config: config.temporal.uiUrl }, temporal);
      if (ui) process.stderr.write(`${workflowLink(ui, temporal.namespace, handle.workflowId)}\n`);
      if (flags.follow || temporal.server) await watch(handle);
    });
  } finally {
    await temporal.close();
  }
}

/** `agent status <workflowId>`. */
export const statusAction = withHandle(async (handle, flags: { json?: boolean }) => {
  const status = await handle.status();
  process.stdout.write(flags.json ? `${JSON.stringify(status)}\n` : `${statusLines(status).join('\n')}\n`);
});

/** `agent send <workflowId> <message>`. */
export const sendAction = withHandle(async (handle, _flags, message: string) => {
  await handle.send(readTextArgument(message, 'message'));
  process.stdout.write('sent\n');
});

/** `agent approve|deny <workflowId>`. */
export function decideAction(decision: 'approve' | 'deny') {
  return withHandle(async (handle, flags: { call?: string; note?: string }) => {
    const pending = (await handle.status()).pendingApprovals;
    if (pending.length === 0 || (flags.call && !pending.some((call) => call.id === flags.call))) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `nothing to ${decision}: pending calls are ${pending.map((call) => call.id).join(', ') || 'none'}`,
      });
    }
    await handle[decision](flags.call, flags.note);
    process.stdout.write(`${decision === 'approve' ? 'approved' : 'denied'} ${flags.call ?? 'all pending calls'}\n`);
  });
}

/** `agent pause|resume|cancel <workflowId>`. */
export function controlAction(name: 'pause' | 'resume' | 'cancel') {
  return withHandle(async (handle) => {
    await handle[name]();
    process.stdout.write(`${name} sent\n`);
  });
}

/** `agent watch <workflowId>`. */
export const watchAction = withHandle((handle) => watch(handle));

/** Runs an action on a job's handle, over a client-only connection (no worker is started). */
function withHandle<F>(action: (handle: AgentHandle, flags: F & ConnectFlags, ...args: string[]) => Promise<void>) {
  return async (workflowId: string, ...rest: unknown[]) => {
    const command = rest[rest.length - 1] as Command;
    const flags = command.opts<F & ConnectFlags>();
    const args = rest.slice(0, -2).filter((value): value is string => typeof value === 'string');
    // A plain client with the config's keys: steering a job needs no worker polling right now (a job may wait for
    // days with none), and its messages, notes and answers are encrypted like everything else it sends and reads.
    const { client, close } = await openClient(loadConfig(flags.config), flags);
    try {
      await reported(workflowId, () => action(getAgentHandle(client, workflowId), flags, ...args));
    } finally {
      await close();
    }
  };
}

/** How long `agent start` waits for a worker to take the job's first task (where an unreadable job fails). */
const FIRST_TASK_WAIT_MS = 10_000;

/**
 * Waits until a worker has taken the job's first workflow task, up to {@link FIRST_TASK_WAIT_MS}: a job its worker
 * cannot start (other encryption keys, a tool it does not have) fails right there, and `start` says why.
 */
async function firstTask(handle: AgentHandle): Promise<void> {
  const deadline = Date.now() + FIRST_TASK_WAIT_MS;
  for (;;) {
    const { status, historyLength } = await handle.handle.describe();
    if (status.name !== 'RUNNING') {
      await handle.result();
      return;
    }
    // Started, task scheduled, started, completed: the job got past its first task.
    if (historyLength >= 4 || Date.now() >= deadline) return;
    await sleep(200);
  }
}

/**
 * Runs a command's action and reports a job that failed, or that this client cannot read, in one line (exit 1): the
 * worker's `EncryptionKeyMismatchError` names the keys on both sides, never "Workflow execution failed".
 */
async function reported(workflowId: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof EncryptionKeyMismatchError) {
      process.stderr.write(`llm-cascade: ${error.name}: ${error.message}\n`);
    } else if (error instanceof WorkflowFailedError) {
      // The innermost cause says why (an activity's failure wraps the tool's or the worker's message).
      let cause: Error = error;
      while (cause.cause instanceof Error) cause = cause.cause;
      process.stderr.write(`llm-cascade: agent job ${workflowId} failed: ${cause.message}\n`);
    } else throw error;
    process.exitCode = 1;
  }
}

export function statusLines(status: AgentStatus): string[] {
  const lines = [
    `${status.ending ? `ended: ${status.ending}` : status.state} · step ${status.step} · $${status.costUsd.toFixed(6)} · ` +
      `${plural(status.attempts, 'attempt')} · run ${status.run}${status.compressions ? ` · ${plural(status.compressions, 'compression')}` : ''}`,
  ];
  if (status.lastAction) lines.push(`last: ${status.lastAction}`);
  for (const call of status.pendingApprovals) {
    lines.push(`waiting for approval: ${call.id} ${call.tool}(${JSON.stringify(call.arguments)})`);
  }
  if (status.approvalDeadlineMs) lines.push(`default decision at ${new Date(status.approvalDeadlineMs).toISOString()}`);
  if (status.question) lines.push(`question: ${status.question}`);
  return lines;
}

/** Prints each change of the job's status until it ends, then its answer and ledger. */
async function watch(handle: AgentHandle): Promise<void> {
  let last = '';
  for (;;) {
    const status = await handle.status().catch(() => undefined);
    if (status) {
      const text = statusLines(status).join('\n');
      if (text !== last) process.stderr.write(`${text}\n`);
      last = text;
      if (status.ending) break;
    }
    const finished = await Promise.race([handle.result(), sleep(1_000).then(() => undefined)]);
    if (finished) return printResult(finished);
  }
  printResult(await handle.result());
}

function printResult(result: AgentResult): void {
  process.stdout.write(
    `${JSON.stringify({ ending: result.ending, answer: result.answer, reason: result.reason, steps: result.steps }, null, 2)}\n`,
  );
  process.stderr.write(
    `${ledgerTable(result.ledger)}\ntotal $${result.totals.costUsd.toFixed(6)} · workflow ${result.workflowId}\n`,
  );
  if (result.ending !== 'done') process.exitCode = 1;
}
