// Pure unit tests — scoring results against labels: field accuracy, cost per correct result, missing and absent labels
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CascadeConfigError } from '../../catalog/errors';
import { itemFromValue } from '../../inputs/batch-source';
import { readLabels, readResultLines } from '../../inputs/labels';
import { scoreResults, valueCorrect, type Label, type ResultLine } from '../../inputs/score';
import { tempFiles } from '../helpers/cli';

const labels = (entries: Record<string, Label>) => new Map(Object.entries(entries));

describe('valueCorrect', () => {
  it('numbers to the cent, strings exactly once trimmed', () => {
    assert.equal(valueCorrect(1250, 1250.004), true);
    assert.equal(valueCorrect(1250, 1250.01), false);
    assert.equal(valueCorrect(1250, '1250'), false);
    assert.equal(valueCorrect('INV-7', ' INV-7 '), true);
    assert.equal(valueCorrect('INV-7', 'inv-7'), false);
    assert.equal(valueCorrect(true, true), true);
    assert.equal(valueCorrect(true, 'true'), false);
  });
  it('null matches null or a missing field; arrays element by element; objects on the labelled keys', () => {
    assert.equal(valueCorrect(null, undefined), true);
    assert.equal(valueCorrect(null, null), true);
    assert.equal(valueCorrect(null, ''), false);
    assert.equal(valueCorrect([1, 'a'], [1, 'a']), true);
    assert.equal(valueCorrect([1, 'a'], [1, 'a', 2]), false);
    assert.equal(valueCorrect({ amount: 5 }, { amount: 5, note: 'extra keys are not scored' }), true);
    assert.equal(valueCorrect({ amount: 5 }, { amount: 6 }), false);
    assert.equal(valueCorrect({ amount: 5 }, [5]), false);
  });
});

describe('scoreResults', () => {
  const lines: ResultLine[] = [
    { id: 'a', status: 'ok', output: { total: 10, currency: 'EUR' }, costMicroUsd: 100 },
    { id: 'b', status: 'ok', output: { total: 1, currency: 'EUR' }, costMicroUsd: 200 },
    { id: 'c', status: 'ok', output: { total: 7, currency: 'GBP' }, costMicroUsd: 300 },
    { id: 'd', status: 'failed', costMicroUsd: 400 },
    { id: 'x', status: 'ok', output: { total: 99 }, costMicroUsd: 1000 },
  ];
  const expected = labels({
    a: { total: 10, currency: 'EUR' },
    b: { total: 1250, currency: 'EUR' },
    c: { total: 7 }, // currency left out: not scored
    d: { total: 3 }, // failed: not scored, its spend counts
    e: { total: 4 }, // never ran
  });

  it('accuracy and field accuracy are over every labelled item: one without a valid result (d failed, e never ran) is wrong', () => {
    const score = scoreResults(lines, expected);
    assert.deepEqual(score.fields, { total: { right: 2, of: 5 }, currency: { right: 2, of: 2 } });
    assert.equal(score.fieldAccuracy, 4 / 7);
    assert.equal(score.correct, 2);
    // The headline: 2 right of the 5 labelled items, not of the 3 that produced a result.
    assert.equal(score.accuracy, 2 / 5);
    assert.deepEqual(score.wrongIds, ['b']);
  });
  it('cost per result is whole micro-USD, and its USD form has no float tail', () => {
    const thirds = scoreResults(
      [
        { id: 'a', status: 'ok', output: { total: 10 }, costMicroUsd: 1000 },
        { id: 'b', status: 'ok', output: { total: 1 }, costMicroUsd: 1003 },
        { id: 'c', status: 'ok', output: { total: 7 }, costMicroUsd: 1001 },
      ],
      labels({ a: { total: 10 }, b: { total: 1 }, c: { total: 7 } }),
    );
    // 3004 µUSD over 3 correct results: 1001.33…, kept as 1001 (the old float said 0.0010013333333333333).
    assert.equal(thirds.costPerCorrectMicroUsd, 1001);
    assert.equal(thirds.costPerCorrectUsd, 0.001001);
    assert.ok(Number.isInteger(thirds.costPerValidMicroUsd));
  });
  it('labelled items without a valid result are unanswered; results without labels are ignored', () => {
    const score = scoreResults(lines, expected);
    assert.deepEqual([score.labelled, score.scored, score.unanswered, score.unlabelled, score.valid], [5, 3, 2, 1, 4]);
  });
  it('cost per correct result: all spend on labelled items (failed ones too) over correct results', () => {
    const score = scoreResults(lines, expected);
    assert.equal(score.labelledCostMicroUsd, 100 + 200 + 300 + 400);
    assert.equal(score.costPerCorrectUsd, 1000 / 2 / 1e6);
    assert.equal(score.costPerCorrectMicroUsd, 500);
    assert.equal(score.costMicroUsd, 2000);
    assert.equal(score.costPerValidUsd, 2000 / 4 / 1e6);
  });
  it('an item with an error line and then a result is scored once and costs both lines', () => {
    const score = scoreResults(
      [
        { id: 'a', status: 'retryable', costMicroUsd: 50 },
        { id: 'a', status: 'ok', output: { total: 10 }, costMicroUsd: 70 },
      ],
      labels({ a: { total: 10 } }),
    );
    assert.deepEqual([score.scored, score.correct, score.costPerCorrectUsd], [1, 1, 120 / 1e6]);
  });
  it('nothing right, nothing valid, no labels: null ratios, no division by zero', () => {
    const wrong = scoreResults([{ id: 'a', status: 'ok', output: {}, costMicroUsd: 5 }], labels({ a: { total: 1 } }));
    assert.deepEqual([wrong.correct, wrong.costPerCorrectUsd, wrong.fieldAccuracy], [0, null, 0]);
    const none = scoreResults([{ id: 'a', status: 'failed', costMicroUsd: 5 }], labels({}));
    assert.deepEqual([none.costPerValidUsd, none.fieldAccuracy, none.unlabelled], [null, null, 0]);
  });
});

