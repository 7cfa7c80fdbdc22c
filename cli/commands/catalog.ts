/** `llm-cascade catalog`: inspect a config's routes and prices; import LiteLLM's price map. What each does: cli/actions/catalog.ts. */
import type { Command } from 'commander';
import type { ImportFlags } from '../actions/catalog';

export function registerCatalog(program: Command): void {
  const catalog = program.command('catalog').description('inspect or import model catalogs');

  catalog
    .command('show')
    .description("validate a config and print its routes with each candidate's price in force today")
    .option('-c, --config <file>', 'config file (default: the built-in catalog)')
    .option('--json', 'print one JSON object: routes with prices in force today, providers with their key variable')
    .action(async (flags: { config?: string; json?: boolean }) =>
      (await import('../actions/catalog')).showAction(flags),
    );

  catalog
    .command('import-litellm <map.json>')
    .description("convert LiteLLM's model_prices_and_context_window.json into catalog models")
    .requiredOption(
      '--effective-from <date>',
      'date (YYYY-MM-DD) from which the imported prices apply, e.g. the snapshot date',
    )
    .option('--into <catalog.json>', "merge into this catalog file (prices are added to each model's history)")
    .option('--out <file>', 'write the result here (default: stdout)')
    .option(
      '--provider <litellm=ours...>',
      'map a litellm_provider to one of our provider ids (repeatable)',
      collect,
      [],
    )
    .action(async (mapPath: string, flags: ImportFlags) =>
      (await import('../actions/catalog')).importAction(mapPath, flags),
    );
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
