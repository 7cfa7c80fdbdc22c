// Pure unit tests — request checks before any workflow starts; no Temporal
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CascadeConfigError } from '../../catalog/errors';
import { defaultCatalog } from '../../catalog/load';
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
  it('a prompt larger than every context window', () =>
    rejects(
      { task: 'extract', schema, input: 'lorem ipsum '.repeat(600_000) },
      'PROMPT_TOO_LARGE',
      /largest context window/,
    ));
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
