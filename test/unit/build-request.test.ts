// Pure unit tests — request building and answer validation; no Temporal, no network
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { buildRequest } from '../../activities/cascade/build-request';
import { isStrictCompatible, parseJsonAnswer, validateOutput } from '../../catalog/node/json-schema';
import type { CallModelInput } from '../../workflows/definitions';
import { candidate } from '../helpers/plans';

const jsonSchema = z.toJSONSchema(z.object({ total: z.number(), note: z.string().optional() })) as unknown as Record<
  string,
  never
>;
const input = (mode: 'json_schema' | 'json_object' | 'none', extra: Partial<CallModelInput> = {}): CallModelInput => ({
  task: 't',
  tier: 'economy',
  candidate: candidate('p/m', { structuredOutput: mode }),
  schema: { name: 'invoice total', jsonSchema },
  messages: [{ role: 'user', content: 'doc' }],
  maxOutputTokens: 100,
  timeoutMs: 1000,
  maxRetryAfterMs: 1000,
  reason: 'first',
  ...extra,
});

describe('buildRequest: the schema is never dropped', () => {
  it('json_schema providers get response_format json_schema; strict only when the schema allows it', () => {
    const request = buildRequest(input('json_schema'));
    assert.equal(request.response_format?.type, 'json_schema');
    const format = request.response_format as {
      json_schema: { name: string; strict: boolean; schema: Record<string, unknown> };
    };
    assert.equal(format.json_schema.name, 'invoice_total');
    assert.equal(format.json_schema.strict, false, 'an optional property is not strict-compatible');
    assert.equal(format.json_schema.schema.$schema, undefined);
    assert.equal(request.messages.length, 1);
  });
  it('json_object providers get json_object plus the schema in a system message', () => {
    const request = buildRequest(input('json_object'));
    assert.equal(request.response_format?.type, 'json_object');
    assert.equal(request.messages[0]!.role, 'system');
    assert.match(String(request.messages[0]!.content), /<json_schema>\n\{.*"total".*\}\n<\/json_schema>/);
  });
  it('prompt-only providers get no response_format and the schema in the prompt', () => {
    const request = buildRequest(input('none'));
    assert.equal(request.response_format, undefined);
    assert.match(String(request.messages[0]!.content), /<json_schema>/);
  });
  it('a repair re-ask appends the bad answer and the validation errors', () => {
    const request = buildRequest(
      input('json_schema', { repair: { previousOutput: '{"total":"x"}', errors: ['/total must be number'] } }),
    );
    assert.deepEqual(
      request.messages.slice(-2).map((m) => m.role),
      ['assistant', 'user'],
    );
    assert.match(String(request.messages.at(-1)!.content), /- \/total must be number/);
  });
});

describe('validation', () => {
  it('strict compatibility: every property required and no extras', () => {
    assert.equal(
      isStrictCompatible(z.toJSONSchema(z.object({ a: z.string(), b: z.array(z.object({ c: z.number() })) }))),
      true,
    );
    assert.equal(isStrictCompatible(z.toJSONSchema(z.object({ a: z.string().optional() }))), false);
  });
  it('ajv errors name the path', () => {
    assert.deepEqual(validateOutput(jsonSchema, { total: 'x' }), { valid: false, errors: ['/total must be number'] });
    assert.deepEqual(validateOutput(jsonSchema, { total: 3 }), { valid: true, errors: [] });
  });
  it('formats are checked (ajv-formats)', () => {
    const email = z.toJSONSchema(z.object({ e: z.email() })) as Record<string, unknown>;
    assert.equal(validateOutput(email, { e: 'not-an-email' }).valid, false);
  });
  it('a markdown fence around JSON is removed; nothing else is repaired', () => {
    assert.deepEqual(parseJsonAnswer('```json\n{"a":1}\n```'), { ok: true, value: { a: 1 } });
    assert.equal(parseJsonAnswer('{"a":1').ok, false);
  });
});

describe('buildRequest: what the model is told', () => {
  const described = z.toJSONSchema(
    z.object({
      total: z.number().describe('amount due, as printed'),
      lines: z.array(z.object({ amount: z.number().describe('line amount') })),
      currency: z.enum(['EUR', 'GBP']).optional(),
    }),
  ) as unknown as Record<string, never>;
  const withSystem = (extra: Partial<CallModelInput> = {}) =>
    input('json_schema', {
      schema: { name: 'inv', jsonSchema: described },
      messages: [
        { role: 'system', content: 'Extract the invoice.' },
        { role: 'user', content: 'doc' },
      ],
      ...extra,
    });
  it('json_schema mode gets a field list with the descriptions after the instructions', () => {
    const request = buildRequest(withSystem());
    assert.deepEqual(
      request.messages.map((m) => m.role),
      ['system', 'system', 'user'],
    );
    assert.equal(request.messages[0]!.content, 'Extract the invoice.');
    const list = String(request.messages[1]!.content);
    assert.match(list, /- total \(number\): amount due, as printed/);
    assert.match(list, /- lines\[\]\.amount \(number\): line amount/);
    assert.match(list, /- currency \(one of "EUR", "GBP", optional\)/);
  });
  it('schemaInPrompt: false leaves it out; a schema without descriptions gets none', () => {
    assert.equal(buildRequest(withSystem({ schemaInPrompt: false })).messages.length, 2);
    assert.equal(buildRequest(input('json_schema')).messages.length, 1);
  });
  it('a repair after check_failed quotes the failed checks', () => {
    const request = buildRequest(
      input('json_schema', {
        repair: {
          previousOutput: '{"total":153}',
          errors: ['check grounded at total: 153 …'],
          outcome: 'check_failed',
        },
      }),
    );
    assert.match(String(request.messages.at(-1)!.content), /failed these checks[\s\S]*- check grounded at total/);
  });
});
