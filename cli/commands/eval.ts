/** `llm-cascade eval`: its flags and help; what it does (the gates measured against labels): cli/actions/eval.ts. */
import { Option, type Command } from 'commander';
import type { EvalFlags } from '../eval/command';
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

const list = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      "run labelled items through each tier candidate of a task, gates off and on: valid rate, field accuracy, cost per correct result, and each check's and gate's confusion table",
    )
    .requiredOption(
      '--labels <file>',
      'labelled items: {"id", "text", "expected": {…}} per line (a labelled batch input), or {"id", "expected"} lines with --input',
    )
    .option('-i, --input <file>', 'the texts of the labelled items, when --labels holds only ids and expected values')
    .option('-c, --config <file>', 'config file: catalog (providers, models, routes) and temporal settings')
    .option('-t, --task <task>', 'the route to evaluate (default with --simulated: the demo route, extract)')
    .option('-s, --schema <file.json>', "JSON Schema every answer must validate against (--simulated: the demo's)")
    .option('--instructions <text|@file>', 'system instructions placed before each item')
    .option('--check <spec>', CHECK_FLAG_HELP, collectCheck)
    .option('--checks <file.json>', CHECKS_FILE_HELP)
    .option('--tiers <names>', 'only these tiers, comma-separated', list)
    .option('--candidates <refs>', 'only these candidates (model refs), comma-separated', list)
    .addOption(
      new Option('--gates <setting>', 'run with gates off, on, or both').choices(['on', 'off', 'both']).default('both'),
    )
    .option('--verifier <ref>', "with gates on, judge every tier's answers with this model (as if the tier named it)")
    .option('--limit <n>', 'only the first n labelled items', positiveInteger('--limit'))
    .option('--concurrency <n>', 'items in flight at once', positiveInteger('--concurrency'), 8)
    .option('--simulated', "answer with the demo's simulated providers (no keys, nothing spent)")
    .option('--address <host:port>', addressHelp('an embedded dev server'))
    .option('--namespace <ns>', 'Temporal namespace')
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option('--json', 'print the report as one JSON object (money in integer micro-USD)')
    .option('--log-file <file>', "the in-process worker's JSON-line log (default: warnings only, on stderr)")
    .action(async (flags: EvalFlags) => (await import('../actions/eval')).evalAction(flags));
}
