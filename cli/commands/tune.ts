/** `llm-cascade tune`: its flags and help; what it does (proposes, and with --apply writes, route changes): cli/actions/tune.ts. */
import { Option, type Command } from 'commander';
import type { TuneFlags } from '../actions/tune';
import {
  API_KEY_FLAG,
  API_KEY_HELP,
  CHECK_FLAG_HELP,
  CHECKS_FILE_HELP,
  PROFILE_FLAG,
  PROFILE_HELP,
  addressHelp,
  collectCheck,
  positiveInteger,
} from '../options';
import { SOURCE_CHOICES, SOURCE_HELP } from '../report/choose-source';

export function registerTune(program: Command): void {
  program
    .command('tune')
    .description(
      'per task, the start tier and candidate order the recorded ledgers support (lowest expected cost per valid result); --apply writes them into the config',
    )
    .option('--since <when>', 'start of the window: 90m, 24h, 7d, 2w, an ISO date, or "all"', '7d')
    .option('--task <task>', 'only this task')
    .addOption(new Option('--source <source>', SOURCE_HELP).choices(SOURCE_CHOICES))
    .option('--query <visibility query>', 'ANDed with the rest, e.g. \'TaskQueue = "invoices"\'')
    .option('--apply', 'write the changes into the config file (with a dated note in the route)', false)
    .option('--json', 'print the proposals and the data behind them as JSON', false)
    .option(
      '--min-samples <n>',
      'fewest requests per tier (first attempts per candidate) to trust',
      positiveInteger('--min-samples'),
      20,
    )
    .option(
      '--limit <n>',
      '--source temporal: read at most this many workflows (one history fetch each); the store has no cap',
      positiveInteger('--limit'),
      5000,
    )
    .option(
      '-c, --config <file>',
      'config file: its routes are tuned (and written with --apply); its temporal section names the cluster',
    )
    .option('--address <host:port>', addressHelp('localhost:7233'))
    .option('--namespace <ns>', 'namespace (default: the config, TEMPORAL_NAMESPACE or the profile, or default)')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option(
      '--labels <file>',
      'tune from labelled items instead of the recorded ledgers: each tier measured on them (as `eval` does), start tier and gates chosen by cost per correct result',
    )
    .option('-i, --input <file>', 'with --labels: the texts, when the labels file holds only ids and expected values')
    .option('-s, --schema <file.json>', 'with --labels: the JSON Schema every answer must validate against')
    .option('--instructions <text|@file>', 'with --labels: system instructions placed before each item')
    .option('--check <spec>', CHECK_FLAG_HELP, collectCheck)
    .option('--checks <file.json>', CHECKS_FILE_HELP)
    .option('--simulated', "with --labels: answer with the demo's simulated providers (no keys, nothing spent)")
    .action(async (flags: TuneFlags & { labels?: string; input?: string; schema?: string; simulated?: boolean }) =>
      (await import('../actions/tune')).tuneAction(flags),
    );
}
