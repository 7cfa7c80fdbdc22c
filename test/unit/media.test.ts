// Pure unit tests — media pricing rules, capability routing of a plan, request checks of media parts, the wire
// parts of a request, and the media store's names and sealing; no Temporal
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import {
  IMAGE_RULES,
  imageTokens,
  mediaListProblem,
  mediaNeeds,
  mediaTokens,
  type MediaPart,
} from '../../catalog/media';
import { promptTokensFor, routeForMedia } from '../../routing/media';
import type { CandidatePlan, RoutePlan } from '../../routing/types';
import { composeMessages } from '../../routing/request';
import { buildRequest } from '../../activities/cascade/build-request';
import { withMediaTokens } from '../../activities/cascade/usage';
import { DirectoryBlobStore, MediaStore } from '../../blobs';
import { measureMedia, storeMedia, urlPart, MediaInputError } from '../../blobs/media-input';
import type { CallModelInput } from '../../workflows/definitions';
import { pdfBytes, pngBytes } from '../helpers/images';
import { parseCatalog } from '../../catalog/node/parse';

const HASH = 'a'.repeat(64);
const image = (width?: number, height?: number, detail?: MediaPart['detail']): MediaPart => ({
  kind: 'image',
  mediaType: 'image/png',
  blob: { hash: HASH, bytes: 10 },
  ...(width !== undefined && { width, height }),
  ...(detail && { detail }),
});

describe('image pricing rules', () => {
  it('tiles (OpenAI): 85 + 170 per 512px tile after fitting 2048 and a 768 short side; low is 85', () => {
    assert.equal(imageTokens(IMAGE_RULES.openai, image(1000, 600)), 85 + 170 * 4);
    // 4096x2048 → 2048x1024 → 1536x768: 3 x 2 tiles
    assert.equal(imageTokens(IMAGE_RULES.openai, image(4096, 2048)), 85 + 170 * 6);
    assert.equal(imageTokens(IMAGE_RULES.openai, image(4096, 2048, 'low')), 85);
    assert.equal(imageTokens(IMAGE_RULES.openai, image(100, 100)), 85 + 170);
    // Unknown size (a URL): the largest count the rule allows, 2 x 4 tiles.
    assert.equal(imageTokens(IMAGE_RULES.openai, image()), 85 + 170 * 8);
  });
  it('area (Anthropic): w*h/750 after fitting 1568, capped at 1600', () => {
    assert.equal(imageTokens(IMAGE_RULES.anthropic, image(1000, 600)), 800);
    assert.equal(imageTokens(IMAGE_RULES.anthropic, image(200, 200)), Math.ceil(40_000 / 750));
    assert.equal(imageTokens(IMAGE_RULES.anthropic, image(4000, 4000)), 1600);
    assert.equal(imageTokens(IMAGE_RULES.anthropic, image()), 1600);
  });
  it('flat (Gemini): the same count whatever the size', () => {
    assert.equal(imageTokens(IMAGE_RULES.gemini, image(4000, 3000)), 258);
    assert.equal(imageTokens(IMAGE_RULES.gemini, image()), 258);
  });
  it('a model prices every part, or none when it cannot read one', () => {
    const pdf: MediaPart = { kind: 'pdf', mediaType: 'application/pdf', blob: { hash: HASH, bytes: 9 }, pages: 3 };
    const model = { reads: ['vision', 'pdf'] as const, media: { image: IMAGE_RULES.gemini, pdfPageTokens: 258 } };
    assert.equal(mediaTokens({ ...model, reads: [...model.reads] }, [image(10, 10), pdf]), 258 + 3 * 258);
    assert.equal(mediaTokens({ reads: ['vision'], media: model.media }, [pdf]), undefined);
    assert.equal(mediaTokens({}, [image(10, 10)]), undefined);
    assert.deepEqual(mediaNeeds([{ media: [pdf] }, { media: [image()] }]), ['vision', 'pdf']);
  });
});

