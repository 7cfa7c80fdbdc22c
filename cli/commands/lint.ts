/** `llm-cascade lint`: its flags and help; what it does (the prompt-cache check per task): cli/actions/lint.ts. */
import type { Command } from 'commander';
import type { LintFlags } from '../actions/lint';

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description(
      "prompt-cache check per task: the prompt's stable prefix as built for each candidate, its tokens, its cost " +
        'per 1,000 requests with and without caching, and whether it reaches the minimum the provider caches',
    )
    .option('-c, --config <file>', 'config file (default: the built-in catalog)')
    .option('-t, --task <task>', 'only this task')
    .option('-s, --schema <file.json>', "the task's JSON Schema (counted in the prefix; default: an empty object)")
    .option('--json', 'print JSON instead of tables')
    .action(async (flags: LintFlags) => (await import('../actions/lint')).lintAction(flags));
}
