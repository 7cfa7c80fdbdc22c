/** `llm-cascade codec-server`: its flags and help; what it does (decrypts payloads for the Web UI): cli/actions/codec-server.ts. */
import type { Command } from 'commander';
import type { CodecServerFlags } from '../actions/codec-server';
import { DEFAULT_UI_ORIGINS } from '../options';

export function registerCodecServer(program: Command): void {
  program
    .command('codec-server')
    .description(
      "decrypt payloads for the Temporal Web UI with the config's encryption keys (Temporal's codec protocol)",
    )
    .requiredOption('-c, --config <file>', 'config file with an `encryption` section')
    .option('--port <port>', 'port to listen on', Number, 8888)
    .option('--host <address>', 'address to bind (loopback unless you put it behind TLS and auth)', '127.0.0.1')
    .option(
      '--ui-origin <origin...>',
      `origins of the Web UI allowed to call from a browser (default ${DEFAULT_UI_ORIGINS.join(' ')})`,
    )
    .option('--token-env <name>', 'environment variable holding a token every request must carry')
    .option('--namespace <ns...>', 'serve only these namespaces (the UI sends X-Namespace)')
    .action(async (flags: CodecServerFlags) => (await import('../actions/codec-server')).codecServerAction(flags));
}
