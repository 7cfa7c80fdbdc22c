/**
 * JSON Schema validation with ajv (draft 2020-12, as zod 4 emits, with ajv-formats). Validators are compiled once
 * per schema and cached by a hash of the schema, because compiling is far slower than validating.
 */
import { createHash } from 'node:crypto';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CascadeConfigError, ConfigErrorCode } from '../errors';
import { compilePattern, patternProblem, re2RegExp } from '../safe-pattern';

// zod 4 emits these formats beside a `pattern` that already enforces them; ajv would refuse to compile unknown ones.
const ZOD_FORMATS = [
  'starts_with',
  'ends_with',
  'includes',
  'lowercase',
  'uppercase',
  'cuid',
  'cuid2',
  'ulid',
  'nanoid',
  'e164',
  'emoji',
  'jwt',
  'base64url',
  'xid',
  'ksuid',
  'cidrv4',
  'cidrv6',
  'guid',
  'base64',
  // z.hash(): `<algorithm>_<encoding>`
  ...['md5', 'sha1', 'sha256', 'sha384', 'sha512'].flatMap((hash) =>
    ['hex', 'base64', 'base64url'].map((encoding) => `${hash}_${encoding}`),
  ),
];

/**
 * `pattern` in a schema recorded before patterns ran on RE2 may use what RE2 cannot run (a lookaround): such a
 * schema keeps validating on JavaScript's engine. New schemas pass {@link checkSchemaStrict}, which refuses it.
 */
function recordedRegExp(pattern: string, flags: string): { test(text: string): boolean } {
  return patternProblem(pattern) === undefined ? compilePattern(pattern) : new RegExp(pattern, flags);
}
recordedRegExp.code = 'recordedRegExp';

function newAjv(strictSchema: boolean): Ajv2020 {
  const instance = new Ajv2020({
    allErrors: true,
    strict: false,
    strictSchema,
    allowUnionTypes: true,
    // JSON Schema `pattern`/`patternProperties` come from users: linear-time RE2, so no answer can pin the worker.
    code: { regExp: strictSchema ? re2RegExp : recordedRegExp },
  });
  addFormats(instance);
  for (const format of ZOD_FORMATS) if (!instance.formats[format]) instance.addFormat(format, true);
  return instance;
}

/**
 * Validates answers. Lenient, so a schema already recorded in a running workflow's history keeps compiling; new
 * schemas pass {@link checkSchemaStrict} before any workflow starts.
 */
const ajv = newAjv(false);
/** Refuses unknown keywords (`"requird"`, `"tyep"`): ajv would otherwise ignore them and accept any answer. */
const strictAjv = newAjv(true);
const cache = new Map<string, ValidateFunction>();

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

export function schemaHash(schema: object): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
}

/** Drops `$schema`: a draft-07 URI would make the 2020-12 compiler refuse a schema it can validate fine. */
export function withoutMetaSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** Compiles (or fetches from the cache) a validator; throws ajv's error when the schema itself is invalid. */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const key = schemaHash(schema);
  let validate = cache.get(key);
  if (!validate) {
    validate = ajv.compile(withoutMetaSchema(schema));
    cache.set(key, validate);
  }
  return validate;
}

/**
 * Compiles a user's schema in ajv's strict-schema mode: an unknown keyword (a typo such as `requird`, or a
 * keyword of another vocabulary) is an error instead of being ignored. Throws ajv's message naming the keyword.
 */
export function checkSchemaStrict(schema: Record<string, unknown>): void {
  const key = schemaHash(schema);
  if (strictlyValid.has(key)) return;
  const problem = schemaPatternProblem(schema, 'schema');
  if (problem) throw new Error(problem);
  strictAjv.compile(withoutMetaSchema(schema));
  strictAjv.removeSchema(); // compiled only to check: keep no cache of arbitrary user schemas
  if (strictlyValid.size >= STRICTLY_VALID_MAX) strictlyValid.clear();
  strictlyValid.add(key);
}

