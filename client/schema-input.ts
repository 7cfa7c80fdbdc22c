/**
 * What a request's `schema` may be, and its conversion to the JSON Schema the workflow carries: a Standard Schema
 * (zod 4, `zod/v4` and zod 3 from zod 3.25, or any library whose schema offers a JSON Schema converter) or a plain
 * JSON Schema object. Detection is by shape, never `instanceof`: the user's zod is often another copy than ours.
 */
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';

/**
 * The Standard Schema interface (standardschema.dev, v1), which zod 3.24+, zod 4, valibot and arktype implement.
 * Copied, as the spec asks, instead of depending on a package: only `types` (for the output type) and `vendor` matter.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => unknown;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** A plain JSON Schema object (data, as written in a file). */
export type JsonSchemaObject = Record<string, unknown>;

/** A request's output contract: a Standard Schema with a JSON Schema converter (zod 3.25+ or 4…), or JSON Schema. */
export type SchemaInput = StandardSchemaV1 | JsonSchemaObject;

/** The typed output of a schema: a Standard Schema's output type, or unknown JSON for a plain JSON Schema. */
export type OutputOf<S> = S extends StandardSchemaV1<unknown, infer Output> ? Output : unknown;

/** Standard JSON Schema (zod ≥ 4.2, and other libraries): the converter travels on `~standard.jsonSchema`. */
interface StandardJsonSchemaProps {
  jsonSchema?: { output?: (options: { target: string }) => unknown };
}

function invalid(message: string): never {
  throw new CascadeConfigError({ code: ConfigErrorCode.InvalidSchema, message });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A plain object, as JSON.parse and object literals make: not a class instance such as a schema of some library. */
function isPlainObject(value: unknown): value is JsonSchemaObject {
  if (!isObject(value) || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function className(value: object): string {
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return prototype?.constructor?.name || 'an unknown class';
}

/** Converts a Standard Schema with the converter its library offers; undefined when it offers none. */
function standardToJson(schema: Record<string, unknown>, props: Record<string, unknown>): unknown {
  const converter = (props as StandardJsonSchemaProps).jsonSchema?.output;
  if (typeof converter === 'function') return converter({ target: 'draft-2020-12' });
  if (props.vendor === 'zod' && isObject(schema._zod)) return z.toJSONSchema(schema as unknown as z.ZodType);
  // zod 3's own API (`import { z } from 'zod'` at 3.25): no converter of its own.
  if (props.vendor === 'zod' && isObject(schema._def))
    return zodToJsonSchema(schema as never, { target: 'jsonSchema2019-09' });
  const toJsonSchema = (schema as { toJsonSchema?: unknown }).toJsonSchema; // arktype
  if (typeof toJsonSchema === 'function') return (toJsonSchema as () => unknown).call(schema);
  return undefined;
}

/**
 * The JSON Schema of `schema`, not yet checked with ajv. Throws a clear `CascadeConfigError` for anything that is
 * neither a convertible Standard Schema nor a plain JSON Schema object: a zod object is never read as JSON Schema.
 */
export function schemaToJson(schema: unknown): unknown {
  if (!isObject(schema)) invalid('schema must be a zod schema or a JSON Schema object');
  const props = schema['~standard'];
  if (isObject(props)) {
    let json: unknown;
    try {
      json = standardToJson(schema, props);
    } catch (error) {
      invalid(`the ${String(props.vendor)} schema cannot be expressed as JSON Schema: ${(error as Error).message}`);
    }
    if (json === undefined)
      invalid(
        `a ${String(props.vendor)} schema offers no JSON Schema converter: pass its JSON Schema instead ` +
          '(zod 3.25+ and 4 schemas are converted here; Standard Schemas with `~standard.jsonSchema` too)',
      );
    return json;
  }
  if (isObject(schema._def) && typeof schema.safeParse === 'function')
    invalid('this zod schema is from zod before 3.25: upgrade to zod 3.25 or later (or zod 4), or pass JSON Schema');
  if (!isPlainObject(schema))
    invalid(
      'schema must be a zod schema (3.25+ or 4), a Standard Schema with a JSON Schema converter, or a plain JSON ' +
        `Schema object; got an instance of ${className(schema)}`,
    );
  return schema;
}
