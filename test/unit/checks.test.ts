// Pure unit tests — the checks engine: number notations, date derivation, string normalisation, ranges, currency
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks, missingCustomChecks } from '../../activities/checks';
import { applyChecks } from '../../activities/checks/apply';
import { currenciesIn } from '../../activities/checks/currency';
import { dateDerivable, datesIn, dayNumber, isoOfDay } from '../../activities/checks/dates';
import { termsIn } from '../../activities/checks/terms';
import { numberOccurs, numbersIn, readNumber } from '../../activities/checks/numbers';
import { valuesAt } from '../../catalog/check-paths';
import { normaliseText, stringOccurs } from '../../activities/checks/strings';
import { repairPrompt } from '../../activities/cascade/build-request';
import type { CheckSpec } from '../../catalog/checks';

const today = dayNumber(2026, 11, 30)!;
const isos = (text: string) => datesIn(text).map(isoOfDay).sort();

describe('number notations', () => {
  it('reads each common notation as the value it writes', () => {
    assert.deepEqual(readNumber('1,250.00'), [1250]);
    assert.deepEqual(readNumber('1.250,00'), [1250]);
    assert.deepEqual(readNumber('1250'), [1250]);
    assert.deepEqual(readNumber('1250.00'), [1250]);
    assert.deepEqual(readNumber("1'250.00"), [1250]);
    assert.deepEqual(readNumber('2.480,00'), [2480]);
    assert.deepEqual(readNumber('12,345,678.9'), [12345678.9]);
  });
  it('keeps both readings of an ambiguous token and none of an impossible grouping', () => {
    assert.deepEqual(readNumber('1,250').sort(), [1.25, 1250]);
    assert.deepEqual(readNumber('1.5'), [1.5]);
    assert.deepEqual(readNumber('20.03.2025'), []);
    assert.deepEqual(readNumber('1,2,3'), []);
  });
  it('finds space-grouped and percentage numbers in running text', () => {
    assert.ok(numberOccurs(1250, 'Total TTC : 1 250,00 €'));
    assert.ok(numberOccurs(1250, 'Total\u00a01\u202f250,00'));
    assert.ok(numberOccurs(0.2, 'VAT 20 % included'));
    assert.ok(numberOccurs(20, 'VAT 20% included'));
    assert.ok(numberOccurs(-342.5, 'Credit note: £342.50'));
  });
  it('rejects the misreadings seen from small models', () => {
    const text = 'Amount due: 1,250.00. Balance: 2.480,00 EUR. Paid: £342.50';
    assert.ok(numberOccurs(1250, text) && numberOccurs(2480, text) && numberOccurs(342.5, text));
    assert.equal(numberOccurs(1, text), false);
    assert.equal(numberOccurs(2.48, text), false);
    assert.equal(numberOccurs(153, text), false);
    assert.equal(numberOccurs(342, text), false);
  });
  it('collects every number of a text', () => {
    assert.deepEqual(numbersIn('qty 3 at 4.50, total 13.50'), [3, 4.5, 13.5]);
  });
});

describe('date derivation', () => {
  it('reads the common formats, both readings of an ambiguous one', () => {
    assert.deepEqual(isos('Issued 2025-03-15'), ['2025-03-15']);
    assert.deepEqual(isos('Issued 15.03.2025'), ['2025-03-15']);
    assert.deepEqual(isos('Issued 15/03/25'), ['2025-03-15']);
    assert.deepEqual(isos('Issued 03/04/2025'), ['2025-03-04', '2025-04-03']);
    assert.deepEqual(isos('Issued 15 March 2025'), ['2025-03-15']);
    assert.deepEqual(isos('Issued 15-Mar-2025'), ['2025-03-15']);
    assert.deepEqual(isos('Issued Mar. 15th, 2025'), ['2025-03-15']);
    assert.deepEqual(isos('Issued March 15 2025'), ['2025-03-15']);
    assert.deepEqual(isos('31/02/2025 is no date'), []);
  });
  it('accepts input dates and dates plus a stated term, rejects the rest', () => {
    const text = 'Invoice date: 15/03/2025. Payment terms: net 30.';
    assert.deepEqual(termsIn(text), [{ days: 30, endOfMonth: false }]);
    assert.ok(dateDerivable('2025-03-15', text));
    assert.ok(dateDerivable('2025-04-14', text)); // + 30 days
    assert.ok(dateDerivable('2025-03-15T00:00:00Z', text));
    assert.equal(dateDerivable('1530-03-15', text), false);
    assert.equal(dateDerivable('2025-04-15', text), false);
    assert.ok(dateDerivable('2025-03-29', 'Dated 1 March 2025, payable within 28 days'));
  });
});