/** The first `pattern` or `patternProperties` key RE2 cannot run, as `path: what to change`, or undefined. */
function schemaPatternProblem(node: unknown, path: string): string | undefined {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) {
      const problem = schemaPatternProblem(item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  for (const [key, value] of Object.entries(node)) {
    const at = `${path}.${key}`;
    const problem =
      key === 'pattern' && typeof value === 'string'
        ? patternProblem(value, `${at} "${value}"`)
        : key === 'patternProperties' && value && typeof value === 'object'
          ? Object.keys(value)
              .map((pattern) => patternProblem(pattern, `${at} key "${pattern}"`))
              .find(Boolean)
          : undefined;
    if (problem) return problem;
    const inner = ['enum', 'const', 'default', 'examples'].includes(key) ? undefined : schemaPatternProblem(value, at);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * Hashes (not validators) of schemas that passed the strict check. Compiling takes milliseconds, and a client or
 * the gateway sends the same few schemas with every request.
 */
const strictlyValid = new Set<string>();
const STRICTLY_VALID_MAX = 1_000;

export function validateOutput(schema: Record<string, unknown>, value: unknown): ValidationResult {
  const validate = compileSchema(schema);
  if (validate(value)) return { valid: true, errors: [] };
  return { valid: false, errors: (validate.errors ?? []).map(formatError) };
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath || '(root)';
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

/**
 * Parses a model's answer as JSON. Models asked through the prompt sometimes wrap JSON in a markdown fence;
 * that wrapper is removed, nothing else is repaired.
 */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1]! : text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * OpenAI's strict mode accepts only schemas where every object lists all its properties as required and forbids
 * others; anything else would be rejected with a 400, so such schemas are sent with strict: false (ajv still enforces).
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (!schema || typeof schema !== 'object') return true;
  const node = schema as Record<string, unknown>;
  if (node.type === 'object' || node.properties) {
    const properties = Object.keys((node.properties as object | undefined) ?? {});
    const required = new Set((node.required as string[] | undefined) ?? []);
    if (node.additionalProperties !== false || properties.some((p) => !required.has(p))) return false;
  }
  return Object.values(node).every(isStrictCompatible);
}

function invalid(code: ConfigErrorCode, message: string): never {
  throw new CascadeConfigError({ code, message });
}

/**
 * Largest schema a request may carry, in bytes of JSON. Compiling a schema is CPU the process cannot share (ajv
 * takes about 0.5 s for 70 kB of properties on 2 cores, 5 s for 1 MB), and a request's schema is compiled where it
 * is checked and where it is validated; extraction schemas are a few kB.
 */
export const MAX_SCHEMA_BYTES = 100_000;

/** The schema is a JSON Schema object that ajv compiles in strict mode (an unknown keyword would validate anything). */
export function checkJsonSchema(json: unknown): asserts json is Record<string, unknown> {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    invalid(ConfigErrorCode.InvalidSchema, 'schema must be a JSON Schema object');
  const bytes = Buffer.byteLength(JSON.stringify(json));
  if (bytes > MAX_SCHEMA_BYTES)
    invalid(
      ConfigErrorCode.InvalidSchema,
      `the schema is ${Math.round(bytes / 1000)} kB of JSON, over the ${MAX_SCHEMA_BYTES / 1000} kB a request's schema ` +
        'may be (compiling one that large holds a worker for seconds): split the extraction into smaller schemas',
    );
  try {
    checkSchemaStrict(json as Record<string, unknown>);
    compileSchema(json as Record<string, unknown>);
  } catch (error) {
    const message = (error as Error).message;
    const hint = /unknown keyword/.test(message)
      ? ' (check its spelling: unknown keywords would validate anything)'
      : '';
    invalid(ConfigErrorCode.InvalidSchema, `schema does not compile: ${message}${hint}`);
  }
}
