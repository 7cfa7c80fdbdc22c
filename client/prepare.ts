/**
 * Turns a user's request into the request a cascade workflow receives, checking before anything starts what
 * needs no catalog: the schema compiles, the input is neither empty nor oversized, numbers and checks are valid.
 * Routes are the worker's to decide; `prepareCascade` plans on a catalog exactly as the worker does, for local
 * pre-checks and tools, never to choose a route for a run.
 */
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { withoutMetaSchema } from '../catalog/node/json-schema';
import { checkJsonSchema, checkPromptBytes, planCascade, requestChecks } from '../routing/node/plan';
import { checkRequestConstraints } from '../routing/constraints';
import { checkRequestNumbers, composeMessages } from '../routing/request';
import { plannedInput } from '../workflows/cascade/planned';
import { catalogFingerprint } from '../catalog/node/fingerprint';
import type { Catalog } from '../catalog/types';
import {
  requestInput,
  type CascadeInput,
  type CascadeRequestInput,
  type JsonObject,
  type RequestOptions,
  type RequestPrompt,
} from '../workflows/definitions';

export { MAX_PROMPT_BYTES, taskChecks } from '../routing/node/plan';
export { countPromptTokens } from '../catalog/node/tokens';

import { schemaToJson, type SchemaInput } from './schema-input';
export type { JsonSchemaObject, OutputOf, SchemaInput, StandardSchemaV1 } from './schema-input';

/**
 * A request as a client sends it: the task, a schema (zod, another Standard Schema, or JSON Schema), the prompt and
 * the request's options (`RequestOptions`, documented once). `expectedCatalogFingerprint` comes from the client's
 * `catalog` option, and a conversation by reference is for workflow steps only.
 */
export interface CascadeRequest<S extends SchemaInput = SchemaInput>
  extends Omit<RequestOptions, 'expectedCatalogFingerprint'>, Omit<RequestPrompt, 'messagesRef'> {
  /** Task type: names the route in the worker's catalog. */
  task: string;
  /** The output contract: zod 3.25+/4 or another Standard Schema with a JSON Schema converter (converted here, at the edge), or JSON Schema. */
  schema: S;
  /** Name of the schema shown in the UI and sent to providers. @default the schema's title, or 'output' */
  schemaName?: string;
}

/** Appended to static summaries: the UI opens on the Timeline, and the ledger lives on User Metadata. */
export const LEDGER_POINTER = ' · ledger: User Metadata → Current Details (Memo once finished)';

/**
 * The line a run's static details end with: Current Details is answered by a running worker, so a page that shows
 * none says what to start; a finished run's ledger is in its memo, which needs no worker.
 */
export const WHERE_THE_LEDGER_IS =
  'Current Details is answered by a running worker (`llm-cascade worker --config …`): when it is blank, start one. ' +
  "A finished run's ledger is also on the **Memo** tab, which needs no worker.";

function invalid(code: ConfigErrorCode, message: string): never {
  throw new CascadeConfigError({ code, message });
}

/** The JSON Schema of a request's schema; throws a clear error when ajv cannot compile it. */
export function toJsonSchema(schema: SchemaInput): JsonObject {
  const json = schemaToJson(schema);
  checkJsonSchema(json);
  return withoutMetaSchema(json) as JsonObject;
}

/**
 * The request as a cascade workflow receives it (zod converted to JSON Schema here, at the edge), checked as far
 * as that goes without a catalog. The task, its route and the context windows are the worker's to check.
 */
export function toCascadeRequestInput(request: CascadeRequest): CascadeRequestInput {
  if (!request.task) invalid(ConfigErrorCode.InvalidRequest, 'task is required: name a route of the catalog');
  checkPromptBytes(composeMessages(request));
  const jsonSchema = toJsonSchema(request.schema);
  checkRequestNumbers(request);
  checkRequestConstraints(request);
  const checks = request.checks === undefined ? undefined : requestChecks(request.checks);
  const title = typeof jsonSchema.title === 'string' ? jsonSchema.title : undefined;
  const { task, schemaName, ...rest } = request;
  // Only what a client may send: no conversation by reference, no fingerprint but the one from its `catalog` option.
  const {
    messagesRef: _messagesRef,
    expectedCatalogFingerprint: _fingerprint,
    ...options
  } = rest as typeof rest & Pick<CascadeRequestInput, 'messagesRef' | 'expectedCatalogFingerprint'>;
  return requestInput(task, { name: schemaName ?? title ?? 'output', jsonSchema }, { ...options, checks });
}

/**
 * Plans a request on `catalog` as the worker does (`now` is the ISO date whose prices apply) and returns the
 * cascade's planned input: a local pre-check for a client that has a catalog, and a tool for tests and benchmarks.
 * A run's route is always planned again by the worker that runs it.
 */
export function prepareCascade(catalog: Catalog, request: CascadeRequest, now: string): CascadeInput {
  const wire = toCascadeRequestInput(request);
  return plannedInput(wire, planCascade(catalog, wire, now));
}

/** How a client that holds a catalog holds the worker to it. */
export interface CatalogExpectation {
  catalog?: Catalog;
  /**
   * With `catalog`: the worker must plan with this very catalog. The request carries its fingerprint, and a worker
   * with another one refuses it before any provider is called (`CascadeConfigError`, code `CATALOG_MISMATCH`,
   * naming the worker and both fingerprints). false: `catalog` is a local pre-check only. @default true
   */
  matchWorkerCatalog?: boolean;
}

/** The request field that holds the worker to the client's catalog, when the client has one and wants it held. */
export function expectedCatalog(options: CatalogExpectation): { expectedCatalogFingerprint?: string } {
  return options.catalog && options.matchWorkerCatalog !== false
    ? { expectedCatalogFingerprint: catalogFingerprint(options.catalog) }
    : {};
}
