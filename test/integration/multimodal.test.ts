// Integration tests — images and PDFs on the dev server: an image request through a tier with a text-only model goes
// to the vision model only; image tokens and cost in the ledger equal the fake provider's bill under each pricing
// rule (tiles, pixel area, flat; PDF pages); a budget too small for an image's worst case stops before any call; a
// canary image's bytes reach the provider but never the workflow history
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { CascadeError } from '../../client/cascade-client';
import { IMAGE_RULES } from '../../catalog/media';
import { MediaStore, openBlobStore } from '../../blobs';
import { storeMedia } from '../../blobs/media-input';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { pdfBytes, pngBytes } from '../helpers/images';
import { readableHistory as readable } from '../helpers/encrypted-history';

const Invoice = z.object({ total: z.number() });
const VALID = { kind: 'content' as const, content: { total: 42 } };
const CANARY = 'canary-7f3c9e1d-multimodal';

describe('images and PDFs on the dev server', () => {
  let env: CascadeEnv;
  let media: MediaStore;
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-mm-'));
  before(async () => {
    const blobs = { url: pathToFileURL(dir).href };
    media = new MediaStore(openBlobStore(blobs));
    env = await startCascadeEnv({
      name: 'multimodal',
      blobs,
      tiers: [
        [
          'economy',
          [
            { ref: 'text/text-mini', behavior: VALID, inputUsdPerMTok: 0.1 },
            {
              ref: 'oa/vision-tiles',
              behavior: VALID,
              reads: ['vision', 'pdf'],
              media: { image: IMAGE_RULES.openai, pdfPageTokens: 1000 },
            },
          ],
        ],
        [
          'area',
          [
            {
              ref: 'an/vision-area',
              behavior: VALID,
              inputUsdPerMTok: 3,
              reads: ['vision'],
              media: { image: IMAGE_RULES.anthropic },
            },
          ],
        ],
        [
          'flat',
          [
            {
              ref: 'ge/vision-flat',
              behavior: VALID,
              inputUsdPerMTok: 0.3,
              reads: ['vision', 'pdf'],
              media: { image: IMAGE_RULES.gemini, pdfPageTokens: 258 },
            },
          ],
        ],
      ],
    });
  });
  after(async () => {
    await env.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('text alone still goes to the text-only model first (the test can fail)', async () => {
    const result = await env.run({ schema: Invoice, input: 'Total: 42' });
    assert.equal(result.finalModel, 'text/text-mini');
    assert.equal(result.attempts[0]!.usage?.mediaTokens, undefined);
  });

  it('an image skips the text-only model: only the vision model is called, and the plan says why', async () => {
    const before = env.callsTo('text/text-mini').length;
    const image = await storeMedia(media, { bytes: pngBytes(1000, 600) });
    const handle = await env.start({ schema: Invoice, input: 'Read the total', media: [image] });
    const result = await handle.result();
    assert.equal(result.finalModel, 'oa/vision-tiles');
    assert.equal(env.callsTo('text/text-mini').length, before, 'the text-only model was called');
    const history = readable(await handle.handle.fetchHistory());
    assert.match(history, /cannot read images \(vision\)/);
  });

  for (const [tier, ref, tokens] of [
    // 1000x600: tiles 2x2 after scaling → 85 + 4 x 170; area 1000 x 600 / 750; flat 258.
    ['economy', 'oa/vision-tiles', 765],
    ['area', 'an/vision-area', 800],
    ['flat', 'ge/vision-flat', 258],
  ] as const) {
    it(`${ref}: ledger image tokens and cost = the fake's bill (${tokens} image tokens)`, async () => {
      const image = await storeMedia(media, { bytes: pngBytes(1000, 600) });
      env.provider.clearCalls();
      const result = await env.run({ schema: Invoice, input: 'Read the total', media: [image], startTier: tier });
      assert.equal(result.finalModel, ref);
      const [attempt] = result.attempts;
      assert.equal(attempt!.usage?.mediaTokens, tokens);
      assert.equal(env.callsTo(ref)[0]!.usage?.imageTokens, tokens);
      assert.equal(result.totals.costMicroUsd, env.provider.bill().chatMicroUsd);
    });
  }

  it('a PDF is billed per page by the model rule, and the ledger equals the bill', async () => {
    const pdf = await storeMedia(media, { bytes: await pdfBytes(3, 'Invoice total 42') });
    assert.equal(pdf.pages, 3);
    env.provider.clearCalls();
    const result = await env.run({ schema: Invoice, input: 'Read the total', media: [pdf], startTier: 'flat' });
    assert.equal(result.attempts[0]!.usage?.mediaTokens, 3 * 258);
    assert.equal(result.totals.costMicroUsd, env.provider.bill().chatMicroUsd);
  });

  it("a budget too small for the image's worst case stops before any call", async () => {
    const image = await storeMedia(media, { bytes: pngBytes(1000, 600) });
    const calls = env.provider.calls.length;
    // The last tier: enough for the text prompt and 1,000 output tokens, not for 258 image tokens at $0.30/MTok on top.
    const error = await env
      .run({ schema: Invoice, input: 'Read the total', media: [image], startTier: 'flat', maxCostUsd: 0.00205 })
      .then(
        () => assert.fail('the cascade ran'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof CascadeError, String(error));
    assert.equal(error.type, 'BudgetExceededError');
    assert.equal(env.provider.calls.length, calls, 'a provider was called');
    // The same budget is enough without the image: the test can fail.
    const text = await env.run({ schema: Invoice, input: 'Read the total', startTier: 'flat', maxCostUsd: 0.00205 });
    assert.equal(text.finalModel, 'ge/vision-flat');
  });

  it("a canary image's bytes reach the provider but never the workflow history", async () => {
    const bytes = pngBytes(64, 64, CANARY);
    const image = await storeMedia(media, { bytes });
    const handle = await env.start({ schema: Invoice, input: 'Read the total', media: [image] });
    await handle.result();
    const sent = JSON.stringify(env.provider.calls.at(-1)!.body);
    const base64 = bytes.toString('base64');
    assert.ok(sent.includes(base64), 'the provider did not receive the image');
    const history = readable(await handle.handle.fetchHistory());
    assert.ok(history.includes(image.blob!.hash), 'the reference is not in history');
    assert.ok(!history.includes(base64.slice(0, 40)), 'image bytes (base64) are in the history');
    assert.ok(!history.includes(CANARY), 'the canary is in the history');
    assert.ok(
      !history.includes(Buffer.from(CANARY).toString('base64').slice(0, 16)),
      'the canary (base64) is in the history',
    );
  });
});
