// Pure unit test — watchBatch leaves no progress query in flight when it returns (the caller closes the connection next)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { watchBatch } from '../../client/batch-client';
import type { BatchProgress, BatchReport } from '../../workflows/batch/definitions';

const report = { batchId: 'b', status: 'completed', total: 1, ok: 1, failed: 0, skipped: 0, costUsd: 0, runs: 1 };

describe('watchBatch', () => {
  it('waits for the progress query in flight when the batch finishes', async () => {
    let inFlight = 0;
    const progress = async (): Promise<BatchProgress> => {
      inFlight++;
      await sleep(300); // a slow answer, still out when the result arrives
      inFlight--;
      throw new Error('worker shutting down');
    };
    const result = async () => {
      await sleep(100);
      return report as unknown as BatchReport;
    };
    const seen: BatchProgress[] = [];
    const final = await watchBatch({ progress, result }, (p) => seen.push(p), { intervalMs: 20 });
    assert.equal(inFlight, 0, 'a progress query was still in flight');
    assert.equal(final.status, 'completed');
    assert.equal(seen.at(-1)?.phase, 'done');
  });
});
