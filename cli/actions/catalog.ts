/** `llm-cascade catalog`, what its subcommands do (their flags and help: cli/commands/catalog.ts). */
import { writeFileSync } from 'node:fs';
import { importLiteLLM, mergeImported } from '../../catalog/node/litellm-import';
import { priceAt } from '../../catalog/pricing';
import { catalogFingerprint } from '../../catalog/node/fingerprint';
import type { CatalogFile } from '../../catalog/node/file-schema';
import type { Catalog } from '../../catalog/types';
import { loadConfig } from '../config';
import { checkLateSections } from '../config-sections';
import { fittedTable, terminalWidth, wrapText } from '../format';
import { readJsonFile } from '../input';
import { providerKey } from '../../catalog/node/keys';
import { analyseTask } from './lint';
import { plural } from '../../catalog/plural';
import { routeGateLines, routeGates } from '../route-gates';

export interface ImportFlags {
  effectiveFrom: string;
  into?: string;
  out?: string;
  provider: string[];
}

/** `catalog show`. */
export async function showAction(flags: { config?: string; json?: boolean }): Promise<void> {
  const config = loadConfig(flags.config);
  await checkLateSections(config);
  const { catalog: loaded, origin } = config;
  const today = new Date().toISOString().slice(0, 10);
  process.stdout.write(
    flags.json
      ? `${JSON.stringify(catalogSummary(loaded, origin, today), null, 2)}\n`
      : catalogShowText(loaded, origin, today, terminalWidth()),
  );
}

/** `catalog show` as text no wider than `width`: each route's candidates and prices, then the providers' keys. */
export function catalogShowText(loaded: Catalog, origin: string, today: string, width: number): string {
  const lines = [wrapText(`catalog: ${origin} (valid), fingerprint ${catalogFingerprint(loaded)}`, width)];
  for (const [task, route] of Object.entries(loaded.routes)) {
    const rows: string[][] = [];
    for (const tier of route.tiers) {
      for (const ref of tier.candidates) {
        const model = loaded.models[ref]!;
        const price = priceAt(model, today);
        const mode = model.structuredOutput ?? loaded.providers[model.provider]?.structuredOutput ?? '?';
        rows.push([
          tier.name,
          ref,
          mode,
          String(model.contextWindow),
          `${price.inputUsdPerMTok} / ${price.outputUsdPerMTok}`,
          price.effectiveFrom,
        ]);
      }
    }
    const head = ['tier', 'candidate', 'structured output', 'context', 'in/out $ per 1M', 'price since'];
    lines.push('', `route "${task}"`, fittedTable(head, rows, width, [1, 2, 4, 0]));
    lines.push(...routeGateLines(route).map((line) => wrapText(line, width)));
    // The prompt-cache check on the task's instructions alone (`llm-cascade lint --schema` counts a schema too).
    for (const warning of analyseTask(loaded, task).warnings)
      lines.push(wrapText(`warning (prompt cache): ${warning}; see \`llm-cascade lint\``, width));
  }
  // Which variable each provider's key is read from, and whether this shell has it (never the key itself).
  const keys = Object.values(loaded.providers).map((provider) => {
    const key = providerKey(loaded, provider.id);
    return [provider.id, provider.baseURL, key.env ?? '(none needed)', key.env ? (key.set ? 'yes' : 'NO') : '-'];
  });
  lines.push(
    '',
    'providers',
    fittedTable(['provider', 'base URL', 'API key variable', 'set here'], keys, width, [1, 2, 0]),
  );
  return `${lines.join('\n')}\n`;
}

/** `catalog import-litellm <map.json>`. */
export function importAction(mapPath: string, flags: ImportFlags): void {
  const providers = Object.fromEntries(flags.provider.map((pair) => pair.split('=', 2) as [string, string]));
  const imported = importLiteLLM(readJsonFile(mapPath, 'map.json'), {
    effectiveFrom: flags.effectiveFrom,
    providers,
  });
  const base: CatalogFile = flags.into
    ? (readJsonFile(flags.into, '--into') as CatalogFile)
    : { providers: {}, models: {}, routes: {} };
  const result = flags.into ? mergeImported(base, imported) : { models: imported.models };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  if (flags.out) writeFileSync(flags.out, text);
  else process.stdout.write(text);
  process.stderr.write(
    `imported ${plural(Object.keys(imported.models).length, 'model')}, skipped ${imported.skipped.length}\n`,
  );
}

/** `catalog show --json`: what the tables show, as data (key variables and whether they are set, never a key). */
function catalogSummary(catalog: Catalog, origin: string, today: string) {
  return {
    catalog: origin,
    fingerprint: catalogFingerprint(catalog),
    routes: Object.fromEntries(
      Object.entries(catalog.routes).map(([task, route]) => [
        task,
        route.tiers.flatMap((tier) =>
          tier.candidates.map((ref) => {
            const model = catalog.models[ref]!;
            const price = priceAt(model, today);
            return {
              tier: tier.name,
              candidate: ref,
              structuredOutput: model.structuredOutput ?? catalog.providers[model.provider]?.structuredOutput ?? null,
              contextWindow: model.contextWindow,
              inputUsdPerMTok: price.inputUsdPerMTok,
              outputUsdPerMTok: price.outputUsdPerMTok,
              priceSince: price.effectiveFrom,
            };
          }),
        ),
      ]),
    ),
    /** Per task: the checks every answer must pass and the tiers' verifier and agreement gates. */
    gates: Object.fromEntries(Object.entries(catalog.routes).map(([task, route]) => [task, routeGates(route)])),
    providers: Object.values(catalog.providers).map((provider) => {
      const key = providerKey(catalog, provider.id);
      return {
        provider: provider.id,
        baseURL: provider.baseURL,
        apiKeyEnv: key.env ?? null,
        keySet: key.env ? key.set : null,
      };
    }),
  };
}
