/**
 * The demo agent's tools over the bundled documents: ordinary activities registered by the worker's plugin, and a
 * valid `tools` module for a config file (`tools` exports the array).
 */
import { z } from 'zod';
import { tool } from '../../activities/agent/tools';
import { loadDataset } from '../dataset';
import { InMemoryPayments, type PaymentService } from './payments';

/** What `record_finding` recorded, in this process (the demo prints it at the end). */
export const findings: unknown[] = [];
/** The demo's payment service; `payments.made` lists the payments scheduled once a person approved them. */
export const payments = new InMemoryPayments();

/** The first meaningful line of a document: its sender, most of the time. */
function title(text: string): string {
  const line = text.split('\n').find((l) => /[A-Za-z]{3}/.test(l) && !/^(-+|\+-+|invoice|from:|to:)/i.test(l.trim()));
  return (line ?? '').replace(/[|+]/g, ' ').trim().slice(0, 80);
}

export const searchDocuments = tool({
  name: 'search_documents',
  description:
    'Full-text search over the documents (invoices, receipts, support emails). Returns up to `limit` matches: id, ' +
    'title and the lines that match. Every word of `query` must appear (case-insensitive).',
  input: z.object({ query: z.string().min(1), limit: z.number().int().min(1).max(30).default(20) }),
  run: ({ query, limit }) => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const hits = loadDataset()
      .filter((document) => words.every((word) => document.text.toLowerCase().includes(word)))
      .slice(0, limit)
      .map((document) => ({
        id: document.id,
        title: title(document.text),
        lines: document.text
          .split('\n')
          .filter((line) => words.some((word) => line.toLowerCase().includes(word)))
          .slice(0, 3)
          .map((line) => line.trim().slice(0, 120)),
      }));
    return { query, count: hits.length, hits };
  },
});

export const readDocument = tool({
  name: 'read_document',
  description: 'The full text of one document, by id (e.g. "inv-001").',
  input: z.object({ id: z.string().regex(/^[a-z]+-\d{3}$/) }),
  run: ({ id }) => {
    const document = loadDataset().find((candidate) => candidate.id === id);
    return document ? { id, text: document.text } : { id, error: `no document ${id}` };
  },
});

export const recordFinding = tool({
  name: 'record_finding',
  description: 'Records one overdue invoice you found, with the evidence (the due date or terms as written).',
  input: z.object({
    vendor: z.string().min(1),
    invoice: z.string().min(1),
    documentId: z.string(),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    amount: z.number(),
    currency: z.string().length(3),
    evidence: z.string(),
  }),
  run: (finding) => {
    findings.push(finding);
    return { recorded: true, findings: findings.length };
  },
});

/**
 * `schedule_payment` over a payment service. A tool runs at least once (again, when its worker dies mid-call), so it
 * hands the service its call id as the idempotency key: the job, the step and the call, the same on every try.
 */
export function schedulePaymentTool(service: PaymentService) {
  return tool({
    name: 'schedule_payment',
    description: 'Schedules payment of an overdue invoice. A person approves every call before it runs.',
    input: z.object({
      vendor: z.string(),
      invoice: z.string(),
      amount: z.number().positive(),
      currency: z.string().length(3),
    }),
    run: (payment, { callId }) => service.pay(callId, payment),
  });
}

export const schedulePayment = schedulePaymentTool(payments);

/** The tools, as a config file's `tools` module exports them. */
export const tools = [searchDocuments, readDocument, recordFinding, schedulePayment];
