/**
 * Check recipes for the demo's schema (`DocumentExtraction` in `schema.ts`), one per kind of document, as a catalog
 * would declare them. docs/checks.md prints them as JSON with what each catches, and `npm run bench:checks`
 * measures the invoice recipe on a labelled multilingual invoice set. Fields an answer leaves `null` are skipped,
 * so a recipe never rejects an answer for what the document does not state.
 */
import type { CheckSpec } from '../catalog/checks';

/** Invoices and credit notes: every value printed where it belongs, the sums adding up, the due date from the terms. */
export const INVOICE_CHECKS: CheckSpec[] = [
  {
    check: 'grounded',
    fields: ['vendor', 'customer', 'documentNumber', 'issueDate', 'dueDate', 'subtotal', 'tax', 'total'],
  },
  { check: 'currency', fields: ['currency'] },
  { check: 'dateWindow', fields: ['issueDate'], minDays: -3650, maxDays: 31 },
  { check: 'near', fields: ['total'], preset: 'total' },
  { check: 'near', fields: ['subtotal'], preset: 'subtotal' },
  { check: 'near', fields: ['tax'], preset: 'tax' },
  { check: 'near', fields: ['vendor'], preset: 'vendor' },
  { check: 'near', fields: ['documentNumber'], preset: 'invoiceNumber' },
  { check: 'sum', fields: ['total'], of: ['subtotal', 'tax'], charges: true },
  { check: 'sum', fields: ['subtotal'], of: ['lineItems[].amount'], tolerance: 0.05 },
  { check: 'differs', fields: ['vendor'], from: 'customer' },
  { check: 'term', fields: ['dueDate'], from: 'issueDate' },
];

/**
 * Receipts: the total next to its label and grounded, the date plausible. No `sum`: receipts often print prices
 * with tax included and the tax as a note ("darin MwSt. 19 %"), so total = subtotal + tax does not hold for all.
 */
export const RECEIPT_CHECKS: CheckSpec[] = [
  { check: 'grounded', fields: ['vendor', 'documentNumber', 'issueDate', 'total'] },
  { check: 'currency', fields: ['currency'] },
  { check: 'dateWindow', fields: ['issueDate'], minDays: -3650, maxDays: 1 },
  { check: 'near', fields: ['total'], preset: 'total' },
  { check: 'range', fields: ['total', 'lineItems[].amount'], min: 0 },
];

/** Support emails: the names and references the answer quotes must be the email's own. */
export const SUPPORT_EMAIL_CHECKS: CheckSpec[] = [
  { check: 'grounded', fields: ['customer', 'orderNumber', 'documentNumber'] },
  { check: 'dateWindow', fields: ['issueDate'], minDays: -3650, maxDays: 1 },
];

/** What grounding alone checks (the recipe before `near`, `sum`, `differs` and `term`), for comparison. */
export const GROUNDING_ONLY: CheckSpec[] = [
  {
    check: 'grounded',
    fields: ['vendor', 'customer', 'documentNumber', 'issueDate', 'dueDate', 'subtotal', 'tax', 'total'],
  },
  { check: 'currency', fields: ['currency'] },
  { check: 'dateWindow', fields: ['issueDate'], minDays: -3650, maxDays: 31 },
];