describe('labels in a batch input', () => {
  it('read by the ids the batch gives items; unlabelled and broken lines left out', () => {
    const files = tempFiles({
      'in.jsonl': [
        JSON.stringify({ id: 'a', text: 'Total 10', expected: { total: 10 } }),
        '',
        JSON.stringify({ text: 'no id: line-3', expected: { total: 3 } }),
        JSON.stringify({ id: 'u', text: 'unlabelled' }),
        '{ broken',
      ].join('\n'),
      'in.json': [
        { text: 'x', expected: { total: 1 } },
        { id: 7, text: 'y', expected: { total: 2 } },
      ],
      'bad.jsonl': JSON.stringify({ id: 'a', text: 'x', expected: 12 }),
    });
    assert.deepEqual(
      [...readLabels(files['in.jsonl']!)],
      [
        ['a', { total: 10 }],
        ['line-3', { total: 3 }],
      ],
    );
    assert.deepEqual(
      [...readLabels(files['in.json']!)],
      [
        ['index-0', { total: 1 }],
        ['7', { total: 2 }],
      ],
    );
    assert.equal(readLabels(files.dir).size, 0);
    assert.throws(
      () => readLabels(files['bad.jsonl']!, '--input'),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        /--input .*bad\.jsonl: item a: "expected" must be an object/.test(error.message),
    );
  });
  it('the label never reaches the model: not in the text, nor in an object item that is its own document', () => {
    assert.deepEqual(itemFromValue({ id: 'a', text: 'doc', expected: { total: 1 } }, 'line-1').content, {
      text: 'doc',
    });
    assert.deepEqual(itemFromValue({ id: 'a', vendor: 'ACME', expected: { total: 1 } }, 'line-1').content, {
      text: '{"vendor":"ACME"}',
    });
  });
  it('result lines: broken and id-less lines skipped, a missing file has none', () => {
    const files = tempFiles({ 'r.jsonl': '{"id":"a","status":"ok","costMicroUsd":1}\n{"status":"ok"}\n{ broken\n' });
    assert.deepEqual(readResultLines(files['r.jsonl']!), [{ id: 'a', status: 'ok', costMicroUsd: 1 }]);
    assert.deepEqual(readResultLines(join(files.dir, 'missing.jsonl')), []);
    writeFileSync(join(files.dir, 'empty.jsonl'), '');
    assert.deepEqual(readResultLines(join(files.dir, 'empty.jsonl')), []);
  });
});
