/**
 * The simulated model of the agent demo: it plays a correct payables agent from the labelled table (`payables.ts`),
 * one action per step, chosen by how many tool results the conversation already holds. No LLM is called; token
 * usage and cost are counted from the real prompts and answers at the catalog's real prices.
 */
import type { FakeBehavior, FakeCallContext } from '../../sim/fake-types';
import { AS_OF, owedByVendor, overdue, PAYABLES } from './payables';

const MAX_CALLS = 8;
const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / MAX_CALLS) }, (_, i) =>
    items.slice(i * MAX_CALLS, (i + 1) * MAX_CALLS),
  );

/** The agent's actions, in order. */
export function simulatedActions(): unknown[] {
  const calls = (list: [string, unknown][]) => ({
    action: 'call_tools',
    calls: list.map(([tool, args]) => ({ tool, arguments: args })),
  });
  const oldest = [...overdue()].sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0]!;
  return [
    calls([
      ['search_documents', { query: 'due' }],
      ['search_documents', { query: 'overdue' }],
      ['search_documents', { query: 'net' }],
    ]),
    ...chunks(PAYABLES).map((batch) => calls(batch.map((p) => ['read_document', { id: p.id }]))),
    ...chunks(overdue()).map((batch) =>
      calls(
        batch.map((p) => [
          'record_finding',
          {
            vendor: p.vendor,
            invoice: p.invoice,
            documentId: p.id,
            dueDate: p.dueDate,
            amount: p.amount,
            currency: p.currency,
            evidence: p.terms,
          },
        ]),
      ),
    ),
    calls([
      [
        'schedule_payment',
        { vendor: oldest.vendor, invoice: oldest.invoice, amount: oldest.amount, currency: oldest.currency },
      ],
    ]),
    { action: 'final', answer: { asOf: AS_OF, vendors: owedByVendor() } },
  ];
}

/** Every model of the simulated catalog answers agent steps this way (a summary for compression steps). */
export function simulatedAgentBehavior(): FakeBehavior {
  const actions = simulatedActions();
  return (ctx: FakeCallContext) => {
    const messages = (ctx.body?.messages ?? []) as { role: string; content: string }[];
    if (messages.some((m) => m.role === 'system' && m.content.startsWith("Summarise an agent job's"))) {
      return { kind: 'content', content: { summary: 'Searched and read the invoices; findings recorded so far.' } };
    }
    const done = messages.filter((m) => m.role === 'user' && m.content.startsWith('Tool results:')).length;
    return { kind: 'content', content: actions[Math.min(done, actions.length - 1)] };
  };
}
