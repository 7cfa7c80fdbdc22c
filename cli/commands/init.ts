/** `llm-cascade init`: its flags and help; what it does (a first config that needs no provider key): cli/actions/init.ts. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { InitFlags } from '../actions/init';

function tokens(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return parsed;
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description(
      'write a config that needs no provider key: the simulated catalog, or a local OpenAI-compatible server ' +
        '(--base-url and --model: Ollama, vLLM, llama.cpp)',
    )
    .option('-o, --out <file>', 'the config file to write', 'llm-cascade.json')
    .option('--base-url <url>', 'a local OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1 (Ollama)')
    .option('--model <name>', "the server's model name, e.g. llama3.2 (with --base-url)")
    .option('--api-key-env <NAME>', 'the variable holding the server’s key, if it wants one (with --base-url)')
    .addOption(
      new Option('--structured-output <mode>', 'what the server honours (with --base-url)')
        .choices(['json_schema', 'json_object', 'none'])
        .default('json_schema'),
    )
    .option('--context-window <tokens>', "the model's context window (with --base-url)", tokens, 8192)
    .option('--max-output-tokens <tokens>', 'the most tokens an answer may take (with --base-url)', tokens, 2048)
    .option('--force', 'overwrite the file if it exists')
    .action(async (flags: InitFlags) => (await import('../actions/init')).initAction(flags));
}
