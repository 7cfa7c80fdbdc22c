// Pure unit tests — docs/checks.md: its recipes are the ones demo/recipes.ts ships, and valid catalog checks
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkListSchema } from '../../catalog/node/checks-schema';
import { INVOICE_CHECKS, RECEIPT_CHECKS, SUPPORT_EMAIL_CHECKS } from '../../demo/recipes';

const ROOT = resolve(__dirname, '../../..');

describe('docs/checks.md', () => {
  it('prints the invoice, receipt and support-email recipes as demo/recipes.ts has them', () => {
    const text = readFileSync(join(ROOT, 'docs', 'checks.md'), 'utf8');
    const recipes = [...text.matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => JSON.parse(m[1]!) as unknown);
    assert.deepEqual(recipes, [INVOICE_CHECKS, RECEIPT_CHECKS, SUPPORT_EMAIL_CHECKS]);
    for (const recipe of recipes) assert.equal(checkListSchema.safeParse(recipe).success, true);
  });
});
