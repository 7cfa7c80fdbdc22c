/**
 * Schema-violating variants of valid values, so the simulated provider can play "a model that answered
 * in JSON but got the shape wrong" (the `schema_violation` outcome of the cascade).
 *
 * Only mutations that certainly break validation are used: mutations are collected along object
 * properties and array items, never inside anyOf/oneOf branches, where another branch might still accept
 * the mutated value.
 */
import { mulberry32, pick, type Rng } from './prng';
import { isPlainObject, resolveRef, typeAllowed, typesOf, type JsonSchema } from './schema-walk';

type Path = Array<string | number>;
/** `lastResort` mutations are used only when no other exists (see `corruptForSchema`). */
type Mutation = ({ path: Path; op: 'drop'; key: string } | { path: Path; op: 'set'; value: unknown }) & {
  lastResort?: boolean;
};

/**
 * A variant of `value` that does NOT validate against `schema`: a required field dropped, a wrongly
 * typed value (e.g. a string where a number belongs) or a value outside an enum; failing those, an
 * unexpected field where `additionalProperties` is false, or a wrongly typed whole value.
 * `value` itself is not modified.
 * @param value - a value that validates (e.g. from `sampleFromSchema`).
 * @param schema - its JSON Schema.
 * @param rng - chooses among the possible mutations.
 * @returns the corrupted copy; `value` unchanged only when the schema accepts anything (e.g. `{}`).
 */
export function corruptForSchema(value: unknown, schema: object | boolean, rng: Rng = mulberry32(7)): unknown {
  const root = schema as JsonSchema;
  const mutations: Mutation[] = [];
  collect(value, root, root, [], mutations);
  // Replacing the whole answer, or adding a field zod's (stripping) z.object() would accept, is less
  // realistic and less informative than a dropped field or a wrong type: only when nothing else applies.
  const preferred = mutations.filter((m) => !m.lastResort);
  const pool = preferred.length > 0 ? preferred : mutations;
  if (pool.length === 0) return value;
  const mutation = pick(rng, pool);
  if (mutation.path.length === 0 && mutation.op === 'set') return mutation.value;
  const copy: unknown = structuredClone(value);
  // 'drop' acts on the object at `path`; 'set' replaces the value at `path`, i.e. a key of its parent.
  const parentPath = mutation.op === 'drop' ? mutation.path : mutation.path.slice(0, -1);
  let parent: unknown = copy;
  for (const step of parentPath) parent = (parent as Record<string | number, unknown>)[step];
  const target = parent as Record<string | number, unknown>;
  if (mutation.op === 'drop') delete target[mutation.key];
  else target[mutation.path[mutation.path.length - 1] ?? ''] = mutation.value;
  return copy;
}

function collect(value: unknown, node: JsonSchema, root: JsonSchema, path: Path, out: Mutation[]): void {
  const s = resolveRef(node, root);
  const wrong = wrongValueFor(s, root);
  if (wrong !== undefined) out.push({ path, op: 'set', value: wrong, lastResort: path.length === 0 });
  if (typeof s === 'boolean' || s.anyOf || s.oneOf || s.allOf) return;
  if (isPlainObject(value)) {
    for (const key of s.required ?? []) if (key in value) out.push({ path, op: 'drop', key });
    for (const [key, child] of Object.entries(value)) {
      const propSchema = s.properties?.[key] ?? s.additionalProperties;
      if (propSchema !== undefined) collect(child, propSchema, root, [...path, key], out);
    }
    if (s.additionalProperties === false && !('unexpected_field' in value)) {
      out.push({ path: [...path, 'unexpected_field'], op: 'set', value: 'surprise', lastResort: true });
    }
  } else if (Array.isArray(value) && value.length > 0 && !Array.isArray(s.items) && s.prefixItems === undefined) {
    if (s.items !== undefined) collect(value[0], s.items, root, [...path, 0], out);
  }
}

/** A value of a type (or outside the enum/const) the schema rejects, or undefined if it accepts anything. */
function wrongValueFor(s: JsonSchema, root: JsonSchema): unknown {
  if (typeof s === 'boolean') return undefined;
  const allowed = allowedValues(s);
  if (allowed) {
    const taken = new Set(allowed.map((v) => JSON.stringify(v)));
    return ['not-a-valid-option', 987654321].find((v) => !taken.has(JSON.stringify(v)));
  }
  const types = allowedTypes(s, root);
  if (!types) return undefined;
  // A string first: "a string where a number belongs" is the commonest real model mistake.
  return ['not a number', 12345, true, { unexpected: true }, ['unexpected']].find((v) => !typeAllowed(v, types));
}

function allowedValues(s: Exclude<JsonSchema, boolean>): unknown[] | undefined {
  if ('const' in s) return [s.const];
  return Array.isArray(s.enum) ? s.enum : undefined;
}

/** Union of the types a node accepts, looking through anyOf/oneOf; undefined when some branch is untyped. */
function allowedTypes(s: JsonSchema, root: JsonSchema, depth = 0): string[] | undefined {
  const r = resolveRef(s, root);
  if (typeof r === 'boolean' || depth > 8) return undefined;
  const branches = r.anyOf ?? r.oneOf;
  if (branches) {
    const all: string[] = [];
    for (const b of branches) {
      const t = allowedTypes(b, root, depth + 1);
      if (!t) return undefined;
      all.push(...t);
    }
    return all;
  }
  const types = typesOf(r);
  return types.length > 0 ? types : undefined;
}
