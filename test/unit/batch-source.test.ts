// Unit tests — reading batch inputs (JSONL by byte offset, JSON arrays, directories) and per-item start tiers; files only
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectSourceKind, itemFromValue, readEntries, readEntry, type SourceEntry } from '../../inputs/batch-source';
import { itemStartTier } from '../../activities/batch/start-tier';
import { CascadeConfigError } from '../../catalog/errors';
import type { RoutePlan } from '../../routing/types';
import type { BatchCursor, BatchSource } from '../../workflows/batch/definitions';
import { tempFiles } from '../helpers/cli';

/** Every entry of a source, read `pageSize` at a time, as the workflow pages through it. */
function readAll(source: BatchSource, pageSize: number): SourceEntry[] {
  const all: SourceEntry[] = [];
  for (let cursor: BatchCursor | undefined = { index: 0, offset: 0 }; cursor;) {
    const page = readEntries(source, cursor, pageSize);
    all.push(...page.entries);
    cursor = page.exhausted ? undefined : page.next;
  }
  return all;
}

describe('batch sources', () => {
  const { dir } = tempFiles({});

  it('JSONL: ids from the item or its line number; blank lines skipped; malformed and empty items named', () => {
    const path = join(dir, 'a.jsonl');
    writeFileSync(
      path,
      [
        '{"id":"a","text":"one"}',
        '',
        '  ',
        '{oops',
        '"just text"',
        '{"id":2,"document":"two"}',
        '{"text":""}',
        '{"id":"c","x":1}',
      ].join('\r\n'),
    );
    const entries = readAll({ kind: 'jsonl', path }, 2);
    assert.deepEqual(
      entries.map((e) => e.id),
      ['a', 'line-4', 'line-5', '2', 'line-7', 'c'],
    );
    assert.deepEqual(
      entries.map((e) => ('text' in e.content ? e.content.text : e.content.code)),
      ['one', 'malformed', 'just text', 'two', 'empty', '{"x":1}'],
    );
    assert.deepEqual(
      entries.map((e) => e.at.index),
      [0, 3, 4, 5, 6, 7],
    );
  });

  it('JSONL: a page cursor and an item offset point at the right line, multibyte text and long lines included', () => {
    const path = join(dir, 'b.jsonl');
    const long = 'x'.repeat(200_000); // longer than one read chunk
    const lines = [
      { id: 'é1', text: 'café ☕' },
      { id: 'long', text: long },
      { id: 'last', text: 'end' },
    ].map((v) => JSON.stringify(v));
    writeFileSync(path, `${lines.join('\n')}\n\n`);
    const first = readEntries({ kind: 'jsonl', path }, { index: 0, offset: 0 }, 2);
    assert.deepEqual(
      first.entries.map((e) => e.id),
      ['é1', 'long'],
    );
    assert.equal(first.exhausted, false);
    const second = readEntries({ kind: 'jsonl', path }, first.next, 2);
    assert.deepEqual(
      second.entries.map((e) => e.id),
      ['last'],
    );
    assert.equal(second.exhausted, true);
    const again = readEntries({ kind: 'jsonl', path }, second.next, 5);
    assert.deepEqual([again.entries.length, again.exhausted], [0, true]);
    const longRef = first.entries[1]!;
    const reread = readEntry({ kind: 'jsonl', path }, longRef);
    assert.deepEqual(reread?.content, { text: long });
    assert.deepEqual(readEntry({ kind: 'jsonl', path }, first.entries[0]!)?.content, { text: 'café ☕' });
    // A full last page at the end of the file is already exhausted (only blank lines follow).
    assert.equal(readEntries({ kind: 'jsonl', path }, first.next, 1).exhausted, true);
  });

  it('JSON arrays and directories: positions by index and sorted file name; hidden files are not items', () => {
    const path = join(dir, 'c.json');
    writeFileSync(path, JSON.stringify(['t0', { id: 'k', input: 't1' }, [1], 5]));
    const entries = readAll({ kind: 'json', path }, 3);
    assert.deepEqual(
      entries.map((e) => e.id),
      ['index-0', 'k', 'index-2', 'index-3'],
    );
    assert.deepEqual(
      entries.map((e) => ('text' in e.content ? e.content.text : e.content.code)),
      ['t0', 't1', 'malformed', 'malformed'],
    );
    const docs = join(dir, 'docs');
    mkdirSync(docs);
    for (const [name, text] of [
      ['b.txt', 'bee'],
      ['a.txt', 'ay'],
      ['.DS_Store', 'x'],
    ])
      writeFileSync(join(docs, name!), text!);
    mkdirSync(join(docs, 'sub'));
    const files = readAll({ kind: 'dir', path: docs }, 1);
    assert.deepEqual(
      files.map((e) => [e.id, e.file, e.at.index]),
      [
        ['a.txt', 'a.txt', 0],
        ['b.txt', 'b.txt', 1],
      ],
    );
    assert.deepEqual(readEntry({ kind: 'dir', path: docs }, files[1]!)?.content, { text: 'bee' });
  });

  it('detectSourceKind: by directory and extension; a missing path or another extension is a clear error', () => {
    writeFileSync(join(dir, 'x.ndjson'), '');
    writeFileSync(join(dir, 'x.csv'), '');
    assert.equal(detectSourceKind(join(dir, 'x.ndjson')), 'jsonl');
    assert.equal(detectSourceKind(dir), 'dir');
    assert.throws(
      () => detectSourceKind(join(dir, 'x.csv')),
      (error: unknown) => error instanceof CascadeConfigError && /\.jsonl file/.test(error.message),
    );
    assert.throws(() => detectSourceKind(join(dir, 'none.jsonl')), /cannot read .*none\.jsonl \(ENOENT\)/);
  });

  it('itemFromValue: the first text field wins; numeric ids become strings; whitespace is empty', () => {
    assert.deepEqual(itemFromValue({ id: 3, content: 'c', text: 't' }, 'f'), { id: '3', content: { text: 't' } });
    assert.deepEqual(itemFromValue({ id: ' ', text: ' \n' }, 'f'), {
      id: 'f',
      content: { code: 'empty', reason: 'the item is empty' },
    });
    assert.deepEqual(itemFromValue({ id: 'only-id' }, 'f').content, { code: 'empty', reason: 'the item is empty' });
  });
});

describe('per-item start tier', () => {
  const route = {
    task: 't',
    startTier: 0,
    tiers: [{ name: 'economy' }, { name: 'standard' }, { name: 'long' }],
  } as RoutePlan;

  it('the first rule that holds picks the tier; none: the route start tier', () => {
    const rules = [
      { tier: 'long', minPromptTokens: 1000 },
      { tier: 'standard', inputMatches: 'contract|legal' },
      { tier: 'nope' },
    ];
    assert.equal(itemStartTier(route, rules, 5000, 'a contract'), 2);
    assert.equal(itemStartTier(route, rules, 10, 'A Legal note'), 1);
    assert.equal(itemStartTier(route, rules, 10, 'receipt'), 0, 'a rule naming an unknown tier is passed over');
    assert.equal(itemStartTier({ ...route, startTier: 1 }, undefined, 10, 'x'), 1);
  });
});
