/**
 * Produce values that validate against a JSON Schema of the kind `z.toJSONSchema` (zod 4) emits, so the
 * simulated provider can answer "like a model that got it right"; `corruptForSchema` (re-exported here)
 * produces the "got it wrong" variant.
 *
 * Supported: object (properties, required, additionalProperties as schema, propertyNames enum), array
 * (items, prefixItems/tuple, min/maxItems, uniqueItems), string (formats zod emits, enum, const,
 * min/maxLength, literal-ish patterns such as startsWith/endsWith/includes), number/integer (bounds,
 * exclusive bounds, multipleOf), boolean, null, `type: [.., 'null']`, anyOf/oneOf (first branch), allOf
 * (merged objects), `$ref` into `$defs`/`definitions` or `#` (recursive schemas, depth-limited).
 * Other regex patterns are not synthesised: the value may then fail `pattern`.
 */
import { intBetween, mulberry32, pick, type Rng } from './prng';
import { isPlainObject, resolveRef, typesOf, type JsonSchema, type SchemaObject } from './schema-walk';
import { sampleNumber, sampleString } from './schema-scalars';

export { corruptForSchema } from './schema-corrupt';
export type { JsonSchema, SchemaObject } from './schema-walk';

/** Tuning for `sampleFromSchema`. */
export interface SampleHints {
  /** Nesting depth past which optional properties are left out and arrays kept at `minItems` (default 4). */
  maxDepth?: number;
  /** Probability of including an optional property (default 0.6). */
  optionalRate?: number;
  /** Words strings are made of (default: a small business vocabulary). */
  words?: readonly string[];
}

/**
 * A value that validates against `schema`.
 * @param schema - a JSON Schema object (e.g. `z.toJSONSchema(...)` output) or boolean schema.
 * @param rng - random source; defaults to a fixed seed so calls without one are reproducible.
 * @param hints - depth, optional-property rate and vocabulary.
 */
export function sampleFromSchema(
  schema: object | boolean,
  rng: Rng = mulberry32(42),
  hints: SampleHints = {},
): unknown {
  const root = schema as JsonSchema;
  const maxDepth = hints.maxDepth ?? 4;
  const optionalRate = hints.optionalRate ?? 0.6;
  const words = hints.words ?? DEFAULT_WORDS;

  const value = (node: JsonSchema, depth: number): unknown => {
    const s = resolveRef(node, root);
    if (s === true) return pick(rng, words);
    if (s === false) return null;
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum) && s.enum.length > 0) return pick(rng, s.enum);
    const branches = s.anyOf ?? s.oneOf;
    if (branches && branches.length > 0) return value(chooseBranch(branches, depth >= maxDepth), depth);
    if (s.allOf && s.allOf.length > 0) return mergeAll(s.allOf.map((part) => value(part, depth)));
    const type = primaryType(s);
    if (type === 'object') return object(s, depth);
    if (type === 'array') return array(s, depth);
    if (type === 'number' || type === 'integer') return sampleNumber(s, type === 'integer', rng);
    if (type === 'boolean') return rng() < 0.5;
    if (type === 'null') return null;
    return sampleString(s, rng, words);
  };

  /** First branch (the schema author's preferred shape); past maxDepth, a `null` branch ends recursion. */
  const chooseBranch = (branches: JsonSchema[], deep: boolean): JsonSchema => {
    const resolved = branches.map((b) => resolveRef(b, root));
    const nullIndex = resolved.findIndex((b) => typeof b === 'object' && typesOf(b).join() === 'null');
    return (deep && nullIndex >= 0 ? branches[nullIndex] : branches[0]) ?? true;
  };

  const object = (s: SchemaObject, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const required = new Set(s.required ?? []);
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      if (required.has(key) || (depth < maxDepth && rng() < optionalRate)) out[key] = value(prop, depth + 1);
    }
    const extra = s.additionalProperties;
    const extraSchema: JsonSchema = extra === undefined ? true : extra;
    // Required keys outside `properties` (zod's exhaustive enum-keyed records) come from additionalProperties.
    for (const key of required) if (!(key in out)) out[key] = value(extraSchema, depth + 1);
    if (extra === undefined || extra === false || s.properties !== undefined) return out;
    // A record: add a couple of entries whose keys satisfy propertyNames.
    const wanted = Math.max(
      (s.minProperties ?? 0) - Object.keys(out).length,
      depth < maxDepth ? intBetween(rng, 1, 2) : 0,
    );
    for (let i = 0, tries = 0; i < wanted && tries < wanted * 4; tries++) {
      const key = recordKey(s.propertyNames, tries);
      if (key === undefined || key in out) continue;
      out[key] = value(extraSchema, depth + 1);
      i++;
    }
    return out;
  };

  const recordKey = (names: JsonSchema | undefined, attempt: number): string | undefined => {
    const n = names === undefined ? true : resolveRef(names, root);
    if (n === false) return undefined;
    if (n !== true && Array.isArray(n.enum)) return n.enum.length ? String(pick(rng, n.enum)) : undefined;
    if (n !== true && (n.pattern !== undefined || n.format !== undefined)) return String(sampleString(n, rng, words));
    return `${pick(rng, words)}_${attempt}`;
  };

  const array = (s: SchemaObject, depth: number): unknown[] => {
    const prefix = s.prefixItems ?? (Array.isArray(s.items) ? s.items : []);
    const rest: JsonSchema | undefined = Array.isArray(s.items) ? s.additionalItems : s.items;
    const min = Math.max(s.minItems ?? 0, prefix.length > 0 && rest === false ? prefix.length : 0);
    const max = Math.max(min, s.maxItems ?? (rest === false ? prefix.length : min + 3));
    const target =
      depth >= maxDepth ? min : intBetween(rng, Math.min(Math.max(min, 1), max), Math.min(max, Math.max(min, 1) + 2));
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (let tries = 0; out.length < target && tries < target * 5; tries++) {
      const itemSchema = out.length < prefix.length ? prefix[out.length] : rest;
      if (itemSchema === false) break;
      const item = value(itemSchema ?? true, depth + 1);
      if (s.uniqueItems) {
        const key = JSON.stringify(item);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      out.push(item);
    }
    return out;
  };

  return value(root, 0);
}

/** The type to generate: the first non-null declared type, else one inferred from the keywords present. */
function primaryType(s: SchemaObject): string {
  const types = typesOf(s);
  const nonNull = types.find((t) => t !== 'null');
  if (nonNull) return nonNull;
  if (types.includes('null')) return 'null';
  if (s.properties || s.additionalProperties !== undefined || s.required) return 'object';
  if (s.items !== undefined || s.prefixItems) return 'array';
  if (s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined) return 'number';
  return 'string';
}

function mergeAll(parts: unknown[]): unknown {
  if (parts.every(isPlainObject)) return Object.assign({}, ...parts);
  return parts[0];
}

const DEFAULT_WORDS = [
  'invoice',
  'acme',
  'order',
  'delivery',
  'north',
  'report',
  'alpha',
  'total',
  'client',
  'summary',
  'widget',
  'review',
  'payment',
  'ledger',
  'garden',
  'signal',
  'river',
  'harbor',
  'copper',
  'meadow',
] as const;
