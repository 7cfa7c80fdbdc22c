// Integration tests — images through the OpenAI-compatible front door: the official openai Python package sends an
// `image_url` part, the gateway stores it in the blob store, the cascade routes it to the vision model only (the
// text-only one is never called) and the provider receives the image; a part that is not an image is a 400, and a
// gateway without a media store refuses images with a 400
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import OpenAI from 'openai';
import { IMAGE_RULES } from '../../catalog/media';
import { MediaStore, openBlobStore } from '../../blobs';
import { mediaStoring } from '../../blobs/media-input';
import { parseGatewayConfig } from '../../gateway/config';
import { startGateway, type Gateway } from '../../gateway/server';
import { findProjectRoot } from '../../server/temporal-cli';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { pngBytes } from '../helpers/images';
import { readableHistory } from '../helpers/encrypted-history';
import { runPython } from '../helpers/python-openai';

const TOTAL = {
  type: 'object',
  properties: { total: { type: 'number' } },
  required: ['total'],
  additionalProperties: false,
};
const VALID = { kind: 'content' as const, content: { total: 42 } };

describe('images through the gateway', () => {
  let env: CascadeEnv;
  let gateway: Gateway;
  let bare: Gateway;
  const dir = mkdtempSync(join(tmpdir(), 'llm-cascade-gw-media-'));
  before(async () => {
    const blobs = { url: pathToFileURL(join(dir, 'blobs')).href };
    env = await startCascadeEnv({
      name: 'gateway-media',
      blobs,
      tiers: [
        [
          'economy',
          [
            { ref: 'text/text-mini', behavior: VALID },
            { ref: 'oa/vision', behavior: VALID, reads: ['vision'], media: { image: IMAGE_RULES.openai } },
          ],
        ],
      ],
    });
    const config = parseGatewayConfig(
      { tasks: { extract: { schema: TOTAL, schemaName: 'total' } } },
      'test-config.json',
    );
    const base = { client: env.temporal.client, catalog: env.catalog, taskQueue: env.taskQueue, config };
    const storeMedia = mediaStoring(new MediaStore(openBlobStore(blobs)));
    gateway = await startGateway({ ...base, storeMedia }, { host: '127.0.0.1', port: 0 });
    bare = await startGateway(base, { host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await gateway?.close();
    await bare?.close();
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the openai Python package sends an image: the vision model alone answers, and receives it', async () => {
    const image = pngBytes(1000, 600);
    const path = join(dir, 'invoice.png');
    writeFileSync(path, image);
    const before = env.callsTo('text/text-mini').length;
    const output = await runPython(join(findProjectRoot(), 'test', 'fixtures', 'gateway', 'openai_image.py'), {
      GATEWAY_BASE_URL: `${gateway.url}/v1`,
      GATEWAY_IMAGE: path,
    });
    const answer = JSON.parse(output) as {
      content: unknown;
      model: string;
      usage: { prompt_tokens: number };
      workflow_id: string;
    };
    assert.deepEqual(answer.content, { total: 42 });
    assert.equal(answer.model, 'oa/vision');
    assert.equal(env.callsTo('text/text-mini').length, before, 'the text-only model was called');
    const call = env.callsTo('oa/vision').at(-1)!;
    assert.ok(JSON.stringify(call.body).includes(image.toString('base64')), 'the provider did not get the image');
    assert.equal(call.usage?.imageTokens, 765);
    assert.ok(answer.usage.prompt_tokens > 765, `prompt tokens ${answer.usage.prompt_tokens}`);
    const history = readableHistory(await env.temporal.client.workflow.getHandle(answer.workflow_id).fetchHistory());
    assert.ok(!history.includes(image.toString('base64').slice(0, 60)), 'the image is in the history');
  });

  it('a part that is not an image is a 400 saying so; no provider is called', async () => {
    const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const calls = env.provider.calls.length;
    const error = await openai.chat.completions
      .create({
        model: 'cascade/extract',
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'image_url',
                image_url: { url: `data:image/png;base64,${Buffer.from('not a png').toString('base64')}` },
              },
            ],
          },
        ],
      })
      .then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof OpenAI.BadRequestError, String(error));
    assert.match(error.message, /not a PNG, JPEG, WebP or GIF/);
    assert.equal(env.provider.calls.length, calls);
  });

  it('a gateway without a media store refuses images with a 400', async () => {
    const openai = new OpenAI({ baseURL: `${bare.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const url = `data:image/png;base64,${pngBytes(4, 4).toString('base64')}`;
    const error = await openai.chat.completions
      .create({
        model: 'cascade/extract',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url } }] }],
      })
      .then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof OpenAI.BadRequestError, String(error));
    assert.match(error.message, /accepts no images/);
  });
});
