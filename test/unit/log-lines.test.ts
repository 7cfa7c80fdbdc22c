// Pure unit tests — the CLI's text log lines: one short line per entry, repeats collapsed
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogEntry } from '@temporalio/worker';
import { textLines } from '../../worker/runtime';

const entry = (level: LogEntry['level'], message: string, meta: Record<string, unknown> = {}): LogEntry => ({
  level,
  message,
  meta,
  timestampNanos: BigInt(0),
});

describe('text log lines (run, batch)', () => {
  it('one line per entry: no task token, no stack, the error message only', () => {
    const format = textLines();
    const error = new Error('connection error: fetch failed\n    at somewhere (file.js:1:1)');
    const line = format(entry('WARN', 'Activity failed', { activityType: 'callModel', taskToken: 'CiQwMWEy…', error }));
    assert.equal(line, 'warn: Activity failed (callModel): connection error: fetch failed at somewhere (file.js:1:1)');
    assert.ok(!line.includes('\n'));
  });

  it("an attempt record names tier, model, outcome and error; the SDK's repeat of that error is dropped", () => {
    const format = textLines();
    const message = 'set DEEPSEEK_API_KEY on the worker (or remove deepseek from the route)';
    assert.equal(
      format(
        entry('ERROR', 'llm_attempt: configuration fault', {
          event: 'llm_attempt',
          tier: 'economy',
          model: 'deepseek/deepseek-chat',
          outcome: 'auth_error',
          error: message,
        }),
      ),
      `error: llm_attempt: configuration fault economy deepseek/deepseek-chat auth_error: ${message}`,
    );
    assert.equal(
      format(entry('WARN', 'Activity failed', { activityType: 'callModel', error: new Error(message) })),
      undefined,
    );
  });

  it('a repeated line is printed once, then at ×10 and ×100; long lines are cut', () => {
    const format = textLines();
    const lines = Array.from({ length: 100 }, () => format(entry('WARN', 'Activity failed', { error: 'down' })));
    assert.deepEqual(
      lines.filter((line) => line !== undefined),
      ['warn: Activity failed: down', 'warn: Activity failed: down (×10)', 'warn: Activity failed: down (×100)'],
    );
    assert.ok(format(entry('WARN', 'x'.repeat(1_000)))!.length <= 300);
  });
});
