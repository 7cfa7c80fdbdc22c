/**
 * What is wrong with a catalog document, as `path: what to fix` problems: the translation of the file schema's zod
 * issues (a missing price is `MissingPrice`, an unknown key names itself), and the unknown models a document
 * names when its shape is already wrong. The cross-reference rules are rules.ts.
 */
import type { z } from 'zod';
import { ConfigErrorCode } from '../errors';
import { formatPath } from './issues';

/** One thing to fix in a catalog document. */
export interface CatalogProblem {
  code: ConfigErrorCode;
  /** Where, e.g. `models["deepseek/deepseek-chat"].prices[0].source`. */
  path: string;
  message: string;
}

const RECORD_SECTIONS = new Set(['providers', 'models', 'routes']);
const PRICE_NUMBERS = new Set(['inputUsdPerMTok', 'outputUsdPerMTok']);

/** A path in a catalog document, written as one would index it; user-chosen record keys always in brackets. */
export function catalogPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(catalog root)';
  return formatPath(path, { recordKey: isRecordKey });
}

function isRecordKey(previous: PropertyKey | undefined, index: number): boolean {
  return (
    (index === 1 && RECORD_SECTIONS.has(String(previous))) ||
    previous === 'defaultHeaders' ||
    previous === 'tags' ||
    previous === 'require'
  );
}

/** A missing or empty price list, or a price without its input/output number, is a MissingPrice. */
function isMissingPrice(path: readonly PropertyKey[], missing: boolean): boolean {
  if (path[0] !== 'models' || path[2] !== 'prices') return false;
  if (path.length === 3) return true;
  return path.length === 5 && PRICE_NUMBERS.has(String(path[4])) && missing;
}

/** Translates one zod issue (parsed with `reportInput: true`). Unknown keys get their own path. */
export function zodIssueToProblem(issue: z.core.$ZodIssue): CatalogProblem {
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  let path: PropertyKey[] = [...issue.path];
  let message = issue.message.replace(/^Invalid input: /, '');
  if (missing) message = 'required';
  if (issue.code === 'unrecognized_keys') {
    path = issue.keys.length === 1 ? [...path, issue.keys[0]!] : path;
    message =
      issue.keys.length === 1
        ? 'unknown key (check the spelling)'
        : `unknown keys ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} (check the spelling)`;
  }
  const code = isMissingPrice(path, missing) ? ConfigErrorCode.MissingPrice : ConfigErrorCode.InvalidCatalog;
  return { code, path: catalogPath(path), message };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Route candidates that name no model, read from the raw document: run when the schema check fails (the
 * cross-reference rules need a parsed file), so one run lists an unknown model beside the shape errors.
 */
export function unknownCandidates(json: unknown): CatalogProblem[] {
  const root = asRecord(json);
  const models = asRecord(root?.models) ?? {};
  const problems: CatalogProblem[] = [];
  for (const [task, route] of Object.entries(asRecord(root?.routes) ?? {})) {
    const tiers = asRecord(route)?.tiers;
    if (!Array.isArray(tiers)) continue;
    tiers.forEach((tier: unknown, tierIndex) => {
      const candidates = asRecord(tier)?.candidates;
      if (!Array.isArray(candidates)) return;
      candidates.forEach((ref: unknown, index) => {
        if (typeof ref === 'string' && !(ref in models)) {
          problems.push({
            code: ConfigErrorCode.UnknownModel,
            path: catalogPath(['routes', task, 'tiers', tierIndex, 'candidates', index]),
            message: `"${ref}" is not declared under models`,
          });
        }
      });
    });
  }
  return problems;
}
