/**
 * The task `npm run test:real` gives the real model: the labelled fields of `bench/invoice-set/` as a JSON Schema
 * (the fields an invoice label carries, nothing else, so a small model is not asked for more than is scored), short
 * instructions, and a catalog whose only tier is the local model, with the invoice recipe's checks.
 */
import { INVOICE_CHECKS } from '../../demo/recipes';

const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const nullableNumber = { type: ['number', 'null'] } as const;

export const INVOICE_SCHEMA = {
  type: 'object',
  properties: {
    docType: { type: 'string', enum: ['invoice', 'credit_note'] },
    language: { type: 'string', description: 'ISO 639-1 code of the document language, e.g. "en"' },
    vendor: { ...text, description: 'the company that issued the invoice' },
    customer: { ...nullableText, description: 'the company billed' },
    documentNumber: { ...text, description: 'the invoice number' },
    issueDate: { ...text, description: 'YYYY-MM-DD' },
    dueDate: { ...nullableText, description: 'YYYY-MM-DD' },
    currency: { ...text, description: 'ISO 4217 code, e.g. "EUR"' },
    subtotal: nullableNumber,
    tax: nullableNumber,
    total: { type: 'number' },
    lineItems: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: text,
          quantity: nullableNumber,
          unitPrice: nullableNumber,
          amount: { type: 'number' },
        },
        required: ['description', 'quantity', 'unitPrice', 'amount'],
        additionalProperties: false,
      },
    },
  },
  required: [
    'docType',
    'language',
    'vendor',
    'customer',
    'documentNumber',
    'issueDate',
    'dueDate',
    'currency',
    'subtotal',
    'tax',
    'total',
    'lineItems',
  ],
  additionalProperties: false,
};

export const INVOICE_INSTRUCTIONS =
  'Extract the invoice below into JSON. Copy names and numbers exactly as printed; dates as YYYY-MM-DD; amounts as ' +
  'plain numbers without currency signs; null for what the invoice does not state.';

/** Catalog refs of the two ways the model is asked: grammar-constrained (json_schema) and prompt-only. */
export const CANDIDATES = { constrained: 'local/smollm2-135m', promptOnly: 'local/smollm2-135m-prompt' };

/** The eval's config file: one provider on loopback, its model under two names, one tier, the invoice recipe. */
export function realConfig(baseURL: string): object {
  // A nominal price: a self-hosted model is not billed per token, but a zero price would make every
  // "cost per correct result" zero. The figure stands for the machine's time and is marked as such.
  const prices = [
    {
      inputUsdPerMTok: 0.01,
      outputUsdPerMTok: 0.01,
      source: 'nominal: a self-hosted model, priced by the operator (no provider bill)',
      effectiveFrom: '2026-01-01',
    },
  ];
  return {
    providers: { local: { baseURL, structuredOutput: 'json_schema', billsAbandoned: false } },
    models: {
      [CANDIDATES.constrained]: { contextWindow: 4096, maxOutputTokens: 400, prices },
      [CANDIDATES.promptOnly]: { contextWindow: 4096, maxOutputTokens: 400, prices, structuredOutput: 'none' },
    },
    routes: {
      invoice: {
        // One slow local model on a shared machine: each answer may wait for the ones before it.
        tiers: [
          {
            name: 'economy',
            candidates: [CANDIDATES.constrained, CANDIDATES.promptOnly],
            options: { timeoutMs: 600_000 },
          },
        ],
        checks: INVOICE_CHECKS,
      },
    },
  };
}
