/** The demo agent, as data: the same object the CLI reads from `demo/agent/llm-cascade.json`'s `agents.payables`. */
import type { JsonObject } from '../../workflows/definitions';
import type { AgentSpec } from '../../workflows/agent/definitions';
import { AS_OF } from './payables';

export const DEMO_GOAL = `Today is ${AS_OF}. Which vendors have invoices overdue, and what do we owe each?`;

/** The final answer: vendors with their overdue invoices and what we owe, by currency. */
export const PAYABLES_ANSWER: JsonObject = {
  type: 'object',
  properties: {
    asOf: { type: 'string' },
    vendors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          vendor: { type: 'string' },
          invoices: { type: 'array', items: { type: 'string' } },
          owed: {
            type: 'array',
            items: {
              type: 'object',
              properties: { currency: { type: 'string' }, amount: { type: 'number' } },
              required: ['currency', 'amount'],
              additionalProperties: false,
            },
          },
        },
        required: ['vendor', 'invoices', 'owed'],
        additionalProperties: false,
      },
    },
  },
  required: ['asOf', 'vendors'],
  additionalProperties: false,
};

/** The payables agent: its steps run on the catalog's `extract` route (the demo's route). */
export function payablesAgent(task = 'extract'): AgentSpec {
  return {
    name: 'payables',
    instructions:
      'You are an accounts-payable assistant. Find every invoice among the documents whose due date (stated, or ' +
      'from its payment terms and date) is before today, record each with record_finding, schedule payment of the ' +
      'oldest one with schedule_payment (a person approves it), then answer with what we owe each vendor, by ' +
      'currency. Read documents before you state amounts; never guess them.',
    tools: ['search_documents', 'read_document', 'record_finding', 'schedule_payment'],
    task,
    finalSchema: PAYABLES_ANSWER,
    limits: { maxSteps: 15, maxCostUsd: 0.5, maxWallTimeMs: 7 * 86_400_000 },
    approval: { tools: ['schedule_payment'], timeoutMs: 86_400_000, defaultDecision: 'denied' },
    compression: { thresholdTokens: 60_000 },
  };
}
