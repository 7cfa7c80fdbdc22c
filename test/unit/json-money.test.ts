// Pure unit tests — money in JSON outputs as whole micro-USD
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { moneyJson } from '../../cli/json-money';

describe('moneyJson', () => {
  it('rounds …MicroUsd means and adds a whole micro-USD twin beside every …Usd number and map', () => {
    const out = moneyJson({
      costUsd: 0.0005014,
      costMicroUsd: 501,
      totalCostUsd: 0.0005013999999999999,
      costByTierUsd: { economy: 0.000123, premium: 0.0012 },
      proposals: [{ costPerValidMicroUsd: 1234.5678, expectation: { costPerValidMicroUsd: Infinity } }],
      name: 'Usd', // a string field ending in Usd is left alone
      nothingUsd: null,
    });
    assert.deepEqual(out, {
      costUsd: 0.0005014,
      costMicroUsd: 501,
      totalCostUsd: 0.0005013999999999999,
      totalCostMicroUsd: 501,
      costByTierUsd: { economy: 0.000123, premium: 0.0012 },
      costByTierMicroUsd: { economy: 123, premium: 1200 },
      proposals: [{ costPerValidMicroUsd: 1235, expectation: { costPerValidMicroUsd: null } }],
      name: 'Usd',
      nothingUsd: null,
    });
  });

  it('every money number of the output is then an integer count of micro-USD', () => {
    const text = JSON.stringify(moneyJson({ a: [{ xMicroUsd: 0.1 + 0.2 }], bUsd: 1 / 3 }));
    const micro = [...text.matchAll(/MicroUsd":(-?[\d.e-]+)/g)].map((m) => Number(m[1]));
    assert.deepEqual(micro, [0, 333333]);
  });
});
