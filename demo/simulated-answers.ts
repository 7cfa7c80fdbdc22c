/**
 * Two refinements the demo lays over `simulatedBehavior`:
 *
 * 1. Outcomes keyed by document, not by arrival order: the simulator's random stream is chosen from the
 *    document text and how many times this model has seen it, so the same document meets the same fate on
 *    every run whatever the concurrency interleaving (the report is reproducible up to timing effects such
 *    as cooldowns). A seeded share of documents is hard for every model, as real documents are: failures
 *    correlate, so a repair re-ask or the next tier fails more often on them than independent rolls would.
 * 2. Answers that look like the document kind: a valid sampled answer gets its `docType`, `currency` and
 *    `language` from a few keyword rules, and the fields that do not apply to that kind are set to null.
 *    The rest stays a schema-shaped sample: no model reads the document in simulated mode.
 */
import { validateOutput } from '../catalog/node/json-schema';
import type { FakeBehavior, FakeCallContext, FakeReply } from '../sim/fake-types';
import { hashString, keyedRng, type Rng } from '../sim/prng';
import type { Expected } from './ground-truth';
import { answerFromTruth, type WrongAnswerProfile } from './wrong-answers';
import { extractRequestSchema } from '../sim/simulated-provider';
import type { DocType } from './schema';

/** Hard documents: the same for every model, so a model's failures correlate with the document. */
export interface HardDocuments {
  /** Share of documents that are hard, 0..1. */
  share: number;
  /** Seed choosing which documents are hard. */
  seed: number;
  /** How a model answers a hard document (typically a lower pass rate). */
  behavior: FakeBehavior;
}

/** Ground truth for valid answers: expected values by document text, and how often this model misreads one. */
export interface TruthOptions {
  expected: ReadonlyMap<string, Expected>;
  profile: WrongAnswerProfile;
  seed: number;
}

/**
 * Wraps a simulated behaviour so outcomes depend on the document, and valid answers match its kind.
 * @param inner - typically `simulatedBehavior(profile)`.
 * @param hard - optional: a share of documents answered by another behaviour.
 * @param truth - optional: valid answers carry the expected values, misread at the profile's rate.
 */
export function documentAwareBehavior(inner: FakeBehavior, hard?: HardDocuments, truth?: TruthOptions): FakeBehavior {
  if (typeof inner !== 'function' || (hard && typeof hard.behavior !== 'function')) {
    throw new TypeError('documentAwareBehavior wraps behaviour functions');
  }
  const seen = new Map<string, number>();
  return async (ctx: FakeCallContext): Promise<FakeReply> => {
    const document = firstUserMessage(ctx.body);
    const key = `${ctx.model}\n${document}`;
    const visits = seen.get(key) ?? 0;
    seen.set(key, visits + 1);
    const hash = hashString(document);
    const behavior = hard && isHard(document, hard) ? hard.behavior : inner;
    const reply = await (behavior as Exclude<FakeBehavior, FakeReply | FakeReply[]>)({
      ...ctx,
      callIndex: hash + visits * 7919,
    });
    if (reply.kind !== 'content') return reply;
    const rng = truth && keyedRng(truth.seed, `truth:${ctx.model}`, hash + visits * 7919);
    return shapeAnswer(reply, ctx.body, document, truth && rng && { ...truth, rng });
  };
}

/** Whether a document is one of the hard ones (same answer for every model). */
export function isHard(document: string, hard: Pick<HardDocuments, 'share' | 'seed'>): boolean {
  return keyedRng(hard.seed, 'hard', hashString(document))() < hard.share;
}

function firstUserMessage(body: unknown): string {
  const messages = (body as { messages?: Array<{ role?: string; content?: unknown }> } | null)?.messages ?? [];
  const user = messages.find((m) => m.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

function shapeAnswer(
  reply: Extract<FakeReply, { kind: 'content' }>,
  body: unknown,
  document: string,
  truth?: TruthOptions & { rng: Rng },
): FakeReply {
  const schema = extractRequestSchema(body) as Record<string, unknown> | undefined;
  if (!schema || reply.finishReason === 'length' || typeof reply.content !== 'string') return reply;
  let answer: Record<string, unknown>;
  try {
    answer = JSON.parse(reply.content) as Record<string, unknown>;
  } catch {
    return reply; // a deliberately broken answer: leave it broken
  }
  // Only answers the simulator meant to be valid are reshaped; schema violations stay as they are.
  if (!validateOutput(schema, answer).valid) return reply;
  let shaped = { ...answer, ...fieldsFor(guessDocType(document), document) };
  const expected = truth?.expected.get(document);
  if (truth && expected) shaped = answerFromTruth(shaped, expected, document, truth.profile, truth.rng);
  return validateOutput(schema, shaped).valid ? { ...reply, content: JSON.stringify(shaped) } : reply;
}

/** The document kind from keywords: good enough for a sample answer, not an extractor. */
export function guessDocType(text: string): DocType {
  const head = text.slice(0, 300);
  if (/^(from|von|de):/im.test(head) && /^(subject|betreff|asunto):/im.test(head)) {
    return /forwarded|^\W*(invoice )?total\b|amount due/im.test(text) ? 'invoice' : 'support_email';
  }
  const receiptWords =
    /receipt|quittung|kvitto|addition|folio|beleg|\bbon\b|fahrkarte|ticket #|領収書|restaurant|taxi|cabs|your trip/i;
  if (receiptWords.test(head)) return 'receipt';
  return /invoice|rechnung|facture|factura|factuur|faktura|credit note|請求書|statement of services/i.test(text)
    ? 'invoice'
    : 'receipt';
}

const CURRENCIES: Array<[RegExp, string]> = [
  [/CHF/, 'CHF'],
  [/A\$|Australian dollars/, 'AUD'],
  [/S\$/, 'SGD'],
  [/\bCAD\b|HST|GST\/HST/, 'CAD'],
  [/\bINR\b|Rupees/, 'INR'],
  [/¥|JPY/, 'JPY'],
  [/£|GBP/, 'GBP'],
  [/€|EUR/, 'EUR'],
  [/\bSEK\b|\d kr\b|moms/i, 'SEK'],
  [/\$|USD/, 'USD'],
];

const LANGUAGES: Array<[RegExp, string]> = [
  [/Rechnung|Betreff|MwSt|Quittung|Fahrkarte|Beleg-Nr/, 'de'],
  [/Facture|Addition|TVA/, 'fr'],
  [/Factura|Asunto|IVA/, 'es'],
  [/Factuur|BTW|Bon \d/, 'nl'],
  [/Faktura|Kvitto|moms/, 'sv'],
];

function fieldsFor(docType: DocType, text: string): Record<string, unknown> {
  const language = LANGUAGES.find(([pattern]) => pattern.test(text))?.[1] ?? 'en';
  if (docType === 'support_email') {
    return {
      docType,
      language,
      vendor: null,
      documentNumber: null,
      dueDate: null,
      currency: null,
      subtotal: null,
      tax: null,
      total: null,
      paymentTerms: null,
      lineItems: [],
    };
  }
  const currency = CURRENCIES.find(([pattern]) => pattern.test(text))?.[1] ?? null;
  return { docType, language, currency, urgency: null, sentiment: null, requestedAction: null };
}
