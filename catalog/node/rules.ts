/**
 * Catalog checks that a schema of shapes cannot express (cross-references, uniqueness, regexes), each a
 * `path: what to fix` problem (problems.ts). Used by `parseCatalog`.
 */
import type { z } from 'zod';
import { ConfigErrorCode } from '../errors';
import { missingTags } from '../tags';
import { patternProblem } from '../safe-pattern';
import { providerBatchProblem } from '../batch-capability';
import type { catalogFileSchema } from './file-schema';
import { catalogPath, type CatalogProblem } from './problems';

type ParsedCatalogFile = z.output<typeof catalogFileSchema>;

function checkModels(file: ParsedCatalogFile, problems: CatalogProblem[]): void {
  const declared = Object.keys(file.providers);
  for (const [ref, model] of Object.entries(file.models)) {
    const at = (...rest: PropertyKey[]) => catalogPath(['models', ref, ...rest]);
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
    const at = (...rest: PropertyKey[]) => catalogPath(['routes', task, ...rest]);
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
      path: catalogPath(['routes', task, 'require']),
      message:
        `no candidate of this route carries ${Object.entries(route.require)
          .map(([key, value]) => `${key}=${String(value)}`)
          .join(', ')}: ` +
        'tag a provider or model (providers.<id>.tags, models.<ref>.tags) or change the requirement',
    });
  }
}
