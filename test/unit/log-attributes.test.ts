// Activity log lines carry no task token: the plugin's interceptor, run by the SDK's activity environment.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Context } from '@temporalio/activity';
import type { LogLevel, LogMetadata } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { noTaskTokenInLogs, withoutTaskToken } from '../../worker/log-attributes';

interface Entry {
  level: LogLevel;
  message: string;
  meta?: LogMetadata;
}

function capture(): { entries: Entry[]; logger: ConstructorParameters<typeof MockActivityEnvironment>[1] } {
  const entries: Entry[] = [];
  const log = (level: LogLevel) => (message: string, meta?: LogMetadata) => entries.push({ level, message, meta });
  const logger = {
    log: (level: LogLevel, message: string, meta?: LogMetadata) => entries.push({ level, message, meta }),
    trace: log('TRACE'),
    debug: log('DEBUG'),
    info: log('INFO'),
    warn: log('WARN'),
    error: log('ERROR'),
  };
  return { entries, logger: { logger } };
}

describe('activity log attributes', () => {
  it('the SDK adds the task token to every activity log line; with the interceptor it is gone', async () => {
    const plain = capture();
    await new MockActivityEnvironment(undefined, plain.logger).run(async () => Context.current().log.info('hello'));
    assert.ok(
      plain.entries.some((entry) => entry.meta?.taskToken !== undefined),
      'the SDK logs it without us',
    );

    const ours = capture();
    await new MockActivityEnvironment(undefined, { ...ours.logger, interceptors: [noTaskTokenInLogs] }).run(async () =>
      Context.current().log.info('hello', { event: 'llm_attempt' }),
    );
    const entry = ours.entries.find((e) => e.message === 'hello');
    assert.ok(entry?.meta, JSON.stringify(ours.entries));
    assert.equal(entry.meta.taskToken, undefined);
    assert.equal(entry.meta.event, 'llm_attempt');
    assert.ok(entry.meta.workflowId !== undefined && entry.meta.activityId !== undefined, 'which call it was stays');
  });

  it('withoutTaskToken keeps every other attribute', () => {
    assert.deepEqual(withoutTaskToken({ taskToken: 'abc', attempt: 2, workflowId: 'w' }), {
      attempt: 2,
      workflowId: 'w',
    });
  });
});
