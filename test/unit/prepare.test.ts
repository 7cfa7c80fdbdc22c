// Pure unit tests — request checks before any workflow starts; no Temporal
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CascadeConfigError } from '../../catalog/errors';
import { defaultCatalog } from '../../catalog/node/load';
import { prepareCascade } from '../../client/prepare';

const catalog = defaultCatalog();
const schema = z.object({ total: z.number() });
const today = '2026-11-29';

function rejects(request: Parameters<typeof prepareCascade>[1], code: string, message: RegExp) {
  assert.throws(
    () => prepareCascade(catalog, request, today),
    (error: unknown) => error instanceof CascadeConfigError && error.code === code && message.test(error.message),
  );
}

describe('prepareCascade: bad requests are rejected with a message that says what to fix', () => {
  it('a valid request becomes a workflow input with its route, prices and token estimate', () => {
    const input = prepareCascade(catalog, { task: 'extract', schema, input: 'total: 3' }, today);
    assert.equal(input.route.tiers[0]!.name, 'economy');
    assert.equal(input.route.tiers[0]!.candidates[0]!.price.effectiveFrom <= today, true);
    assert.ok(input.estimatedInputTokens > 3);
    assert.equal(input.schema.jsonSchema.$schema, undefined);
    assert.deepEqual(input.messages, [{ role: 'user', content: 'total: 3' }]);
  });
  it('unknown task → names the known tasks', () =>
    rejects({ task: 'nope', schema, input: 'x' }, 'UNKNOWN_TASK', /extract/));
  it('empty input', () => rejects({ task: 'extract', schema, input: '   ' }, 'EMPTY_INPUT', /input is empty/));
  it('a JSON Schema ajv cannot compile', () =>
    rejects({ task: 'extract', schema: { type: 'objekt' }, input: 'x' }, 'INVALID_SCHEMA', /does not compile/));
  it('a prompt larger than every context window', () => {
    const small = defaultCatalog();
    for (const model of Object.values(small.models)) model.contextWindow = 8_000;
    assert.throws(
      () => prepareCascade(small, { task: 'extract', schema, input: 'lorem ipsum '.repeat(5_000) }, today),
      (error: unknown) => error instanceof CascadeConfigError && /largest context window/.test(error.message),
    );
  });
  it('a prompt over the payload limit says the limit and what to do, before counting tokens', () =>
    rejects(
      { task: 'extract', schema, input: 'lorem ipsum '.repeat(250_000) },
      'PROMPT_TOO_LARGE',
      /3\.0 MB, over the 1\.5 MB .*2 MB.*split the input/,
    ));
  it('a JSON Schema with a misspelt keyword (it would validate anything) names the keyword', () => {
    rejects(
      { task: 'extract', schema: { tyep: 'object', requird: ['x'] }, input: 'x' },
      'INVALID_SCHEMA',
      /unknown keyword: "tyep".*spelling/,
    );
    rejects(
      { task: 'extract', schema: { type: 'object', properties: { a: { type: 'string', minLenght: 2 } } }, input: 'x' },
      'INVALID_SCHEMA',
      /minLenght/,
    );
  });
  it("zod's emitted schemas pass the strict check: formats, unions, metadata, hashes", () => {
    const rich = z.object({
      email: z.email(),
      id: z.uuid(),
      day: z.iso.date(),
      at: z.iso.datetime(),
      link: z.url(),
      code: z.string().startsWith('A').endsWith('Z').lowercase(),
      blob: z.base64(),
      hash: z.hash('sha256'),
      ids: z.array(z.cuid2()).min(1),
      kind: z.discriminatedUnion('k', [z.object({ k: z.literal('a') }), z.object({ k: z.literal('b'), n: z.int() })]),
      either: z.union([z.string(), z.number()]).nullable(),
      tags: z.record(z.string(), z.number()),
      note: z.string().meta({ title: 'Note', description: 'free text', examples: ['x'], deprecated: true }),
      maybe: z.string().optional(),
    });
    assert.ok(prepareCascade(catalog, { task: 'extract', schema: rich, input: 'x' }, today));
  });
  it("'<|endoftext|>' in the input is counted as text, not a tokenizer error", () => {
    const input = prepareCascade(
      catalog,
      { task: 'extract', schema, input: 'a <|endoftext|> b <|fim_prefix|>' },
      today,
    );
    assert.ok(input.estimatedInputTokens > 5);
  });
  it('a budget that is not a positive number', () =>
    rejects({ task: 'extract', schema, input: 'x', maxCostUsd: -1 }, 'INVALID_REQUEST', /maxCostUsd/));
  it('an unknown start tier names the tiers', () =>
    rejects(
      { task: 'extract', schema, input: 'x', startTier: 'gold' },
      'INVALID_REQUEST',
      /economy, standard, premium/,
    ));
  it('both input and messages', () =>
    rejects(
      { task: 'extract', schema, input: 'x', messages: [{ role: 'user', content: 'y' }] },
      'INVALID_REQUEST',
      /either input or messages/,
    ));
});