describe('string grounding normalisation', () => {
  it('ignores case, accents, punctuation and whitespace, and matches whole words', () => {
    const input = normaliseText('Supplier:  ACME-Widgets, Ltd.\nCafé Zürich  GmbH');
    assert.ok(stringOccurs('Acme Widgets Ltd', input));
    assert.ok(stringOccurs('acme-widgets,   ltd.', input));
    assert.ok(stringOccurs('Cafe Zurich GmbH', input));
    assert.ok(stringOccurs('', input));
    assert.equal(stringOccurs('Acme Corp', input), false);
    assert.equal(stringOccurs('Widget', input), false); // part of a word is not the word
  });
});

describe('currency evidence', () => {
  it('maps symbols, codes and names to ISO codes', () => {
    assert.deepEqual([...currenciesIn('Total £342.50')], ['GBP']);
    assert.ok(currenciesIn('Total 12 EUR').has('EUR'));
    assert.ok(currenciesIn('Total $12').has('USD'));
    assert.equal(currenciesIn('Total 12').size, 0);
  });
});

describe('field paths', () => {
  it('walks objects and every element of arrays, leaving out absent values', () => {
    const output = { lines: [{ amount: 1 }, { amount: 2 }, { amount: null }], total: 3 };
    assert.deepEqual(valuesAt(output, 'lines[].amount'), [
      { path: 'lines[0].amount', value: 1 },
      { path: 'lines[1].amount', value: 2 },
    ]);
    assert.deepEqual(valuesAt(output, 'total'), [{ path: 'total', value: 3 }]);
    assert.deepEqual(valuesAt(output, 'missing.deep'), []);
  });
});

describe('runChecks', () => {
  const input =
    'INVOICE INV-2041 from Northwind Traders, issued 15 March 2025, due within 30 days.\n' +
    'Widgets 2 x £171.25 = £342.50. Total due £342.50';
  const checks: CheckSpec[] = [
    { check: 'grounded', fields: ['vendor', 'invoiceNumber', 'total', 'issued', 'due', 'lines[].amount'] },
    { check: 'range', fields: ['total', 'lines[].amount'], min: 0 },
    { check: 'dateWindow', fields: ['issued'], minDays: -3650, maxDays: 30 },
    { check: 'dateWindow', fields: ['due'], fromField: 'issued', minDays: 0, maxDays: 120 },
    { check: 'currency', fields: ['currency'] },
    { check: 'custom', name: 'totalMatchesLines' },
  ];
  const registry = {
    totalMatchesLines: (output: unknown) => {
      const o = output as { total: number; lines: { amount: number }[] };
      const sum = o.lines.reduce((s, l) => s + l.amount, 0);
      return Math.abs(sum - o.total) > 0.005 ? `lines sum to ${sum}, total says ${o.total}` : undefined;
    },
  };
  const good = {
    vendor: 'Northwind Traders',
    invoiceNumber: 'INV-2041',
    total: 342.5,
    currency: 'GBP',
    issued: '2025-03-15',
    due: '2025-04-14',
    lines: [{ amount: 342.5 }],
  };

  it('passes a grounded, plausible answer', async () => {
    assert.deepEqual(await runChecks(good, checks, { input, today, registry }), []);
  });

  it('names each failed check, field and why', async () => {
    const bad = { ...good, vendor: 'Northwind Trading', total: 153, currency: 'USD', issued: '1530-03-15' };
    const failures = await runChecks(bad, checks, { input, today, registry });
    assert.deepEqual(
      failures.map((f) => [f.check, f.field]),
      [
        ['grounded', 'vendor'],
        ['grounded', 'total'],
        ['grounded', 'issued'],
        ['dateWindow', 'issued'],
        ['dateWindow', 'due'], // measured from the wrong issue date
        ['currency', 'currency'],
        ['totalMatchesLines', undefined],
      ],
    );
    assert.match(failures[1]!.problem, /153 does not occur in the input/);
    assert.match(failures[6]!.problem, /lines sum to 342.5, total says 153/);
  });

  it('range and date window relative to the input', async () => {
    const failures = await runChecks(
      { total: -5, paid: '2031-01-01' },
      [
        { check: 'range', fields: ['total'], min: 0 },
        { check: 'dateWindow', fields: ['paid'], relativeTo: 'input', minDays: 0, maxDays: 365 },
      ],
      { input, today },
    );
    assert.deepEqual(
      failures.map((f) => f.problem),
      ['-5 is below the minimum 0', '2031-01-01 is not within 0..365 days of any date in the input'],
    );
  });

  it('reports custom checks the worker lacks', () => {
    assert.deepEqual(missingCustomChecks(checks, registry), []);
    assert.deepEqual(missingCustomChecks(checks, {}), ['totalMatchesLines']);
  });
});

