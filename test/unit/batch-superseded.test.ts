// Unit tests — the errors file says which lines are final, and marks earlier lines superseded (temp files, no Temporal)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createBatchActivities } from '../../activities/batch/io';
import { FileResultSink, supersedingLine } from '../../activities/batch/sink';
import { tempFiles } from '../helpers/cli';

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const errorLine = (id: string, run: string, status: string, costMicroUsd: number) => ({
  id,
  key: `${id}@${run}`,
  status,
  code: 'BudgetExceededError',
  reason: 'r',
  costUsd: costMicroUsd / 1e6,
  costMicroUsd,
  ledger: [],
});

describe('errors file: final lines and superseded ones', () => {
  it('undone and retryable lines are not final; a later result supersedes them in one line; a rerun adds none', async () => {
    const { dir } = tempFiles({});
    const results = join(dir, 'out.jsonl');
    const errors = join(dir, 'out.errors.jsonl');
    const sink = new FileResultSink();
    const { writeBatchResult } = createBatchActivities({ sink });
    await writeBatchResult({ path: errors, line: errorLine('a', 'run1', 'undone', 40) });
    await writeBatchResult({ path: errors, line: errorLine('a', 'run2', 'retryable', 5) });
    await writeBatchResult({ path: errors, line: errorLine('b', 'run1', 'undone', 7) });
    assert.deepEqual(
      lines(errors).map((l) => [l.key, l.final]),
      [
        ['a@run1', false],
        ['a@run2', false],
        ['b@run1', false],
      ],
    );
    const ok = { id: 'a', status: 'ok', output: {}, costUsd: 0.00001, costMicroUsd: 10 };
    await writeBatchResult({ path: results, line: ok, errorsPath: errors });
    await writeBatchResult({ path: results, line: ok, errorsPath: errors }); // a retried write
    const marks = lines(errors).filter((l) => l.status === 'superseded');
    assert.deepEqual(marks, [
      {
        id: 'a',
        key: 'a@superseded@a',
        status: 'superseded',
        final: false,
        supersedes: ['a@run1', 'a@run2'],
        by: 'ok',
        costUsd: 0,
        costMicroUsd: 0,
        ledger: [],
      },
    ]);
    // Spend still adds up: the superseded lines keep their cost, the mark costs nothing.
    const spent = [...lines(errors), ...lines(results)].reduce((sum, l) => sum + Number(l.costMicroUsd), 0);
    assert.equal(spent, 40 + 5 + 7 + 10);
    // `b` is not done; `a` is (its result); a superseded mark never makes an item done.
    assert.deepEqual([...new FileResultSink().recordedIds(errors)], []);
  });

  it('--retry-failed: a later failed or ok line supersedes the earlier failed one; nothing twice', async () => {
    const { dir } = tempFiles({});
    const errors = join(dir, 'e.jsonl');
    const { writeBatchResult } = createBatchActivities();
    await writeBatchResult({ path: errors, line: errorLine('c', 'run1', 'failed', 3) });
    assert.equal(lines(errors)[0]!.final, true);
    await writeBatchResult({ path: errors, line: errorLine('c', 'run2', 'failed', 4) });
    const mark = lines(errors).find((l) => l.status === 'superseded');
    assert.deepEqual([mark?.supersedes, mark?.by], [['c@run1'], 'failed']);
    assert.equal(supersedingLine('c', 'c@run2', 'failed', new FileResultSink().linesOf(errors, 'c')), undefined);
    const next = supersedingLine('c', 'c@ok', 'ok', new FileResultSink().linesOf(errors, 'c'));
    assert.deepEqual(next?.supersedes, ['c@run2']);
  });
});