const candidate = (ref: string): CandidatePlan => ({
  ref,
  provider: ref.split('/')[0]!,
  model: ref.split('/')[1]!,
  structuredOutput: 'json_schema',
  contextWindow: 32_000,
  maxOutputTokens: 1000,
  price: { inputUsdPerMTok: 1, outputUsdPerMTok: 2, source: 'x', effectiveFrom: '2025-01-01' },
});
const options = { repairAttempts: 0, triesPerCandidate: 1, timeoutMs: 1000, maxRetryAfterMs: 1000 };
const route: RoutePlan = {
  task: 't',
  startTier: 0,
  tiers: [
    { name: 'economy', candidates: [candidate('a/text'), candidate('b/see')], options },
    { name: 'standard', candidates: [candidate('c/text')], options },
  ],
};
const models: Record<string, { reads?: ('vision' | 'pdf')[]; media?: { image?: typeof IMAGE_RULES.openai } }> = {
  'b/see': { reads: ['vision'], media: { image: IMAGE_RULES.openai } },
};

describe('routing by capability', () => {
  it('rules out candidates that cannot read the parts, says why, and prices the rest', () => {
    const planned = routeForMedia(route, [image(1000, 600)], (ref) => models[ref]);
    assert.deepEqual(
      planned.tiers.map((tier) => tier.candidates.map((c) => c.ref)),
      [['b/see']],
    );
    assert.equal(planned.tiers[0]!.candidates[0]!.mediaTokens, 765);
    assert.deepEqual(
      planned.ruledOut?.map((note) => `${note.tier} ${note.ref}: ${note.why}`),
      ['economy a/text: cannot read images (vision)', 'standard c/text: cannot read images (vision)'],
    );
    assert.equal(promptTokensFor(100, planned.tiers[0]!.candidates[0]!), 865);
  });
  it('without media the route is as it was', () => {
    assert.equal(
      routeForMedia(route, [], (ref) => models[ref]),
      route,
    );
  });
  it('no capable candidate: NoEligibleCandidate naming each', () => {
    const pdf: MediaPart = { kind: 'pdf', mediaType: 'application/pdf', blob: { hash: HASH, bytes: 9 }, pages: 1 };
    assert.throws(
      () => routeForMedia(route, [pdf], (ref) => models[ref]),
      (error: unknown) =>
        error instanceof CascadeConfigError &&
        error.code === ConfigErrorCode.NoEligibleCandidate &&
        /can read this request's PDF documents/.test(error.message) &&
        /economy b\/see: cannot read PDF documents \(pdf\)/.test(error.message),
    );
  });
  it('the start tier moves up to the next tier that kept a candidate', () => {
    const started = {
      ...route,
      startTier: 1,
      tiers: [...route.tiers, { name: 'premium', candidates: [candidate('b/see')], options }],
    };
    const planned = routeForMedia(started, [image(10, 10)], (ref) => models[ref]);
    assert.equal(planned.tiers[planned.startTier]!.name, 'premium');
  });
});

describe('request checks of media parts', () => {
  it('accepts an image with input alone, and rejects what cannot be sent', () => {
    const messages = composeMessages({ input: '', media: [image(10, 10)] });
    assert.equal(messages[0]!.media?.length, 1);
    assert.match(mediaListProblem([{ ...image(), mediaType: 'image/bmp' }], 'user')!, /mediaType/);
    assert.match(mediaListProblem([{ kind: 'image', mediaType: 'image/png', url: 'http://x' }], 'user')!, /https/);
    assert.match(mediaListProblem([image()], 'system')!, /only user messages/);
    assert.match(
      mediaListProblem([{ kind: 'pdf', mediaType: 'application/pdf', blob: { hash: HASH, bytes: 1 } }], 'user')!,
      /pages/,
    );
    assert.throws(
      () => composeMessages({ messages: [{ role: 'user', content: 'x' }], media: [image()] }),
      /media goes with input/,
    );
  });
});

