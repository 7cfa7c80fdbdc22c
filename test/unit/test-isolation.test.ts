// Pure unit test — test files that run side by side on one dev server never share a task queue, a batch id or a
// workflow id written as a literal (one file's batch would resume, signal or cancel another's); generated names
// (uniqueTaskQueue, Date.now(), the pid) are unique by construction. Reads the test sources, nothing else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const TEST_SOURCES = resolve(__dirname, '../../../test');

/** `taskQueue: 'x'`, `batchId: 'x'`, `workflowId: 'x'`, `taskQueue = 'x'`, `'--task-queue', 'x'`, `getHandle('x')`. */
const LITERAL_NAMES = [
  /\b(?:taskQueue|batchId|workflowId)\s*[:=]\s*'([^'$]+)'/g,
  /'--(?:task-queue|workflow-id|batch-id|id)',\s*'([^'$]+)'/g,
  /\bgetHandle\('([^'$]+)'\)/g,
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' || entry.name === 'unit' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The names a source writes literally, e.g. `batch-mixed` for `batchId: 'mixed'` (what the workflow id becomes). */
function literalNames(text: string): string[] {
  return LITERAL_NAMES.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

describe('test isolation', () => {
  it('finds literal names the way files write them', () => {
    assert.deepEqual(
      literalNames(`request(x, { batchId: 'mixed' }); const taskQueue = 'storm'; getHandle('batch-mixed')`),
      ['mixed', 'storm', 'batch-mixed'],
    );
    assert.deepEqual(literalNames("{ batchId: `crash-${Date.now()}`, taskQueue: uniqueTaskQueue('x') }"), []);
  });

  it('no literal task queue, batch id or workflow id is used by two test files', () => {
    const users = new Map<string, Set<string>>();
    for (const path of sources(TEST_SOURCES)) {
      for (const name of literalNames(readFileSync(path, 'utf8'))) {
        const file = relative(TEST_SOURCES, path);
        users.set(name, (users.get(name) ?? new Set()).add(file));
      }
    }
    assert.ok(users.size > 0, `no literal names found under ${TEST_SOURCES}: the patterns are stale`);
    const shared = [...users].filter(([, files]) => files.size > 1).map(([name, files]) => `${name}: ${[...files]}`);
    assert.deepEqual(shared, [], 'use uniqueTaskQueue() or a name no other test file uses');
  });
});
