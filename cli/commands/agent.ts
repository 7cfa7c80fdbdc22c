/** `llm-cascade agent`: start, steer and watch agent jobs. Flags and help; what each does: cli/actions/agent.ts. */
import type { Command } from 'commander';
import type { StartFlags } from '../actions/agent';
import { API_KEY_FLAG, API_KEY_HELP, PROFILE_FLAG, PROFILE_HELP, UI_URL_FLAG, UI_URL_HELP, parseUsd } from '../options';

const connectOptions = (command: Command) =>
  command
    .option('-c, --config <file>', 'config file: catalog, `agents` and `tools` module, temporal settings')
    .option(
      '--address <host:port>',
      "Temporal frontend (default: the config's temporal.address, TEMPORAL_ADDRESS or the profile's)",
    )
    .option('--namespace <ns>', 'Temporal namespace')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP);

export function registerAgent(program: Command): void {
  const agent = program
    .command('agent')
    .description('long-running agent jobs: LLM steps as cascades, tools as activities, people in the loop');

  connectOptions(agent.command('start'))
    .description('start an agent job from the config file and print its workflow id')
    .requiredOption('-a, --agent <name>', 'an agent of the config file (`agents.<name>`)')
    .requiredOption('-g, --goal <text|@file>', 'what the agent should do')
    .option('--max-cost-usd <usd>', 'hard cap on the job spend in USD (overrides the agent limit)', parseUsd)
    .option('--id <workflowId>', 'workflow id (default agent-<name>-<uuid>)')
    .option(UI_URL_FLAG, UI_URL_HELP)
    .option('--follow', 'watch the job until it ends')
    .option('--with-worker', 'also run a worker (with the config tools) in this process')
    .action(async (flags: StartFlags) => (await import('../actions/agent')).startAction(flags));

  connectOptions(agent.command('status').argument('<workflowId>'))
    .description("a job's state, step, cost, pending approvals or question")
    .option('--json', 'print the status as JSON')
    .action(async (...args: unknown[]) =>
      (await import('../actions/agent')).statusAction(...(args as [string, ...unknown[]])),
    );

  connectOptions(agent.command('send').argument('<workflowId>').argument('<message>'))
    .description("add a person's message (answers a question the agent asked)")
    .action(async (...args: unknown[]) =>
      (await import('../actions/agent')).sendAction(...(args as [string, ...unknown[]])),
    );

  for (const decision of ['approve', 'deny'] as const) {
    connectOptions(agent.command(decision).argument('<workflowId>'))
      .description(`${decision} the pending tool call (--call) or every pending call`)
      .option('--call <id>', 'the call id shown by `agent status`')
      .option('--note <text>', 'a note the agent reads with the decision')
      .action(async (...args: unknown[]) =>
        (await import('../actions/agent')).decideAction(decision)(...(args as [string, ...unknown[]])),
      );
  }

  for (const [name, description] of [
    ['pause', 'pause the job before its next step'],
    ['resume', 'resume a paused job'],
    ['cancel', 'end the job (status cancelled) at its next step or wait'],
  ] as const) {
    connectOptions(agent.command(name).argument('<workflowId>'))
      .description(description)
      .action(async (...args: unknown[]) =>
        (await import('../actions/agent')).controlAction(name)(...(args as [string, ...unknown[]])),
      );
  }

  connectOptions(agent.command('watch').argument('<workflowId>'))
    .description('a live view of steps, tool calls, waits and cost until the job ends')
    .action(async (...args: unknown[]) =>
      (await import('../actions/agent')).watchAction(...(args as [string, ...unknown[]])),
    );
}
