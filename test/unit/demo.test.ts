// Pure unit tests — the demo's dataset, schema, mode rule and simulated answers; no servers, no Temporal
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrictCompatible, validateOutput } from '../../catalog/node/json-schema';
import { CascadeConfigError } from '../../catalog/errors';
import { defaultCatalog } from '../../catalog/node/load';
import type { FakeCallContext, FakeReply } from '../../sim/fake-types';
import { embedSchemaInPrompt } from '../../sim/simulated-provider';
import { toJsonSchema } from '../../client/prepare';
import { loadDataset } from '../../demo/dataset';
import { chooseMode, routeKeyNames } from '../../cli/demo/mode';
import { DocumentExtraction } from '../../demo/schema';
import { guessDocType, isHard } from '../../demo/simulated-answers';
import { DEMO_TASK, HARD_DOCUMENTS, simulatedCatalog, simulatedModels } from '../../demo/simulated-catalog';

const kindOf = (id: string) =>
  id.startsWith('inv-') ? 'invoice' : id.startsWith('rcp-') ? 'receipt' : 'support_email';

void describe('demo dataset and schema', () => {
  const documents = loadDataset();

  void it('has at least 60 documents of the three kinds, with unique ids and real text', () => {
    assert.ok(documents.length >= 60, `${documents.length} documents`);
    assert.equal(new Set(documents.map((d) => d.id)).size, documents.length);
    const counts = { invoice: 0, receipt: 0, support_email: 0 };
    for (const d of documents) {
      assert.match(d.id, /^(inv|rcp|sup)-\d{3}$/);
      assert.ok(d.text.length > 200, `${d.id} is only ${d.text.length} characters`);
      counts[kindOf(d.id)] += 1;
    }
    assert.ok(counts.invoice >= 25 && counts.receipt >= 20 && counts.support_email >= 20, JSON.stringify(counts));
  });

  void it('the schema compiles and is OpenAI strict-compatible (every field required, nullable instead of optional)', () => {
    const json = toJsonSchema(DocumentExtraction);
    assert.equal(isStrictCompatible(json), true);
    assert.equal(json.title, 'DocumentExtraction');
    const email = {
      docType: 'support_email',
      summary: 'Customer asks for a refund of a late order.',
      language: 'en',
      vendor: null,
      customer: 'Greg Hale',
      documentNumber: null,
      issueDate: '2024-03-12',
      dueDate: null,
      currency: null,
      subtotal: null,
      tax: null,
      total: null,
      paymentTerms: null,
      lineItems: [],
      orderNumber: 'TH-448201',
      urgency: 'high',
      sentiment: 'negative',
      requestedAction: 'refund',
    };
    assert.deepEqual(validateOutput(json, email), { valid: true, errors: [] });
    assert.equal(validateOutput(json, { ...email, issueDate: '12.03.2024' }).valid, false);
    assert.equal(validateOutput(json, { ...email, urgency: undefined }).valid, false);
  });

  void it('the keyword rules of the simulated answers recognise every document kind', () => {
    const wrong = documents.filter((d) => guessDocType(d.text) !== kindOf(d.id)).map((d) => d.id);
    assert.deepEqual(wrong, []);
  });
});

void describe('demo mode rule', () => {
  const catalog = defaultCatalog();

  void it('no keys: simulated, naming for each tier the keys that would enable it', () => {
    const mode = chooseMode(catalog, {}, DEMO_TASK);
    assert.equal(mode.kind, 'simulated');
    assert.deepEqual(mode.kind === 'simulated' && mode.missing.map((m) => m.tier), ['economy', 'standard', 'premium']);
    assert.match(mode.reason, /economy needs one of DEEPSEEK_API_KEY/);
  });

  void it('a key for every tier: real, with each tier narrowed to the candidates that have keys', () => {
    const mode = chooseMode(catalog, { DEEPSEEK_API_KEY: 'k1', OPENAI_API_KEY: 'k2', GEMINI_API_KEY: ' ' }, DEMO_TASK);
    assert.equal(mode.kind, 'real');
    if (mode.kind !== 'real') return;
    const tiers = mode.catalog.routes[DEMO_TASK]!.tiers;
    assert.deepEqual(
      tiers.map((t) => t.candidates),
      [['deepseek/deepseek-chat'], ['openai/gpt-4o-mini'], ['openai/gpt-4o']],
    );
    assert.deepEqual(
      tiers.map((t) => t.options),
      catalog.routes[DEMO_TASK]!.tiers.map((t) => t.options),
    );
    assert.deepEqual(mode.keys, ['DEEPSEEK_API_KEY', 'OPENAI_API_KEY']);
    assert.equal(catalog.routes[DEMO_TASK]!.tiers[0]!.candidates.length, 4, 'the input catalog is not modified');
  });

  void it('a tier without any key keeps the demo simulated; --simulated and --real force the mode', () => {
    assert.equal(chooseMode(catalog, { OPENAI_API_KEY: 'k' }, DEMO_TASK).kind, 'simulated');
    const all = Object.fromEntries(routeKeyNames(catalog, DEMO_TASK).map((k) => [k, 'k']));
    assert.equal(chooseMode(catalog, all, DEMO_TASK, 'simulated').kind, 'simulated');
    assert.throws(
      () => chooseMode(catalog, { OPENAI_API_KEY: 'k' }, DEMO_TASK, 'real'),
      (error: unknown) => {
        return error instanceof CascadeConfigError && /economy needs one of DEEPSEEK_API_KEY/.test(error.message);
      },
    );
  });
});

