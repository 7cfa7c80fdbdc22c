/**
 * The demo's output contract: one zod schema for invoices, receipts and support emails, and the instructions
 * sent with every document.
 *
 * Every property is required and may be `null` (`.nullable()`, never `.optional()`), so the JSON Schema stays
 * compatible with OpenAI's strict structured outputs (`isStrictCompatible`): a model must say "absent"
 * explicitly instead of leaving a field out. Length limits are left out on purpose: several providers' schema
 * modes reject `minLength`/`maxLength`/`maxItems` with a 400. Dates keep zod's ISO format and pattern, which
 * OpenAI's strict mode accepts and ajv enforces for every provider.
 */
import { z } from 'zod';
import type { CheckSpec } from '../catalog/checks';

/** The kinds of document in the sample dataset. */
export const DOC_TYPES = ['invoice', 'receipt', 'support_email'] as const;
export type DocType = (typeof DOC_TYPES)[number];

const money = z.number().describe('Amount in the document currency, as a plain number (1234.5, not "1.234,50")');
const isoDate = z.iso.date().describe('YYYY-MM-DD');

/** One line of an invoice or receipt. */
export const LineItem = z.object({
  description: z.string(),
  quantity: z.number().nullable(),
  unitPrice: money.nullable(),
  amount: money,
});

/** What the demo extracts from each document. */
export const DocumentExtraction = z
  .object({
    docType: z.enum(DOC_TYPES),
    summary: z.string().describe('One or two plain sentences for a busy reader'),
    language: z.string().describe('ISO 639-1 code of the document language, e.g. en, de'),
    vendor: z.string().nullable().describe('Issuer of an invoice, merchant of a receipt; null for emails'),
    customer: z.string().nullable().describe('Who is billed, or who wrote the support email'),
    documentNumber: z.string().nullable().describe('Invoice, receipt, folio or ticket number as printed'),
    issueDate: isoDate.nullable(),
    dueDate: isoDate.nullable(),
    currency: z.string().nullable().describe('ISO 4217 code: USD, EUR, GBP, JPY…'),
    subtotal: money.nullable(),
    tax: money.nullable(),
    total: money.nullable().describe('Amount due or paid; negative for a credit note'),
    paymentTerms: z.string().nullable(),
    lineItems: z.array(LineItem).describe('Empty for support emails'),
    orderNumber: z.string().nullable().describe('Order, booking or case reference quoted in the document'),
    urgency: z.enum(['low', 'normal', 'high', 'critical']).nullable().describe('Support emails only'),
    sentiment: z.enum(['negative', 'neutral', 'positive']).nullable().describe('Support emails only'),
    requestedAction: z
      .enum(['refund', 'replacement', 'repair', 'cancellation', 'information', 'technical_fix', 'other', 'none'])
      .nullable()
      .describe('Support emails only: what the customer asks for'),
  })
  .meta({ title: 'DocumentExtraction' });

export type DocumentExtraction = z.infer<typeof DocumentExtraction>;

/** System instructions sent before each document. */
export const EXTRACTION_INSTRUCTIONS = `You extract structured data from business documents: invoices (including credit notes), receipts, and customer support emails.
Rules:
- Decide docType first. A credit note is an invoice with a negative total.
- Copy identifiers (invoice, order, case numbers) exactly as printed.
- Dates as YYYY-MM-DD. Read dates in the document's own convention (12.02.2024 in a German invoice is 12 February).
- Amounts as plain numbers in the document's currency, whatever its thousands and decimal separators ("3.129,70 €" is 3129.70). Never convert currencies.
- Use null for anything the document does not state; do not guess. lineItems is an empty array when there are none.
- For support emails fill urgency, sentiment, requestedAction and orderNumber; leave the money fields null.
- The summary is written in English, whatever the document's language.`;

/**
 * The demo's quality gates: identifiers, dates and totals must occur in the document (numbers in any notation),
 * the currency must match its symbols, and the issue date must be plausible (the last ten years, at most a month
 * ahead). A valid answer that fails them is billed as `check_failed` and escalates.
 */
export const DEMO_CHECKS: CheckSpec[] = [
  { check: 'grounded', fields: ['documentNumber', 'issueDate', 'dueDate', 'total'] },
  { check: 'currency', fields: ['currency'] },
  { check: 'dateWindow', fields: ['issueDate'], minDays: -3650, maxDays: 31 },
];
