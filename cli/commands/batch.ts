/** `llm-cascade batch`: its flags and help; what it does (progress bar, final cost report): cli/actions/batch.ts. */
import type { Command } from 'commander';
import type { BatchFlags } from '../actions/batch';
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
  WAIT_FOR_WORKER_FLAG,
  WAIT_FOR_WORKER_HELP,
  addressHelp,
  collectCheck,
  parseDuration,
  parseMaxWait,
  parseUsd,
  positiveInteger,
} from '../options';

export function registerBatch(program: Command): void {
  program
    .command('batch')
    .description(
      'extract typed JSON from every item of a JSONL file, JSON array or directory; rerun with the same batch id to resume',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 every item ok; 1 the batch ran to its end but items failed or stayed retryable ' +
        '(providers down: rerun with the same batch id); 2 bad input, nothing started; 3 stopped early ' +
        '(cancelled or out of budget): rerun to finish the undone items.',
    )
    .option('-c, --config <file>', 'config file: catalog (providers, models, routes) and temporal settings')
    .requiredOption('-t, --task <task>', 'task type: a route of the catalog')
    .requiredOption('-s, --schema <file.json>', 'JSON Schema every answer must validate against')
    .requiredOption(
      '-i, --input <file|dir>',
      '.jsonl (one item per line), .json (an array) or a directory of text files',
    )
    .requiredOption(
      '-o, --out <file.jsonl>',
      'results: one JSON line per item that succeeded, in a file, an S3 object (s3://bucket/key.jsonl) or a PostgreSQL table (postgres://user@host/db#table)',
    )
    .option(
      '--errors <file.jsonl>',
      'failures: one JSON line per item, with the reason and the ledger (default: <out>.errors.jsonl, <table>_errors)',
    )
    .option('--instructions <text|@file>', 'system instructions placed before each item')
    .option('--check <spec>', CHECK_FLAG_HELP, collectCheck)
    .option('--checks <file.json>', CHECKS_FILE_HELP)
    .option('--concurrency <n>', 'items in flight at once (default 16)', positiveInteger('--concurrency'))
    .option('--max-cost-usd <usd>', 'budget of the whole batch in USD: no item starts once it is spent', parseUsd)
    .option(
      '--max-wait <seconds>',
      `longest an item ${MAX_WAIT_HELP} before it is reported retryable (default 900)`,
      parseMaxWait,
    )
    .option('--retry-failed', 'also run again items whose earlier run ended in a failure line (a rerun skips them)')
    .option(
      '--provider-batch',
      "send the route's first tier as provider batches (the provider's Batch API: batch price, answers within 24 h)",
    )
    .option(
      '--item-workflows',
      'run each item as a child workflow of its own (a page per item in the Temporal UI; slower) instead of inline',
    )
    .option('--batch-id <id>', 'names the batch; the same id resumes it (default: derived from task, input and output)')
    .option('--start-tier <tier>', 'start every item at this tier instead of the route rules')
    .option('--address <host:port>', addressHelp('an embedded dev server'))
    .option(
      '--timeout <duration>',
      `how long the workflow may take in all before Temporal ends it, e.g. "2h" (default ${'7 days'})`,
      parseDuration('--timeout'),
    )
    .option(WAIT_FOR_WORKER_FLAG, WAIT_FOR_WORKER_HELP, parseDuration('--wait-for-worker'))
    .option('--namespace <ns>', 'Temporal namespace')
    .option(UI_URL_FLAG, UI_URL_HELP)
    .option(API_KEY_FLAG, API_KEY_HELP)
    .option(PROFILE_FLAG, PROFILE_HELP)
    .option('--with-worker', 'also run a worker in this process (implied with an embedded server)')
    .option('--json', 'print the report as one JSON object, no progress bar')
    .option(
      '--log-file <file>',
      "the in-process worker's JSON-line log, per-attempt records included (default: warnings only, on stderr)",
    )
    .action(async (flags: BatchFlags) => (await import('../actions/batch')).batchAction(flags));
}
