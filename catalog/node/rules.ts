/**
 * Catalog checks that a schema of shapes cannot express (cross-references, uniqueness, regexes), and the
 * translation of zod issues into `path: what to fix` problems. Used by `parseCatalog`.
 */
import type { z } from 'zod';
import { ConfigErrorCode } from '../errors';
import { missingTags } from '../constraints';
import { patternProblem } from '../safe-pattern';
import { providerBatchProblem } from '../provider-batch';
import type { catalogFileSchema } from './file-schema';

type ParsedCatalogFile = z.output<typeof catalogFileSchema>;

/** One thing to fix in a catalog document. */
export interface CatalogProblem {
  code: ConfigErrorCode;
  /** Where, e.g. `models["deepseek/deepseek-chat"].prices[0].source`. */
  path: string;
  message: string;
}

const RECORD_SECTIONS = new Set(['providers', 'models', 'routes']);
const PRICE_NUMBERS = new Set(['inputUsdPerMTok', 'outputUsdPerMTok']);

/** Renders a path the way one would index it in JavaScript; user-chosen record keys always in brackets. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(catalog root)';
  let text = '';
  path.forEach((segment, index) => {
    const previous = path[index - 1];
    const isRecordKey =
      (index === 1 && RECORD_SECTIONS.has(String(previous))) ||
      previous === 'defaultHeaders' ||
      previous === 'tags' ||
      previous === 'require';
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (!isRecordKey && /^[A-Za-z_$][\w$]*$/.test(String(segment)))
      text += index === 0 ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  });
  return text;
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
  return { code, path: formatPath(path), message };
}

function checkModels(file: ParsedCatalogFile, problems: CatalogProblem[]): void {
  const declared = Object.keys(file.providers);
  for (const [ref, model] of Object.entries(file.models)) {
    const at = (...rest: PropertyKey[]) => formatPath(['models', ref, ...rest]);
    const slash = ref.indexOf('/');
    if (slash <= 0 || slash === ref.length - 1) {
      problems.push({
        code: ConfigErrorCode.InvalidCatalog,
        path: at(),
        message: 'a model ref is "<provider>/<model>", e.g. "deepseek/deepseek-chat"',
      });
    } else if (file.providers[ref.slice(0, slash)] === undefined) {
      problems.push({
        code: ConfigErrorCode.UnknownProvider,
        path: at(),
        message: `provider "${ref.slice(0, slash)}" is not declared under providers (declared: ${declared.join(', ') || 'none'})`,
      });
    }
    if (model.maxOutputTokens > model.contextWindow) {
      problems.push({
        code: ConfigErrorCode.InvalidCatalog,
        path: at('maxOutputTokens'),
        message: `${model.maxOutputTokens} exceeds contextWindow ${model.contextWindow}`,
      });
    }
    const seen = new Set<string>();
    model.prices.forEach((price, index) => {
      if (seen.has(price.effectiveFrom)) {
        problems.push({
          code: ConfigErrorCode.InvalidCatalog,
          path: at('prices', index, 'effectiveFrom'),
          message: `two prices start on ${price.effectiveFrom}: keep one per date`,
        });
      }
      seen.add(price.effectiveFrom);
    });
  }
}

function checkRoutes(file: ParsedCatalogFile, problems: CatalogProblem[]): void {
  for (const [task, route] of Object.entries(file.routes)) {
    const at = (...rest: PropertyKey[]) => formatPath(['routes', task, ...rest]);
    checkExperiments(route, at, problems);
    const tierNames = new Set<string>();
    const candidates = new Map<string, string>();
    route.tiers.forEach((tier, tierIndex) => {
      if (tierNames.has(tier.name)) {
        problems.push({
          code: ConfigErrorCode.InvalidCatalog,
          path: at('tiers', tierIndex, 'name'),
          message: `tier name "${tier.name}" is used twice in this route: tier names must be unique`,
        });
      }
      tierNames.add(tier.name);
      if (tier.mode === 'provider-batch') {
        const ref = tier.candidates[0];
        const provider = ref?.slice(0, ref.indexOf('/'));
        const first = ref && provider !== undefined ? { ref, provider } : undefined;
        const problem = providerBatchProblem(tier.name, first, Boolean(first && file.providers[first.provider]?.batch));
        if (problem)
          problems.push({
            code: ConfigErrorCode.InvalidCatalog,
            path: at('tiers', tierIndex, 'mode'),
            message: problem,
          });
      }
      tier.candidates.forEach((ref, index) => {
        const path = at('tiers', tierIndex, 'candidates', index);
        if (file.models[ref] === undefined) {
          problems.push({
            code: ConfigErrorCode.UnknownModel,
            path,
            message: `"${ref}" is not declared under models`,
          });
        }
        const first = candidates.get(ref);
        if (first !== undefined) {
          problems.push({
            code: ConfigErrorCode.InvalidCatalog,
            path,
            message: `"${ref}" is already a candidate at ${first}: list each model once per route`,
          });
        } else {
          candidates.set(ref, path);
        }
      });
    });
    if (route.startTier !== undefined && !tierNames.has(route.startTier))
      problems.push({
        code: ConfigErrorCode.InvalidCatalog,
        path: at('startTier'),
        message: `no tier named "${route.startTier}" in this route (tiers: ${[...tierNames].join(', ')})`,
      });
    if (route.classify !== undefined) {
      const refs = Array.isArray(route.classify.model) ? route.classify.model : [route.classify.model];
      refs.forEach((ref, index) => {
        if (file.models[ref] === undefined)
          problems.push({
            code: ConfigErrorCode.UnknownModel,
            path: Array.isArray(route.classify!.model) ? at('classify', 'model', index) : at('classify', 'model'),
            message: `"${ref}" is not declared under models`,
          });
      });
      route.classify.tiers?.forEach((tier, index) => {
        if (!tierNames.has(tier))
          problems.push({
            code: ConfigErrorCode.InvalidCatalog,
            path: at('classify', 'tiers', index),
            message: `no tier named "${tier}" in this route (tiers: ${[...tierNames].join(', ')})`,
          });
      });
    }
    route.startRules?.forEach((rule, index) => {
      if (!tierNames.has(rule.tier)) {
        problems.push({
          code: ConfigErrorCode.InvalidCatalog,
          path: at('startRules', index, 'tier'),
          message: `no tier named "${rule.tier}" in this route (tiers: ${[...tierNames].join(', ')})`,
        });
      }
      if (rule.inputMatches !== undefined) {
        const path = at('startRules', index, 'inputMatches');
        const problem = patternProblem(rule.inputMatches, 'this start rule');
        if (problem) problems.push({ code: ConfigErrorCode.InvalidCatalog, path, message: problem });
      }
    });
  }
}

/** Experiments name existing tiers and reorder a tier's own candidates; two never change the same thing. */
function checkExperiments(
  route: ParsedCatalogFile['routes'][string],
  at: (...rest: PropertyKey[]) => string,
  problems: CatalogProblem[],
): void {
  const problem = (path: string, message: string) =>
    problems.push({ code: ConfigErrorCode.InvalidCatalog, path, message });
  const tiers = new Map(route.tiers.map((tier) => [tier.name, tier]));
  const tierList = [...tiers.keys()].join(', ');
  const names = new Set<string>();
  const changedBy = new Map<string, string>();
  const claim = (what: string, path: string, name: string) => {
    const other = changedBy.get(what);
    if (other !== undefined)
      problem(path, `experiment "${other}" already changes ${what}: two experiments would fight over it`);
    else changedBy.set(what, name);
  };
  route.experiments?.forEach((experiment, index) => {
    const path = (...rest: PropertyKey[]) => at('experiments', index, ...rest);
    if (names.has(experiment.name))
      problem(path('name'), `experiment name "${experiment.name}" is used twice in this route`);
    names.add(experiment.name);
    const { startTier, candidates } = experiment.variant;
    if (startTier === undefined && (candidates === undefined || Object.keys(candidates).length === 0))
      problem(path('variant'), 'the variant changes nothing: give a startTier and/or candidates for a tier');
    if (startTier !== undefined) {
      if (!tiers.has(startTier))
        problem(path('variant', 'startTier'), `no tier named "${startTier}" in this route (tiers: ${tierList})`);
      claim('the start tier', path('variant', 'startTier'), experiment.name);
    }
    for (const [tierName, refs] of Object.entries(candidates ?? {})) {
      const tier = tiers.get(tierName);
      if (tier === undefined) {
        problem(
          path('variant', 'candidates', tierName),
          `no tier named "${tierName}" in this route (tiers: ${tierList})`,
        );
        continue;
      }
      refs.forEach((ref, refIndex) => {
        if (!tier.candidates.includes(ref))
          problem(
            path('variant', 'candidates', tierName, refIndex),
            `"${ref}" is not a candidate of tier "${tierName}" (candidates: ${tier.candidates.join(', ')}): a variant reorders or drops the tier's own candidates`,
          );
        if (refs.indexOf(ref) !== refIndex)
          problem(path('variant', 'candidates', tierName, refIndex), `"${ref}" is listed twice`);
      });
      claim(`the candidates of tier "${tierName}"`, path('variant', 'candidates', tierName), experiment.name);
    }
  });
}