void describe('simulated catalog and answers', () => {
  void it('keeps the default catalog prices and routes, points every provider at the local server, needs no key', () => {
    const sim = simulatedCatalog('http://127.0.0.1:9/v1');
    const real = defaultCatalog();
    for (const provider of Object.values(sim.providers)) {
      assert.equal(provider.baseURL, 'http://127.0.0.1:9/v1');
      assert.equal(provider.apiKeyEnv, undefined);
    }
    assert.deepEqual(sim.models, real.models);
    assert.deepEqual(sim.routes, real.routes);
  });

  void it('a seeded tenth of the documents is hard, the same ones for every model', () => {
    const documents = loadDataset();
    const hard = documents.filter((d) => isHard(d.text, { share: HARD_DOCUMENTS.share, seed: 7 }));
    assert.ok(hard.length >= 3 && hard.length <= 13, `${hard.length} hard documents`);
    const again = documents.filter((d) => isHard(d.text, { share: HARD_DOCUMENTS.share, seed: 7 }));
    assert.deepEqual(again, hard);
    assert.notDeepEqual(
      documents.filter((d) => isHard(d.text, { share: HARD_DOCUMENTS.share, seed: 8 })),
      hard,
    );
  });

  void it('a document meets the same outcomes whatever order the calls arrive in, and valid answers match its kind', async () => {
    const json = toJsonSchema(DocumentExtraction);
    const documents = loadDataset().slice(0, 12);
    const ask = async (order: typeof documents): Promise<Map<string, FakeReply[]>> => {
      const behavior = simulatedModels(simulatedCatalog('http://x/v1'), 7)['deepseek-chat']!;
      assert.equal(typeof behavior, 'function');
      const replies = new Map<string, FakeReply[]>();
      for (const [index, d] of [...order, ...order].entries()) {
        const body = {
          model: 'deepseek-chat',
          messages: [
            { role: 'system', content: embedSchemaInPrompt(json) },
            { role: 'user', content: d.text },
          ],
        };
        const context: FakeCallContext = { model: 'deepseek-chat', body, callIndex: index, promptTokens: 1000 };
        const reply = await (behavior as (c: FakeCallContext) => Promise<FakeReply>)(context);
        replies.set(d.id, [...(replies.get(d.id) ?? []), reply]);
      }
      return replies;
    };
    const forward = await ask(documents);
    const backward = await ask([...documents].reverse());
    const strip = (replies: FakeReply[]) => replies.map((r) => ({ ...r, usage: undefined }));
    for (const d of documents) assert.deepEqual(strip(backward.get(d.id)!), strip(forward.get(d.id)!), d.id);

    let valid = 0;
    for (const d of documents) {
      for (const reply of forward.get(d.id)!) {
        if (reply.kind !== 'content' || typeof reply.content !== 'string') continue;
        const parsed = DocumentExtraction.safeParse(safeJson(reply.content));
        if (!parsed.success) continue;
        valid += 1;
        assert.equal(parsed.data.docType, kindOf(d.id), d.id);
        if (parsed.data.docType === 'support_email') assert.equal(parsed.data.total, null);
        else assert.equal(parsed.data.urgency, null);
      }
    }
    assert.ok(valid >= 12, `${valid} valid answers out of 24`);
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
