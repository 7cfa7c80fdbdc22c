/**
 * Loads a catalog at worker or client start: the shipped default, a JSON file, or an inline object.
 * Uses node:fs, so it stays out of workflow code (workflows receive a resolved `RoutePlan`).
 */
import { parseJsonc } from './jsonc';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
// Imported (not read from disk) so tsc copies the JSON next to the compiled loader in lib/catalog/.
import defaultCatalogJson from '../default-catalog.json';
import { CascadeConfigError, ConfigErrorCode } from '../errors';
import { parseCatalog } from './parse';
import { simulatedCatalogDocument } from './simulated';
import type { Catalog } from '../types';

const DEFAULT_ORIGIN = 'default catalog (catalog/default-catalog.json)';
const MERGED_SECTIONS = ['providers', 'models', 'routes', 'tierDefaults'] as const;

let cachedDefault: Catalog | undefined;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The catalog shipped with the package: real providers and dated public prices. Returns a fresh copy. */
export function defaultCatalog(): Catalog {
  cachedDefault ??= parseCatalog(defaultCatalogJson, DEFAULT_ORIGIN);
  return structuredClone(cachedDefault);
}

/**
 * The built-in catalog with every provider answered in-process by the simulated provider (see `simulated.ts`): what
 * `loadCatalog('simulated')` and `"extends": "simulated"` give. Returns a fresh copy.
 */
export function simulatedCatalog(): Catalog {
  return parseCatalog(simulatedDocument(), SIMULATED_ORIGIN);
}

const SIMULATED_ORIGIN = 'simulated catalog (the built-in catalog, answered by the simulated provider)';

function simulatedDocument(): Record<string, unknown> {
  return simulatedCatalogDocument(defaultCatalogJson as Record<string, unknown>);
}

/**
 * Lays `overlay` over `base` section by section: providers, models and routes by key (a key in the overlay
 * replaces the base entry whole), tierDefaults field by field. Works on raw documents, before validation,
 * so a file may route to models that only the base declares.
 */
export function mergeCatalogDocuments(
  base: Record<string, unknown>,
  overlay: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...overlay };
  delete merged.extends;
  for (const section of MERGED_SECTIONS) {
    const under = base[section];
    const over = overlay[section];
    if (over === undefined) {
      if (under !== undefined) merged[section] = under;
    } else if (isPlainObject(under) && isPlainObject(over)) {
      merged[section] = { ...under, ...over };
    }
    // Anything else (e.g. a section that is not an object) is left as written, for the schema to report.
  }
  return merged;
}

function readJsonFile(path: string): unknown {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'not found' : `could not be read (${code ?? (error as Error).message})`;
    throw new CascadeConfigError({
      code: ConfigErrorCode.FileNotFound,
      message: `catalog file ${absolute} ${problem}; pass the path of a catalog JSON file, or omit it for the default catalog`,
      cause: error,
    });
  }
  try {
    return parseJsonc(text);
  } catch (error) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidCatalog,
      message: `catalog file ${absolute} is not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
}

/**
 * Loads and validates a catalog.
 * @param source omitted: the default catalog; `'simulated'`: the simulated catalog ({@link simulatedCatalog}); another
 * string: the path of a JSON file; an object: an inline catalog.
 * @param originName names the source in error messages (e.g. the config file an inline catalog came from).
 * A document with `"extends": "default"` is laid over the default catalog, one with `"extends": "simulated"` over the
 * simulated one (see {@link mergeCatalogDocuments}).
 * @throws CascadeConfigError `FileNotFound`, or a validation code with every problem listed.
 */
export function loadCatalog(source?: string | object, originName?: string): Catalog {
  if (source === undefined) return defaultCatalog();
  if (source === 'simulated') return simulatedCatalog();
  const origin = originName ?? (typeof source === 'string' ? resolve(source) : 'inline catalog');
  const document = typeof source === 'string' ? readJsonFile(source) : source;
  if (isPlainObject(document) && document.extends === 'default') {
    const merged = mergeCatalogDocuments(defaultCatalogJson as Record<string, unknown>, document);
    return parseCatalog(merged, `${origin} (extends default)`);
  }
  if (isPlainObject(document) && document.extends === 'simulated') {
    return parseCatalog(mergeCatalogDocuments(simulatedDocument(), document), `${origin} (extends simulated)`);
  }
  return parseCatalog(document, origin);
}
