/**
 * The agent demo's labelled answer: the bundled invoices whose text states a due date or payment terms, with the
 * due date those give (written by hand from the documents, like `demo/data/expected.jsonl`). The demo asks which
 * were overdue on {@link AS_OF}; the simulated model plays a correct agent from this table, and a real model's
 * answer can be checked against it.
 */

/** The day the question is asked (the documents are from 2024). */
export const AS_OF = '2024-10-31';

export interface Payable {
  id: string;
  vendor: string;
  invoice: string;
  dueDate: string;
  amount: number;
  currency: string;
  /** Where the due date comes from in the document. */
  terms: string;
}

export const PAYABLES: readonly Payable[] = [
  {
    id: 'inv-001',
    vendor: 'Brightline Web Studio LLC',
    invoice: 'BWS-2024-0317',
    dueDate: '2024-04-03',
    amount: 3688.55,
    currency: 'USD',
    terms: 'Due date: April 3, 2024 (Net 30)',
  },
  {
    id: 'inv-006',
    vendor: 'Sakuragawa Consulting K.K.',
    invoice: 'SC-2024-0415',
    dueDate: '2024-05-31',
    amount: 1104620,
    currency: 'JPY',
    terms: 'Payment due: 2024-05-31',
  },
  {
    id: 'inv-007',
    vendor: 'Green Ridge Landscaping',
    invoice: '2024-118',
    dueDate: '2024-10-21',
    amount: 1850,
    currency: 'USD',
    terms: 'dated 10/21/2024, payment due upon receipt',
  },
  {
    id: 'inv-010',
    vendor: 'Saltbush Kitchen Catering Pty Ltd',
    invoice: 'SK-3307',
    dueDate: '2024-12-06',
    amount: 4328,
    currency: 'AUD',
    terms: 'Due: 6 December 2024',
  },
  {
    id: 'inv-013',
    vendor: 'Alpenglow Software AG',
    invoice: 'AS-INV-2024-2210',
    dueDate: '2024-07-31',
    amount: 12631.49,
    currency: 'CHF',
    terms: 'dated 2024-07-01, payable within 30 days net',
  },
  {
    id: 'inv-014',
    vendor: 'Transcontinental Haulage Corp.',
    invoice: 'TH-5590213',
    dueDate: '2024-07-03',
    amount: 4217.19,
    currency: 'USD',
    terms: 'dated 2024-06-12, Net 21',
  },
  {
    id: 'inv-016',
    vendor: 'Northfolk Marketing',
    invoice: 'NM-1192',
    dueDate: '2024-10-01',
    amount: 3150,
    currency: 'USD',
    terms: 'due 1 October 2024 (Net 30); a reminder says 15 days overdue',
  },
  {
    id: 'inv-019',
    vendor: 'Voltstream Components, Inc.',
    invoice: 'VS-00481922',
    dueDate: '2024-10-03',
    amount: 793.45,
    currency: 'USD',
    terms: 'dated 2024-09-03, NET 30',
  },
  {
    id: 'inv-022',
    vendor: 'Halvorsen & Pike LLP',
    invoice: '24-3381',
    dueDate: '2024-10-06',
    amount: 2609.5,
    currency: 'USD',
    terms: 'dated 2024-09-06, payment due within 30 days',
  },
  {
    id: 'inv-023',
    vendor: 'Spotless Commercial Cleaning Ltd.',
    invoice: '7781',
    dueDate: '2024-12-31',
    amount: 4088.65,
    currency: 'CAD',
    terms: 'Due: 2024-12-31',
  },
  {
    id: 'inv-024',
    vendor: 'Copperkettle Coffee Roasters',
    invoice: 'CK-W-2290',
    dueDate: '2024-08-31',
    amount: 580.75,
    currency: 'USD',
    terms: 'Net 15 (due 31 Aug 2024)',
  },
  {
    id: 'inv-025',
    vendor: 'Fleetcare Services',
    invoice: 'FC-55017',
    dueDate: '2025-03-31',
    amount: 666.12,
    currency: 'GBP',
    terms: '30 days end of month (due 31 March 2025)',
  },
];

/** The invoices overdue on {@link AS_OF}. */
export function overdue(asOf = AS_OF): Payable[] {
  return PAYABLES.filter((payable) => payable.dueDate < asOf);
}

/** What we owe each vendor with overdue invoices, by currency (amounts summed to the cent). */
export function owedByVendor(
  asOf = AS_OF,
): { vendor: string; invoices: string[]; owed: { currency: string; amount: number }[] }[] {
  const byVendor = new Map<string, Payable[]>();
  for (const payable of overdue(asOf)) byVendor.set(payable.vendor, [...(byVendor.get(payable.vendor) ?? []), payable]);
  return [...byVendor].map(([vendor, rows]) => {
    const sums = new Map<string, number>();
    for (const row of rows)
      sums.set(row.currency, Math.round(((sums.get(row.currency) ?? 0) + row.amount) * 100) / 100);
    return {
      vendor,
      invoices: rows.map((row) => row.invoice),
      owed: [...sums].map(([currency, amount]) => ({ currency, amount })),
    };
  });
}
