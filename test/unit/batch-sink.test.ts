// Unit tests — the idempotent JSONL result sink (files only): one line per id, across instances and after a torn write
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileResultSink, idOfLine } from '../../activities/batch/sink';
import { tempFiles } from '../helpers/cli';

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('FileResultSink', () => {
  const { dir } = tempFiles({});

  it('writes an id once; a second write of the same id is a no-op', () => {
    const path = join(dir, 'once.jsonl');
    const sink = new FileResultSink();
    assert.equal(sink.recordedIds(path).size, 0, 'a missing file records nothing');
    assert.equal(sink.append(path, 'a', { id: 'a', n: 1 }), true);
    assert.equal(sink.append(path, 'a', { id: 'a', n: 2 }), false);
    assert.equal(sink.append(path, 'b', { id: 'b' }), true);
    assert.deepEqual(
      lines(path).map((l) => JSON.parse(l)),
      [{ id: 'a', n: 1 }, { id: 'b' }],
    );
  });

  it('a new instance (a restarted worker) loads the ids already in the file', () => {
    const path = join(dir, 'restart.jsonl');
    new FileResultSink().append(path, 'a', { id: 'a' });
    const fresh = new FileResultSink();
    assert.ok(fresh.recordedIds(path).has('a'));
    assert.equal(fresh.append(path, 'a', { id: 'a' }), false);
    assert.equal(lines(path).length, 1);
  });

  it('sees lines another process appended since it last looked', () => {
    const path = join(dir, 'shared.jsonl');
    const one = new FileResultSink();
    const two = new FileResultSink();
    assert.equal(one.append(path, 'a', { id: 'a' }), true);
    assert.equal(two.append(path, 'b', { id: 'b' }), true);
    assert.equal(one.append(path, 'b', { id: 'b' }), false, 'written by the other instance');
    assert.equal(two.append(path, 'a', { id: 'a' }), false);
    assert.deepEqual(
      lines(path).map((l) => JSON.parse(l).id),
      ['a', 'b'],
    );
  });

  it('a torn last line (a crash mid-write) is ignored, and the next line starts on a line of its own', () => {
    const path = join(dir, 'torn.jsonl');
    appendFileSync(path, '{"id":"a"}\n{"id":"b","out');
    const sink = new FileResultSink();
    assert.deepEqual([...sink.recordedIds(path)], ['a']);
    assert.equal(sink.append(path, 'b', { id: 'b' }), true);
    assert.equal(sink.append(path, 'c', { id: 'c' }), true);
    assert.deepEqual(readFileSync(path, 'utf8').split('\n'), [
      '{"id":"a"}',
      '{"id":"b","out',
      '{"id":"b"}',
      '{"id":"c"}',
      '',
    ]);
    assert.deepEqual([...new FileResultSink().recordedIds(path)].sort(), ['a', 'b', 'c']);
  });

  it('a file that was replaced by a shorter one is read again from the start', () => {
    const path = join(dir, 'replaced.jsonl');
    const sink = new FileResultSink();
    sink.append(path, 'a', { id: 'a' });
    sink.append(path, 'bb', { id: 'bb' });
    writeFileSync(path, '{"id":"z"}\n');
    assert.deepEqual([...sink.recordedIds(path)], ['z']);
  });

  it('idOfLine: only string ids of JSON objects', () => {
    assert.equal(idOfLine('{"id":"x","status":"ok"}'), 'x');
    assert.equal(idOfLine('{"id":3}'), undefined);
    assert.equal(idOfLine('not json'), undefined);
    assert.equal(idOfLine('   '), undefined);
    assert.equal(idOfLine('null'), undefined);
  });
});
