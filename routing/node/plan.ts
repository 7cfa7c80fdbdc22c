/**
 * The worker's planning of a request against its own catalog: the one place a route is decided. Runs in the
 * `planCascade` local activity (its result is recorded in history, so replay never plans again) and, as a local
 * pre-check only, in a client that was given a catalog. Throws `CascadeConfigError` saying what to fix.
 */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import type { CheckSpec } from '../../catalog/checks';
import {
  composeMessages,
  checkRequestNumbers,
  type BatchPlan,
  type BatchPlanRequest,
  type PlanRequest,
  type RequestMessage,
  type RequestPlan,
} from '../request';
import { applyConstraints, checkRequestConstraints, mergeRequirements } from '../constraints';
import { tagsOf } from '../../catalog/tags';
import { assignExperiments } from '../experiments';
import type { MeasureOf } from '../ranking';
import { largestContextWindow, matchStartRules, resolveRoute } from '../route';
import { providerBatchProblem } from '../../catalog/batch-capability';
import type { Catalog } from '../../catalog/types';
import type { RoutePlan } from '../types';
import { classifyPlan } from './classify-plan';
import { mediaParts, routeForMedia } from '../media';
import { checkListSchema } from '../../catalog/node/checks-schema';
import { checkJsonSchema } from '../../catalog/node/json-schema';
import { countPromptTokens, countPromptTokensAsync } from '../../catalog/node/tokens';
import { issuesText } from '../../catalog/node/issues';

export { checkJsonSchema, MAX_SCHEMA_BYTES } from '../../catalog/node/json-schema';

/**
 * Most prompt text one request may carry, in UTF-8 bytes. The prompt travels in the workflow's input and in every
 * attempt's activity arguments, and Temporal refuses any payload over 2 MB; the rest of the payload (schema,
 * route) needs room too. The same bound as a batch item's (activities/batch/io.ts).
 */
export const MAX_PROMPT_BYTES = 1_500_000;

function invalid(code: ConfigErrorCode, message: string): never {
  throw new CascadeConfigError({ code, message });
}

/** The prompt fits in a Temporal payload with room to spare. */
export function checkPromptBytes(messages: readonly RequestMessage[]): void {
  const promptBytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m.content), 0);
  if (promptBytes > MAX_PROMPT_BYTES) {
    invalid(
      ConfigErrorCode.PromptTooLarge,
      `the prompt is ${(promptBytes / 1e6).toFixed(1)} MB, over the ${MAX_PROMPT_BYTES / 1e6} MB a request may carry ` +
        `(Temporal refuses payloads over 2 MB, and the prompt travels in the workflow's input): split the input into ` +
        `smaller documents, e.g. one line each of a JSONL file for \`llm-cascade batch\``,
    );
  }
}

/** A request's own checks, validated like the catalog's so a typo is an error before anything starts. */
export function requestChecks(checks: unknown): CheckSpec[] {
  if (checks === undefined) return [];
  const parsed = checkListSchema.safeParse(checks);
  if (parsed.success) return parsed.data;
  invalid(ConfigErrorCode.InvalidRequest, `invalid checks: ${issuesText(parsed.error.issues, { root: 'checks' })}`);
}

/** The task's checks from the catalog followed by the request's own (validated); `{}` when there are none. */
export function taskChecks(catalog: Catalog, task: string, own: unknown): { checks?: CheckSpec[] } {
  const checks = [...(catalog.routes[task]?.checks ?? []), ...requestChecks(own)];
  return checks.length > 0 ? { checks } : {};
}

/**
 * Plans one request on `catalog`: the task's route with the prices in force on `now` (ISO date), its start tier
 * (explicit `startTier`, else the start rules on this prompt), the prompt's token count, the task's instructions
 * and checks. Fails on an unknown task or tier, a schema that does not compile, an empty or oversized prompt, a
 * prompt larger than every context window of the route, or out-of-range numbers.
 */
