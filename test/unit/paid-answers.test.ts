// Pure unit tests — reading paid answers: usage blocks, the capped body reader, repetition loops; no servers
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readAnswer } from '../../activities/cascade/read-answer';
import { readCapped } from '../../activities/cascade/read-capped';
import { repetitionLoopUnit } from '../../activities/cascade/repetition-loop';
import { usableUsage, usageFromTail } from '../../activities/cascade/usage';

const stream = (parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });

describe('usableUsage: a usage block is trusted whole or not at all', () => {
  it('reads prompt, cached, cache-write and completion tokens', () => {
    const usage = { prompt_tokens: 100, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 40 } };
    assert.deepEqual(usableUsage(usage), {
      inputTokens: 100,
      cachedInputTokens: 40,
      cacheWriteTokens: 0,
      outputTokens: 7,
    });
  });
  it('rejects missing, negative, string, NaN, fractional counts and cached above prompt', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'usage',
      [],
      {},
      { prompt_tokens: -1, completion_tokens: 5 },
      { prompt_tokens: '10', completion_tokens: '5' },
      { prompt_tokens: Number.NaN, completion_tokens: 5 },
      { prompt_tokens: 10, completion_tokens: 2.5 },
      { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: -3 } },
      { prompt_tokens: 10, completion_tokens: 5, prompt_tokens_details: { cached_tokens: 11 } },
    ];
    for (const usage of bad) assert.equal(usableUsage(usage), undefined, JSON.stringify(usage));
  });
});

describe('usageFromTail: the usage block at the end of a cut body', () => {
  it('finds the last unescaped usage object, nested details included', () => {
    const tail = `ng answer \\"usage\\": {\\"x\\": 1}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":0}},"system_fingerprint":"fp"}`;
    assert.deepEqual(usageFromTail(tail), {
      prompt_tokens: 5,
      completion_tokens: 9,
      prompt_tokens_details: { cached_tokens: 0 },
    });
  });
  it('undefined when there is none, or it is cut off', () => {
    assert.equal(usageFromTail('"finish_reason":"stop"}]}'), undefined);
    assert.equal(usageFromTail('"usage":{"prompt_tokens":5,"completion_'), undefined);
  });
});

describe('readCapped: a body read with a byte cap', () => {
  it('a body within the cap is read whole', async () => {
    const body = await readCapped(stream(['{"a":', '1}']), { capBytes: 100 });
    assert.deepEqual(body, { head: '{"a":1}', tail: '', totalBytes: 7, complete: true, drained: true });
  });
  it('a body over the cap keeps its head and tail, counts every byte', async () => {
    const parts = Array.from({ length: 100 }, (_, i) => `chunk${String(i).padStart(3, '0')};`);
    const body = await readCapped(stream(parts), { capBytes: 20, tailBytes: 9 });
    assert.equal(body.head, 'chunk000;chunk001;ch');
    assert.equal(body.tail, 'chunk099;');
    assert.deepEqual([body.totalBytes, body.complete, body.drained], [900, false, true]);
    assert.equal(readAnswer(body).kind, 'too_large');
  });
  it('stops at the drain limit: the tail is not the end, so no usage is read from it', async () => {
    const usage = '"usage":{"prompt_tokens":5,"completion_tokens":9}}';
    const body = await readCapped(stream(['x'.repeat(50), usage, 'y'.repeat(50), usage]), {
      capBytes: 10,
      drainLimitBytes: 60,
    });
    assert.deepEqual([body.complete, body.drained], [false, false]);
    const answer = readAnswer(body);
    assert.ok(answer.kind === 'too_large' && answer.rawUsage === undefined);
  });
  it('a complete body that is not JSON is unparseable', () => {
    const answer = readAnswer({ head: '<html>502</html>', tail: '', totalBytes: 16, complete: true, drained: true });
    assert.equal(answer.kind, 'unparseable');
  });
});

describe('repetitionLoopUnit: does a truncated answer end in a loop?', () => {
  it('finds short repeated units: words, newlines, JSON fragments', () => {
    assert.equal(repetitionLoopUnit('{"note": "' + 'la '.repeat(200)), 'la ');
    assert.equal(repetitionLoopUnit('{"a": 1,' + '\n'.repeat(300)), '\n');
    assert.equal(repetitionLoopUnit('[' + '{"id":1,"v":"same"},'.repeat(40)), '{"id":1,"v":"same"},');
  });
  it('varied text, or a loop too short to be sure of, is not a loop', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    assert.equal(repetitionLoopUnit(words), undefined);
    assert.equal(repetitionLoopUnit('{"note": "' + 'la '.repeat(20)), undefined);
    assert.equal(repetitionLoopUnit(''), undefined);
  });
  it('a unit longer than 64 characters is found too (whole lines and blocks: repetition-loop.test.ts)', () => {
    const unit = 'a sentence that is rather long and keeps on going for more than sixty-four chars. ';
    assert.equal(repetitionLoopUnit(unit.repeat(10)), unit);
  });
});
