// Pure unit tests — `--check` / `--checks`: the short form, the JSON form, and the errors a typo gets
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectCheck, parseCheck, readChecksFile, requestChecks } from '../../cli/check-flags';
import { CascadeConfigError } from '../../catalog/errors';
import { tempFiles } from '../helpers/cli';

const rejects = (value: string, message: RegExp) =>
  assert.throws(
    () => parseCheck(value),
    (error: unknown) => error instanceof CascadeConfigError && message.test(error.message),
  );

describe('--check: the short form is the catalog spec', () => {
  it('each kind, with its fields and options', () => {
    assert.deepEqual(parseCheck('grounded:vendor,total'), { check: 'grounded', fields: ['vendor', 'total'] });
    assert.deepEqual(parseCheck('grounded:total:as=number'), { check: 'grounded', fields: ['total'], as: 'number' });
    assert.deepEqual(parseCheck('range:total,lines[].amount:min=0,max=1e6'), {
      check: 'range',
      fields: ['total', 'lines[].amount'],
      min: 0,
      max: 1_000_000,
    });
    assert.deepEqual(parseCheck('dateWindow:dueDate:minDays=0,maxDays=120,fromField=issueDate'), {
      check: 'dateWindow',
      fields: ['dueDate'],
      minDays: 0,
      maxDays: 120,
      fromField: 'issueDate',
    });
    assert.deepEqual(parseCheck('currency:currency'), { check: 'currency', fields: ['currency'] });
    assert.deepEqual(parseCheck('custom:totalMatchesLines'), { check: 'custom', name: 'totalMatchesLines' });
  });
  it('the checks for values present but wrong: near, sum, differs, term', () => {
    assert.deepEqual(parseCheck('near:total:preset=total'), { check: 'near', fields: ['total'], preset: 'total' });
    assert.deepEqual(parseCheck('near:total:labels=Amount due|Zu zahlen'), {
      check: 'near',
      fields: ['total'],
      labels: ['Amount due', 'Zu zahlen'],
    });
    assert.deepEqual(parseCheck('sum:total:of=subtotal+tax,tolerance=0.02,charges=true'), {
      check: 'sum',
      fields: ['total'],
      of: ['subtotal', 'tax'],
      tolerance: 0.02,
      charges: true,
    });
    assert.deepEqual(parseCheck('sum:subtotal:of=lineItems[].amount'), {
      check: 'sum',
      fields: ['subtotal'],
      of: ['lineItems[].amount'],
    });
    assert.deepEqual(parseCheck('differs:vendor:from=customer'), {
      check: 'differs',
      fields: ['vendor'],
      from: 'customer',
    });
    assert.deepEqual(parseCheck('term:dueDate:from=issueDate'), {
      check: 'term',
      fields: ['dueDate'],
      from: 'issueDate',
    });
  });
  it('their mistakes say what to write', () => {
    rejects(
      'near:total',
      /near needs a "preset" \(total, subtotal, tax, dueDate, issueDate, vendor, buyer, invoiceNumber\)/,
    );
    rejects('near:total:preset=totals', /preset: must be one of the label presets: total, subtotal/);
    rejects('near:total:labels=', /labels\[0\]: a label is a non-empty phrase/);
    rejects('sum:total', /of: name the fields that add up, e.g. \["subtotal", "tax"\]/);
    rejects('sum:total:of=subtotal+tax,charges=yes', /charges is true or false, got "yes"/);
    rejects('sum:total:of=subtotal,tolerance=-1', /tolerance: a tolerance is 0 or more/);
    rejects('differs:vendor', /from: name the field to compare with, e.g. "customer"/);
    rejects('term:dueDate:from=issue date', /from: must be a field path/);
    rejects('near:total:from=x', /near has no option "from" \(it takes preset, labels\)/);
  });
  it('a JSON spec is taken as it is, and validated the same way', () => {
    assert.deepEqual(parseCheck('{"check":"range","fields":["total"],"min":0}'), {
      check: 'range',
      fields: ['total'],
      min: 0,
    });
    rejects('{"check":"range","fields":["total"],"minimum":0}', /Unrecognized key/);
    rejects('{"check":', /not a JSON object/);
  });
  it('typos are errors that say what to write', () => {
    rejects(
      'grounding:vendor',
      /unknown check "grounding"; use one of grounded, range, dateWindow, currency, near, sum/,
    );
    rejects('grounded:', /name the fields after "grounded:"/);
    rejects('custom:', /name the check function/);
    rejects('range:total:min=abc', /min must be a number, got "abc"/);
    rejects('range:total:mni=1', /range has no option "mni" \(it takes min, max\)/);
    rejects('currency:currency:as=string', /currency has no option "as" \(it takes none\)/);
    rejects('range:total:min', /options are <option>=<value>/);
    rejects('grounded:a b', /must be a field path/);
    rejects('dateWindow:dueDate:relativeTo=yesterday', /relativeTo/);
    rejects('grounded:total:as=number:extra', /too many ":"/);
    rejects('custom:name:min=1', /takes no options/);
  });
  it('the collector appends, in order', () => {
    assert.deepEqual(collectCheck('custom:b', collectCheck('custom:a')), [
      { check: 'custom', name: 'a' },
      { check: 'custom', name: 'b' },
    ]);
  });
});

describe('--checks <file.json>', () => {
  it('an array of specs; the file comes first, then each --check', () => {
    const files = tempFiles({ 'checks.json': [{ check: 'grounded', fields: ['total'] }] });
    assert.deepEqual(requestChecks({ checks: files['checks.json'], check: [{ check: 'custom', name: 'x' }] }), [
      { check: 'grounded', fields: ['total'] },
      { check: 'custom', name: 'x' },
    ]);
    assert.equal(requestChecks({}), undefined);
  });
  it('errors name the file and the entry', () => {
    const files = tempFiles({ 'bad.json': [{ check: 'range', fields: [] }], 'object.json': { check: 'range' } });
    writeFileSync(join(files.dir, 'broken.json'), '[{');
    const throwsMatching = (path: string, message: RegExp) =>
      assert.throws(
        () => readChecksFile(path),
        (error: unknown) => error instanceof CascadeConfigError && message.test(error.message),
      );
    throwsMatching(files['bad.json']!, /bad\.json: \[0\]\.fields: name at least one field/);
    throwsMatching(files['object.json']!, /expected a JSON array of check specs/);
    throwsMatching(join(files.dir, 'broken.json'), /broken\.json: not JSON/);
    throwsMatching(join(files.dir, 'missing.json'), /cannot read it \(ENOENT\)/);
  });
});