export function planCascade(
  catalog: Catalog,
  request: PlanRequest,
  now: string,
  /** The worker's recent measurements of each candidate (measured order, latency goal); absent: none. */
  measureOf?: MeasureOf,
  /** The prompt's tokens, counted by {@link planCascadeAsync}; absent: counted here. */
  promptTokens?: number,
): RequestPlan {
  if (!request.task) invalid(ConfigErrorCode.InvalidRequest, 'task is required: name a route of the catalog');
  checkRequestNumbers(request);
  checkRequestConstraints(request);
  const task = Object.prototype.hasOwnProperty.call(catalog.routes, request.task)
    ? catalog.routes[request.task]
    : undefined;
  const messages = composeMessages(request, task?.instructions);
  checkPromptBytes(messages);
  if (!request.schema || typeof request.schema.name !== 'string')
    invalid(ConfigErrorCode.InvalidSchema, 'schema must be { name, jsonSchema }');
  checkJsonSchema(request.schema.jsonSchema);
  const estimatedInputTokens = promptTokens ?? countPromptTokens(messages, request.schema.jsonSchema);
  const experiments = assignExperiments(task?.experiments, request);
  const constrained = applyConstraints(
    withCandidateOrders(
      resolveRoute(catalog, request.task, {
        promptTokens: estimatedInputTokens,
        inputText: messages.map((m) => m.content).join('\n'),
        startTier: request.startTier ?? experiments.startTier,
        at: now,
      }),
      experiments.candidates,
    ),
    {
      tagsOf: (ref) => tagsOf(catalog, ref),
      require: mergeRequirements(task?.require, request.require),
      measured: task?.order === 'measured',
      latencyGoalMs: request.latencyGoalMs,
      latencyGoalStrict: request.latencyGoalStrict,
      measureOf,
      fixedOrder: Object.keys(experiments.candidates),
    },
  );
  // Images and PDFs go only to the candidates that read them, each priced by its own rule (worst case).
  const route = routeForMedia(constrained, mediaParts(messages), (ref) => catalog.models[ref]);
  // The rules come first: an explicit start tier, an experiment's variant or a matching start rule decides alone.
  const ruled =
    request.startTier !== undefined ||
    experiments.startTier !== undefined ||
    matchStartRules(
      route.tiers.map((tier) => tier.name),
      task?.startRules ?? [],
      estimatedInputTokens,
      messages.map((m) => m.content).join('\n'),
    ) !== undefined;
  // The classifier reads the request too: its models must meet the same required tags as the route's candidates.
  const classify =
    !ruled && task?.classify
      ? classifyPlan(catalog, route, task.classify, messages, now, mergeRequirements(task.require, request.require))
      : undefined;
  const largest = largestContextWindow(route);
  if (estimatedInputTokens >= largest) {
    invalid(
      ConfigErrorCode.PromptTooLarge,
      `the prompt is about ${estimatedInputTokens} tokens, more than the largest context window of route "${request.task}" ` +
        `(${largest}); shorten or split the input, or add a model with a larger window to the route`,
    );
  }
  return {
    route,
    estimatedInputTokens,
    priceDate: now,
    ...(request.instructions === undefined &&
      !request.messages &&
      task?.instructions && {
        instructions: task.instructions,
      }),
    ...taskChecks(catalog, request.task, request.checks),
    ...((request.schemaInPrompt ?? task?.schemaInPrompt) === false && { schemaInPrompt: false as const }),
    ...(experiments.arms.length > 0 && { experiments: experiments.arms }),
    ...(classify && { classify }),
  };
}

/**
 * {@link planCascade} for a worker or a gateway: the prompt (up to 1.5 MB) is counted first without holding the event
 * loop (a large count yields between slices), then planned. What the count cannot use is left to `planCascade`'s
 * checks, which say what is wrong.
 */
export async function planCascadeAsync(
  catalog: Catalog,
  request: PlanRequest,
  now: string,
  measureOf?: MeasureOf,
): Promise<RequestPlan> {
  const task = Object.prototype.hasOwnProperty.call(catalog.routes, request.task)
    ? catalog.routes[request.task]
    : undefined;
  const messages = composeMessages(request, task?.instructions);
  checkPromptBytes(messages);
  const jsonSchema = request.schema?.jsonSchema;
  const promptTokens =
    jsonSchema && typeof jsonSchema === 'object' ? await countPromptTokensAsync(messages, jsonSchema) : undefined;
  return planCascade(catalog, request, now, measureOf, promptTokens);
}

/** The route with the candidate orders a variant arm sets (refs the catalog's rules checked against each tier). */
function withCandidateOrders(route: RoutePlan, orders: Record<string, string[]>): RoutePlan {
  if (Object.keys(orders).length === 0) return route;
  return {
    ...route,
    tiers: route.tiers.map((tier) => {
      const order = orders[tier.name];
      if (!order) return tier;
      const candidates = order.flatMap((ref) => tier.candidates.filter((candidate) => candidate.ref === ref));
      return candidates.length > 0 ? { ...tier, candidates } : tier;
    }),
  };
}

/** `--provider-batch`: the route's first tier runs as provider batches (and no other tier does). */
function withProviderBatchTier(route: RoutePlan): RoutePlan {
  return {
    ...route,
    tiers: route.tiers.map((tier, index) =>
      index === 0 ? { ...tier, mode: 'provider-batch' as const } : { ...tier, mode: undefined },
    ),
  };
}

/** Plans a batch on `catalog`: the route (prices on `now`), its start rules unless `startTier` fixes the tier. */
export function planBatch(catalog: Catalog, request: BatchPlanRequest, now: string): BatchPlan {
  if (!request.task) invalid(ConfigErrorCode.InvalidRequest, 'task is required: name a route of the catalog');
  const task = catalog.routes[request.task];
  // A batch's route is planned once, at its start: the route's required tags apply; measurements would be stale.
  const constrained = applyConstraints(
    resolveRoute(catalog, request.task, { promptTokens: 0, inputText: '', startTier: request.startTier, at: now }),
    { tagsOf: (ref) => tagsOf(catalog, ref), require: task?.require },
  );
  // Checked on the route as constrained: its first candidate is the one that would run the batches.
  const route = request.providerBatch ? withProviderBatchTier(constrained) : constrained;
  for (const tier of route.tiers) {
    if (tier.mode !== 'provider-batch') continue;
    const first = tier.candidates[0];
    const problem = providerBatchProblem(tier.name, first, Boolean(first?.batch));
    if (problem) invalid(ConfigErrorCode.InvalidConfig, problem);
  }
  const startRules = request.startTier === undefined ? task?.startRules : undefined;
  const instructions = request.instructions ?? task?.instructions;
  return {
    route,
    ...(startRules?.length && { startRules }),
    ...(instructions !== undefined && { instructions }),
    ...taskChecks(catalog, request.task, request.checks),
    ...((request.schemaInPrompt ?? task?.schemaInPrompt) === false && { schemaInPrompt: false as const }),
  };
}
