// Pure unit tests — where a test's restartable dev-server port comes from (test/helpers/ports.ts): below the kernel's
// ephemeral range, read from /proc, with Linux's default when /proc says nothing usable
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ephemeralLow } from '../helpers/ports';

describe('restartable ports', () => {
  it('start below the ephemeral range /proc gives, or below 32768 when it gives nothing usable', () => {
    assert.equal(
      ephemeralLow(() => '40000\t60999\n'),
      40_000,
    );
    assert.equal(
      ephemeralLow(() => 'garbage'),
      32_768,
    );
    assert.equal(
      ephemeralLow(() => '1024 65535'),
      32_768,
    );
    assert.equal(
      ephemeralLow(() => {
        throw new Error('no /proc');
      }),
      32_768,
    );
  });
});