describe('wire parts and usage', () => {
  it('sends text then image_url and file parts as data URLs; an https URL as given', () => {
    const pdf: MediaPart = {
      kind: 'pdf',
      mediaType: 'application/pdf',
      blob: { hash: 'b'.repeat(64), bytes: 9 },
      pages: 1,
    };
    const url = urlPart('https://example.test/scan.png', { detail: 'low' });
    const input = {
      candidate: candidate('b/see'),
      schema: { name: 'x', jsonSchema: { type: 'object' } },
      messages: [{ role: 'user', content: 'read', media: [image(10, 10, 'high'), pdf, url] }],
      maxOutputTokens: 10,
    } as unknown as CallModelInput;
    const data = new Map([
      [HASH, 'data:image/png;base64,AAA'],
      ['b'.repeat(64), 'data:application/pdf;base64,BBB'],
    ]);
    const request = buildRequest(input, data);
    const user = request.messages.find((m) => m.role === 'user')!;
    assert.deepEqual(user.content, [
      { type: 'text', text: 'read' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA', detail: 'high' } },
      { type: 'file', file: { filename: 'document.pdf', file_data: 'data:application/pdf;base64,BBB' } },
      { type: 'image_url', image_url: { url: 'https://example.test/scan.png', detail: 'low' } },
    ]);
    assert.throws(() => buildRequest(input), /was not read from the blob store/);
  });
  it("the provider's reported image tokens are the truth; else the planned count", () => {
    const usage = { inputTokens: 900, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: 5 };
    assert.equal(withMediaTokens(usage, { prompt_tokens_details: { image_tokens: 700 } }, 765).mediaTokens, 700);
    assert.equal(withMediaTokens(usage, {}, 765).mediaTokens, 765);
    assert.equal(withMediaTokens(usage, {}, undefined).mediaTokens, undefined);
  });
});

describe('the media store', () => {
  it('reads the format from the bytes, with dimensions and pages', async () => {
    assert.deepEqual(await measureMedia(pngBytes(30, 20)), {
      kind: 'image',
      mediaType: 'image/png',
      width: 30,
      height: 20,
    });
    assert.deepEqual(await measureMedia(await pdfBytes(2)), { kind: 'pdf', mediaType: 'application/pdf', pages: 2 });
    await assert.rejects(measureMedia(Buffer.from('hello, not an image')), MediaInputError);
  });
  it('with encryption, stored names and bytes give nothing away, and read back whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-media-'));
    try {
      const encryption = { keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }] };
      const store = new MediaStore(new DirectoryBlobStore(dir), encryption);
      const bytes = pngBytes(8, 8, 'canary-media-store');
      const part = await storeMedia(store, { bytes });
      assert.notEqual(part.blob!.hash, createHash('sha256').update(bytes).digest('hex'));
      const files = readdirSync(dir, { recursive: true })
        .map(String)
        .filter((f) => statSync(join(dir, f)).isFile());
      assert.equal(files.length, 1);
      assert.ok(!readFileSync(join(dir, files[0]!)).includes('canary-media-store'));
      assert.deepEqual(Buffer.from(await store.get(part.blob!.hash)), bytes);
      // Without encryption the same bytes are stored as they are (the test can fail).
      const plain = new MediaStore(new DirectoryBlobStore(join(dir, 'plain')));
      const clear = await storeMedia(plain, { bytes });
      assert.equal(clear.blob!.hash, createHash('sha256').update(bytes).digest('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('media keys of the catalog file', () => {
  const catalog = (model: Record<string, unknown>) => ({
    providers: { p: { baseURL: 'https://p.test/v1', structuredOutput: 'json_schema' } },
    models: {
      'p/m': {
        contextWindow: 1000,
        maxOutputTokens: 100,
        ...model,
        prices: [{ inputUsdPerMTok: 1, outputUsdPerMTok: 1, source: 'https://p.test', effectiveFrom: '2025-01-01' }],
      },
    },
    routes: { t: { tiers: [{ name: 'a', candidates: ['p/m'] }] } },
  });
  it('a model that reads images or PDFs without their price is a load error; with them it loads', () => {
    assert.throws(() => parseCatalog(catalog({ reads: ['vision'] }), 'x'), /reads "vision" but has no media\.image/);
    assert.throws(() => parseCatalog(catalog({ reads: ['pdf'] }), 'x'), /reads "pdf" but has no media\.pdfPageTokens/);
    assert.throws(() => parseCatalog(catalog({ reads: ['vision'], media: { image: { rule: 'tiles' } } }), 'x'));
    const loaded = parseCatalog(catalog({ reads: ['vision'], media: { image: IMAGE_RULES.anthropic } }), 'x');
    assert.deepEqual(loaded.models['p/m']!.media, { image: IMAGE_RULES.anthropic });
  });
});
