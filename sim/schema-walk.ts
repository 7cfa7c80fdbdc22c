/**
 * Shared helpers for walking JSON Schemas of the kind `z.toJSONSchema` (zod 4) emits: `$ref` resolution
 * into `$defs`/`definitions` (or `#` for recursive schemas) and type inspection.
 */

/** A JSON Schema node; booleans are valid schemas (`true` accepts anything, `false` nothing). */
export type JsonSchema = boolean | SchemaObject;

/** The keywords the simulator understands; others are carried along and ignored. */
export interface SchemaObject {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema;
  propertyNames?: JsonSchema;
  minProperties?: number;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  additionalItems?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

/**
 * Follow `$ref`s (local JSON pointers only: `#`, `#/$defs/X`, `#/definitions/X`) until a schema without
 * one is reached. Unresolvable refs resolve to `true` (anything goes) rather than throwing, since the
 * simulator must keep answering.
 */
export function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current === 'object' && typeof current.$ref === 'string' && hops < 32; hops++) {
    const target = pointer(root, current.$ref);
    if (target === undefined) return true;
    // zod 4 may put sibling keywords next to $ref (e.g. a description); the target carries the constraints.
    current = target;
  }
  return current;
}

function pointer(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  const parts = ref
    .slice(1)
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = root;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'boolean' || (node !== null && typeof node === 'object') ? (node as JsonSchema) : undefined;
}

/** The declared types of a schema node as a list (`[]` when `type` is absent). */
export function typesOf(schema: SchemaObject): string[] {
  const declared = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  // OpenAPI-style `nullable: true` is honoured too, though zod 4 emits `type: [.., 'null']` or anyOf.
  return schema.nullable === true && !declared.includes('null') ? [...declared, 'null'] : declared;
}

/** The JSON type of a value, with `integer` for whole numbers (which also satisfy `number`). */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether a value's JSON type is allowed by a list of schema types (empty list: anything). */
export function typeAllowed(value: unknown, types: readonly string[]): boolean {
  if (types.length === 0) return true;
  const t = jsonTypeOf(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

/** A plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