describe('applyChecks and the repair prompt', () => {
  it('turns an ok answer that fails a check into check_failed, keeping the answer for a repair', async () => {
    const judged = { outcome: 'ok' as const, output: { total: 153 }, finishReason: 'stop' };
    const result = await applyChecks(judged, {
      messages: [
        { role: 'system', content: 'Example: total 153' },
        { role: 'user', content: 'Total £342.50' },
      ],
      checks: [{ check: 'grounded', fields: ['total'] }],
    });
    assert.equal(result.outcome, 'check_failed');
    assert.equal(result.output, undefined);
    assert.equal(result.rawText, '{"total":153}');
    assert.deepEqual(result.validationErrors, [
      'check grounded at total: 153 does not occur in the input in any common notation',
    ]);
    const prompt = repairPrompt({
      previousOutput: result.rawText!,
      errors: result.validationErrors!,
      outcome: 'check_failed',
    });
    assert.match(prompt, /failed these checks/);
    assert.match(prompt, /check grounded at total: 153/);
  });

  it('a user check that throws fails the answer instead of losing it', async () => {
    const result = await applyChecks(
      { outcome: 'ok', output: {}, finishReason: 'stop' },
      { messages: [{ role: 'user', content: 'x' }], checks: [{ check: 'custom', name: 'boom' }] },
      {
        boom: () => {
          throw new Error('kaput');
        },
      },
    );
    assert.equal(result.outcome, 'check_failed');
    assert.match(result.validationErrors![0]!, /threw: kaput/);
  });
});

describe('the demo ground truth passes its own grounding checks', () => {
  it('every expected value of every demo document is grounded in that document', async () => {
    const { loadDataset } = await import('../../demo/dataset');
    const { loadExpected } = await import('../../demo/ground-truth');
    const expected = loadExpected();
    const documents = loadDataset();
    assert.equal(expected.size, documents.length);
    const checks: CheckSpec[] = [
      { check: 'grounded', fields: ['documentNumber', 'issueDate', 'total'] },
      { check: 'currency', fields: ['currency'] },
    ];
    for (const doc of documents) {
      const failures = await runChecks(expected.get(doc.id), checks, { input: doc.text, today });
      assert.deepEqual(failures, [], doc.id);
    }
  });
  it('Indian grouping and CJK dates', () => {
    assert.deepEqual(readNumber('5,13,300.00'), [513300]);
    assert.deepEqual(isos('2024年7月19日 15:48'), ['2024-07-19']);
  });
});
