// CLI tests — `llm-cascade run --media` as a child process, no Temporal: `--explain` shows the text-only candidates
// ruled out for an image and the vision model priced for it; a route where nothing reads images, a file that is not
// an image and a missing file are bad input (exit 2) before anything starts
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseCatalog } from '../../catalog/node/parse';
import { join } from 'node:path';
import { IMAGE_RULES } from '../../catalog/media';
import { runCli, tempFiles } from '../helpers/cli';
import { testCatalogJson } from '../helpers/cascade-env';
import { pngBytes } from '../helpers/images';

const empty = { kind: 'empty' } as const;
const schema = { type: 'object', properties: { total: { type: 'number' } }, required: ['total'] };

describe('run --media on the command line', () => {
  const config = (vision: boolean) =>
    testCatalogJson('http://127.0.0.1:1/v1', {
      name: 'cli-media',
      tiers: [
        [
          'economy',
          [
            { ref: 'text/text-mini', behavior: empty },
            ...(vision
              ? [
                  {
                    ref: 'oa/vision',
                    behavior: empty,
                    reads: ['vision' as const],
                    media: { image: IMAGE_RULES.openai },
                  },
                ]
              : []),
          ],
        ],
      ],
    });
  const files = tempFiles({ 'vision.json': config(true), 'text.json': config(false), 'schema.json': schema });
  const image = join(files.dir, 'scan.png');
  writeFileSync(image, pngBytes(1000, 600));
  writeFileSync(join(files.dir, 'notes.png'), 'not an image');
  // The blob store the CLI writes to, in the test's own directory.
  const env = { LLM_CASCADE_BLOBS: `file://${join(files.dir, 'blobs')}` };
  after(() => rmSync(files.dir, { recursive: true, force: true }));
  const run = (configFile: string, media: string) =>
    runCli(
      [
        'run',
        '--config',
        files[configFile]!,
        '--task',
        'extract',
        '--schema',
        files['schema.json']!,
        '--input',
        'Read the total',
        '--media',
        media,
        '--explain',
      ],
      env,
    );

  it('--explain: the text-only model is ruled out, the vision model planned', async () => {
    const result = await run('vision.json', image);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /1\. oa\/vision \(json_schema, .*, media 765 tokens at most\)/);
    assert.match(result.stdout, /ruled out: economy text\/text-mini: cannot read images \(vision\)/);
  });
  it('no model of the route reads images: exit 2, saying which and why', async () => {
    const result = await run('text.json', image);
    assert.equal(result.code, 2, result.stdout);
    assert.match(result.stderr, /no candidate of route "extract" can read this request's images/);
  });
  it('a file that is not an image, or no file at all: exit 2', async () => {
    const wrong = await run('vision.json', join(files.dir, 'notes.png'));
    assert.equal(wrong.code, 2, wrong.stdout);
    assert.match(wrong.stderr, /not a PNG, JPEG, WebP or GIF image, nor a PDF/);
    const missing = await run('vision.json', join(files.dir, 'missing.png'));
    assert.equal(missing.code, 2, missing.stdout);
    assert.match(missing.stderr, /missing\.png: no such file/);
  });

  it('docs/multimodal.md: its config block loads as a catalog, and its command runs as written', async () => {
    const page = readFileSync(join(__dirname, '../../../docs/multimodal.md'), 'utf8');
    const blocks = (language: string) =>
      [...page.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)].filter((m) => m[1] === language).map((m) => m[2]!);
    const catalog = parseCatalog(JSON.parse(blocks('json')[0]!), 'docs/multimodal.md');
    assert.deepEqual(catalog.models['anthropic/claude-sonnet-4-5']!.reads, ['vision', 'pdf']);
    const [command] = blocks('sh')[0]!.trim().split('\n');
    const words = [...command!.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    assert.equal(words.shift(), 'llm-cascade');
    writeFileSync(join(files.dir, 'invoice.schema.json'), JSON.stringify(schema));
    const result = await runCli(words, env, files.dir);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /ruled out: economy deepseek\/deepseek-chat: cannot read images \(vision\)/);
    assert.match(result.stdout, /1\. openai\/gpt-4o-mini \(json_schema, .*media \d+ tokens at most\)/);
  });
});