/** Every cross-reference and uniqueness problem of a structurally valid catalog file, in document order. */
export function checkCatalogRules(file: ParsedCatalogFile): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  checkModels(file, problems);
  checkRoutes(file, problems);
  checkRequirements(file, problems);
  return problems;
}

/** A route's `require` that no candidate meets would refuse every request of its task: an error at load. */
function checkRequirements(file: ParsedCatalogFile, problems: CatalogProblem[]): void {
  for (const [task, route] of Object.entries(file.routes)) {
    if (!route.require || Object.keys(route.require).length === 0) continue;
    const tagsOf = (ref: string) => {
      const model = file.models[ref];
      return { ...file.providers[ref.slice(0, ref.indexOf('/'))]?.tags, ...model?.tags };
    };
    const refs = route.tiers.flatMap((tier) => tier.candidates);
    if (refs.some((ref) => missingTags(tagsOf(ref), route.require).length === 0)) continue;
    problems.push({
      code: ConfigErrorCode.InvalidCatalog,
      path: formatPath(['routes', task, 'require']),
      message:
        `no candidate of this route carries ${Object.entries(route.require)
          .map(([key, value]) => `${key}=${String(value)}`)
          .join(', ')}: ` +
        'tag a provider or model (providers.<id>.tags, models.<ref>.tags) or change the requirement',
    });
  }
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
            path: formatPath(['routes', task, 'tiers', tierIndex, 'candidates', index]),
            message: `"${ref}" is not declared under models`,
          });
        }
      });
    });
  }
  return problems;
}
