// Pure unit tests — schemas from zod 3.25 (its own API and `zod/v4`), zod 4, zod/mini, other Standard Schemas and
// JSON Schema become the JSON Schema a workflow carries; anything else is a clear error. No Temporal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z as z4 } from 'zod';
import * as zm from 'zod/mini';
import { z as z3 } from 'zod3';
import { z as z3v4 } from 'zod3/v4';
import { CascadeConfigError } from '../../catalog/errors';
import { toJsonSchema } from '../../client/prepare';
import { schemaFileName } from '../../cli/input';

const EXPECTED = {
  type: 'object',
  properties: { total: { type: 'number' } },
  required: ['total'],
  additionalProperties: false,
};

function rejects(schema: unknown, message: RegExp) {
  assert.throws(
    () => toJsonSchema(schema as never),
    (error: unknown) =>
      error instanceof CascadeConfigError && error.code === 'INVALID_SCHEMA' && message.test(error.message),
  );
}

describe('toJsonSchema: every supported schema library, never a zod object read as JSON Schema', () => {
  it('zod 4', () => assert.deepEqual(toJsonSchema(z4.object({ total: z4.number() })), EXPECTED));
  it('zod/mini', () => assert.deepEqual(toJsonSchema(zm.object({ total: zm.number() })), EXPECTED));
  it('zod 3.25 `zod/v4` (another copy of zod than ours)', () =>
    assert.deepEqual(toJsonSchema(z3v4.object({ total: z3v4.number() })), EXPECTED));
  it("zod 3.25's own API, nullable and optional fields included", () => {
    const json = toJsonSchema(
      z3.object({ total: z3.number(), note: z3.string().nullable(), tag: z3.string().optional() }),
    );
    assert.deepEqual(json.required, ['total', 'note']);
    assert.deepEqual((json.properties as Record<string, unknown>).note, { type: ['string', 'null'] });
    assert.equal(json.$schema, undefined);
  });
  it('a Standard Schema with `~standard.jsonSchema` uses that converter', () => {
    const schema = {
      '~standard': {
        version: 1,
        vendor: 'acme',
        validate: (value: unknown) => ({ value }),
        jsonSchema: { output: ({ target }: { target: string }) => ({ ...EXPECTED, description: target }) },
      },
    };
    assert.equal(toJsonSchema(schema as never).description, 'draft-2020-12');
  });
  it('a Standard Schema without a converter names its library', () =>
    rejects(
      { '~standard': { version: 1, vendor: 'valibot', validate: () => ({}) } },
      /valibot schema offers no JSON Schema converter/,
    ));
  it('zod before 3.24 (no ~standard) says to upgrade', () =>
    rejects({ _def: { typeName: 'ZodObject' }, safeParse: () => ({}) }, /zod before 3\.25: upgrade/));
  it('a class instance is not read as JSON Schema', () => {
    class Money {
      type = 'number';
    }
    rejects(new Money(), /got an instance of Money/);
  });
  it('a plain JSON Schema object passes through', () => assert.deepEqual(toJsonSchema({ ...EXPECTED }), EXPECTED));
});

describe('schemaFileName: a schema file is named by its title, else its file name', () => {
  it('title first', () => assert.equal(schemaFileName('/x/a.json', { title: 'Invoice' }), 'Invoice'));
  it('else the file name without .schema.json', () => {
    assert.equal(schemaFileName('/x/invoice.schema.json', {}), 'invoice');
    assert.equal(schemaFileName('receipt.json', {}), 'receipt');
  });
});
