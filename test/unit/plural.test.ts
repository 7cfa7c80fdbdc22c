// Pure unit tests — one pluralize helper: no "1 attempts" or "1 items" in CLI or UI text
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plural } from '../../catalog/plural';
import { totalsLine } from '../../cli/format';
import { ledgerMarkdown } from '../../workflows/cascade/ledger';

describe('plural', () => {
  it('one is singular; zero and many are plural; irregular plurals can be given', () => {
    assert.equal(plural(1, 'attempt'), '1 attempt');
    assert.equal(plural(0, 'attempt'), '0 attempts');
    assert.equal(plural(2, 'item'), '2 items');
    assert.equal(plural(2, 'entry', 'entries'), '2 entries');
  });
  it('the totals line of `run` and the ledger in the Temporal UI say "1 attempt"', () => {
    const totals = {
      attempts: 1,
      billedAttempts: 1,
      costUsd: 0.001,
      costMicroUsd: 1000,
      inputTokens: 10,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 5,
    };
    assert.match(totalsLine(totals as Parameters<typeof totalsLine>[0]), /^1 attempt \(1 billed\)/);
    assert.match(ledgerMarkdown([], 'done'), /\*\*done\*\*: 0 attempts, 0 billed/);
  });
});
