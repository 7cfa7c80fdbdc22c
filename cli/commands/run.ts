/** `llm-cascade run`: one cascade from the command line. Its flags and help; what it does: cli/actions/run.ts. */
import type { Command } from 'commander';
import type { RunFlags } from '../actions/run';
import {
  API_KEY_FLAG,
  API_KEY_HELP,
  CHECK_FLAG_HELP,
  CHECKS_FILE_HELP,
  MAX_WAIT_HELP,
  PROFILE_FLAG,
  PROFILE_HELP,
  UI_URL_FLAG,
  UI_URL_HELP,
  addressHelp,
  collectCheck,
  collectRequirement,
  parseDuration,
  parseMaxWait,
  parseMilliseconds,
  parseUsd,
} from '../options';

const EXIT_CODES_HELP =
  '\nExit codes: 0 the cascade found a valid answer; 1 it failed (the ledger says why, candidate by candidate); ' +
  '2 bad input, nothing started (flags, config, schema, input, missing API keys, no worker).';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run one cascade: cheapest adequate model first, escalating only when the answer fails')
    .option('-c, --config <file>', 'config file: catalog (providers, models, routes) and temporal settings')
    .requiredOption('-t, --task <task>', 'task type: a route of the catalog')
    .requiredOption('-s, --schema <file.json>', 'JSON Schema the answer must validate against')
    .requiredOption('-i, --input <text|@file>', 'the input text, or @path to read it from a file')
    .option(
      '--media <file|url>',
      'an image (PNG, JPEG, WebP, GIF) or PDF sent with the input, or an https image URL; repeatable. Only models that read it are called',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--instructions <text|@file>', 'system instructions placed before the input')
    .option('--check <spec>', CHECK_FLAG_HELP, collectCheck)
    .option('--checks <file.json>', CHECKS_FILE_HELP)
    .option('--max-cost-usd <usd>', 'budget of this request in USD', parseUsd)
    .option(
      '--max-wait <seconds>',
      `longest the request ${MAX_WAIT_HELP} before it fails as unavailable (default 900); each wait is said on stderr`,
      parseMaxWait,
    )
    .option('--start-tier <tier>', 'start at this tier instead of the route rules')
    .option('--session <id>', 'session id recorded with the request')
    .option(
      '--require <key=value>',
      'only candidates tagged so may be called, e.g. region=eu (repeatable; catalog providers/models tags)',
      collectRequirement,
    )
    .option(
      '--latency-goal-ms <ms>',
      'candidates whose measured p95 on the worker is above this are tried last in their tier',
      parseMilliseconds,
    )
    .option('--strict-latency', 'with --latency-goal-ms: never call such candidates')
    .option('--explain', 'print the route this config plans for the request (order, ruled out, warnings); run nothing')
    .option('--address <host:port>', addressHelp('an embedded dev server'))
    .option(
      '--timeout <duration>',
      `how long the workflow may take in all before Temporal ends it, e.g. "2h" (default ${'1 day'})`,
      parseDuration('--timeout'),
    )
    .option('--namespace <ns>', 'Temporal namespace')
    .option(UI_URL_FLAG, UI_URL_HELP)
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option('--with-worker', 'also run a worker in this process (implied with an embedded server)')
    .option('--json', 'print one JSON object instead of tables')
    .option('-v, --verbose', "also log the in-process worker's info lines (one per attempt) on stderr")
    .option(
      '--log-file <file>',
      "the in-process worker's JSON-line log, per-attempt records included (default: warnings only, on stderr)",
    )
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: RunFlags) => (await import('../actions/run')).runAction(flags));
}
