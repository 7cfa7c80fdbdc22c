// Unit tests — schema sampling and corruption checked against ajv (2020-12 and draft-07) and zod itself; no I/O
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { z } from 'zod';
import { mulberry32 } from '../../sim/prng';
import { corruptForSchema, sampleFromSchema } from '../../sim/schema-sample';

/** ajv as the cascade would configure it; zod's non-standard formats are declared so strict mode accepts them. */
function makeAjv(draft: '2020-12' | 'draft-07') {
  const ajv = draft === '2020-12' ? new Ajv2020({ allowUnionTypes: true }) : new Ajv({ allowUnionTypes: true });
  addFormats(ajv);
  for (const f of ['starts_with', 'ends_with', 'includes', 'lowercase', 'cuid', 'e164']) ajv.addFormat(f, true);
  return ajv;
}

const Invoice = z.object({
  invoiceNumber: z.string().startsWith('INV-'),
  vendor: z.object({ name: z.string().min(2), email: z.email(), website: z.url().optional() }),
  issuedOn: z.iso.date(),
  receivedAt: z.iso.datetime(),
  currency: z.enum(['EUR', 'USD', 'GBP']),
  lines: z
    .array(z.object({ description: z.string(), quantity: z.int().positive(), unitPrice: z.number().min(0) }))
    .min(1)
    .max(5),
  total: z.number().multipleOf(0.01).nonnegative(),
  notes: z.string().max(20).nullable(),
  paid: z.boolean(),
});

const Event = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('click'), x: z.int(), y: z.int() }),
  z.object({ kind: z.literal('key'), key: z.string().length(1) }),
]);

const Mixed = z.object({
  id: z.uuid(),
  ip: z.ipv4(),
  at: z.iso.time(),
  file: z.string().endsWith('.pdf'),
  scores: z.record(z.string(), z.number().gt(0).lt(1)),
  flags: z.record(z.enum(['a', 'b']), z.boolean()),
  pair: z.tuple([z.string(), z.int32()]),
  either: z.union([z.string(), z.number()]),
  maybe: z.object({ x: z.number() }).nullable(),
  tags: z.array(z.enum(['red', 'green', 'blue'])).max(3),
  version: z.literal(2),
});

const Node: z.ZodType<{ value: number; children: unknown[] }> = z.object({
  value: z.number(),
  get children() {
    return z.array(Node);
  },
});

const Point = z.object({ x: z.number(), y: z.number() }).meta({ id: 'Point' });
const Shape = z.object({ from: Point, to: Point, label: z.string().optional() });

const cases: Array<{ name: string; schema: z.ZodType; target?: 'draft-7' }> = [
  { name: 'invoice (nested, formats, enum, bounds, nullable)', schema: Invoice },
  { name: 'discriminated union', schema: Event },
  { name: 'uuid/ipv4/time/endsWith/records/tuple/union/literal', schema: Mixed },
  { name: 'recursive tree ($ref "#")', schema: Node },
  { name: 'shared definition ($defs)', schema: Shape },
  { name: 'draft-07 target (definitions)', schema: Shape, target: 'draft-7' },
];

void describe('sampleFromSchema', () => {
  for (const { name, schema, target } of cases) {
    void it(`produces valid values: ${name}`, () => {
      const json = target ? z.toJSONSchema(schema, { target, reused: 'ref' }) : z.toJSONSchema(schema);
      const validate = makeAjv(target ? 'draft-07' : '2020-12').compile(json);
      for (let seed = 0; seed < 200; seed++) {
        const value = sampleFromSchema(json, mulberry32(seed));
        assert.ok(validate(value), `seed ${seed}: ${JSON.stringify(value)} ${JSON.stringify(validate.errors)}`);
        const parsed = schema.safeParse(value);
        assert.ok(parsed.success, `seed ${seed} (zod): ${JSON.stringify(value)}`);
      }
    });
  }

  void it('is deterministic for a seed and varies across seeds', () => {
    const json = z.toJSONSchema(Invoice);
    assert.deepEqual(sampleFromSchema(json, mulberry32(7)), sampleFromSchema(json, mulberry32(7)));
    assert.notDeepEqual(sampleFromSchema(json, mulberry32(7)), sampleFromSchema(json, mulberry32(8)));
  });

  void it('keeps recursive schemas finite with maxDepth', () => {
    const value = sampleFromSchema(z.toJSONSchema(Node), mulberry32(1), { maxDepth: 2 });
    const depth = (n: unknown): number => {
      const children = (n as { children: unknown[] }).children;
      return 1 + Math.max(0, ...children.map(depth));
    };
    assert.ok(depth(value) <= 3);
  });
});

void describe('corruptForSchema', () => {
  for (const { name, schema, target } of cases) {
    void it(`produces invalid values: ${name}`, () => {
      const json = target ? z.toJSONSchema(schema, { target, reused: 'ref' }) : z.toJSONSchema(schema);
      const validate = makeAjv(target ? 'draft-07' : '2020-12').compile(json);
      for (let seed = 0; seed < 200; seed++) {
        const value = sampleFromSchema(json, mulberry32(seed));
        const snapshot = JSON.stringify(value);
        const corrupted = corruptForSchema(value, json, mulberry32(seed));
        assert.ok(!validate(corrupted), `seed ${seed}: still valid ${JSON.stringify(corrupted)}`);
        assert.ok(!schema.safeParse(corrupted).success, `seed ${seed} (zod): still valid`);
        assert.equal(JSON.stringify(value), snapshot, 'the input must not be modified');
      }
    });
  }

  void it('falls back to an extra field or a wrongly typed whole value', () => {
    const empty = z.toJSONSchema(z.object({}));
    assert.equal(makeAjv('2020-12').validate(empty, corruptForSchema({}, empty)), false);
    const text = z.toJSONSchema(z.string());
    assert.equal(typeof corruptForSchema('hello', text), 'number');
    assert.equal(corruptForSchema('anything', {}), 'anything', 'an accept-all schema cannot be violated');
  });

  void it('uses both dropped required fields and wrong types', () => {
    const json = z.toJSONSchema(z.object({ amount: z.number(), name: z.string() }));
    const value = { amount: 3, name: 'a' };
    const seen = new Set<string>();
    for (let seed = 0; seed < 50; seed++) {
      const c = corruptForSchema(value, json, mulberry32(seed)) as Record<string, unknown>;
      if (!('amount' in c) || !('name' in c)) seen.add('dropped');
      if (typeof c.amount === 'string') seen.add('string-for-number');
    }
    assert.deepEqual([...seen].sort(), ['dropped', 'string-for-number']);
  });
});
