// Unit tests — reading a batch's --out/--errors locator: files, S3 objects, PostgreSQL tables; bad ones are clear errors
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultErrorsLocator, isRemoteOutput, outputLocation } from '../../inputs/output-location';
import { createTableSql } from '../../activities/batch/sinks/postgres';
import { lineObjectName } from '../../activities/batch/sinks/s3';

describe('outputLocation', () => {
  it('reads a plain path as a file, an s3:// URL as bucket and key, a postgres:// URL as connection and table', () => {
    assert.deepEqual(outputLocation('out/results.jsonl'), { kind: 'file', path: 'out/results.jsonl' });
    assert.deepEqual(outputLocation('s3://my-bucket/runs/results.jsonl'), {
      kind: 's3',
      bucket: 'my-bucket',
      key: 'runs/results.jsonl',
    });
    assert.deepEqual(outputLocation('postgres://batch@db.internal:5432/work?sslmode=require#public.results'), {
      kind: 'postgres',
      url: 'postgres://batch@db.internal:5432/work?sslmode=require',
      table: 'public.results',
    });
    assert.equal(isRemoteOutput('postgresql://h/db#t'), true);
    assert.equal(isRemoteOutput('/tmp/results.jsonl'), false);
  });

  it('refuses what it cannot use, saying what to write instead', () => {
    assert.throws(() => outputLocation('s3://my-bucket'), /write s3:\/\/bucket\/path\/results\.jsonl/);
    assert.throws(() => outputLocation('s3://my-bucket/runs/'), /not a bucket or a prefix/);
    assert.throws(() => outputLocation('s3://My_Bucket/r.jsonl'), /not a valid S3 bucket name/);
    assert.throws(() => outputLocation('s3://bucket/Runs/../r.jsonl', '--errors'), /--errors .*lower-case segments/);
    assert.throws(() => outputLocation('postgres://h/db'), /name the table after '#'/);
    assert.throws(() => outputLocation('postgres://h/db#Results; DROP TABLE x'), /lower-case SQL name/);
    assert.throws(() => outputLocation('postgres://u:secret@h/db#t'), /PGPASSWORD/);
  });

  it('puts the errors beside the results: a sibling object or file, a sibling table', () => {
    assert.equal(defaultErrorsLocator('s3://b-1/runs/results.jsonl'), 's3://b-1/runs/results.errors.jsonl');
    assert.equal(defaultErrorsLocator('/tmp/out.jsonl'), '/tmp/out.errors.jsonl');
    assert.equal(defaultErrorsLocator('postgres://h/db#results'), 'postgres://h/db#results_errors');
  });
});

describe('the sinks pure parts', () => {
  it('names a line object by the hash of its key: no item id in the name, the same name on every host', () => {
    assert.match(lineObjectName('item-1'), /^[0-9a-f]{64}\.json$/);
    assert.equal(lineObjectName('item-1'), lineObjectName('item-1'));
    assert.notEqual(lineObjectName('item-1'), lineObjectName('item-1@run2'));
    assert.equal(lineObjectName('item-1').includes('item'), false);
  });

  it("keys the table by the line's key (the item id for a result) so an insert that meets it changes nothing", () => {
    const [table, index] = createTableSql('public.results');
    assert.match(table!, /CREATE TABLE IF NOT EXISTS public\.results \(/);
    assert.match(table!, /key text PRIMARY KEY/);
    assert.match(index!, /CREATE INDEX IF NOT EXISTS public_results_id_idx ON public\.results \(id\)/);
  });
});
