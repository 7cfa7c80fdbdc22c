/**
 * The support-triage pipeline's output contracts: JSON Schemas (data, recorded in history) typed with
 * `defineSchema`. Sandbox-safe: no zod here, since workflow code must not bundle it.
 */
import { defineSchema } from '../../workflows';

export const KINDS = ['billing', 'bug', 'account'] as const;
export type Kind = (typeof KINDS)[number];

export interface Classification {
  kind: Kind;
  urgency: 'low' | 'normal' | 'high';
}
export const ClassificationSchema = defineSchema<Classification>('classification', {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: [...KINDS], description: 'what the email is about' },
    urgency: { type: 'string', enum: ['low', 'normal', 'high'] },
  },
  required: ['kind', 'urgency'],
  additionalProperties: false,
});

export interface BillingFields {
  invoiceNumber: string | null;
  amount: number | null;
  currency: string | null;
}
export interface BugFields {
  product: string;
  stepsToReproduce: string;
  severity: 'minor' | 'major' | 'blocker';
}
export interface AccountFields {
  email: string | null;
  request: 'reset_password' | 'close_account' | 'change_email' | 'other';
}
export type Fields = BillingFields | BugFields | AccountFields;

const nullable = (type: string) => ({ type: [type, 'null'] });

/** The fields extracted for each kind of email: the branch after classification picks one. */
export const FIELDS_SCHEMA = {
  billing: defineSchema<BillingFields>('billing_fields', {
    type: 'object',
    properties: { invoiceNumber: nullable('string'), amount: nullable('number'), currency: nullable('string') },
    required: ['invoiceNumber', 'amount', 'currency'],
    additionalProperties: false,
  }),
  bug: defineSchema<BugFields>('bug_fields', {
    type: 'object',
    properties: {
      product: { type: 'string' },
      stepsToReproduce: { type: 'string' },
      severity: { type: 'string', enum: ['minor', 'major', 'blocker'] },
    },
    required: ['product', 'stepsToReproduce', 'severity'],
    additionalProperties: false,
  }),
  account: defineSchema<AccountFields>('account_fields', {
    type: 'object',
    properties: {
      email: nullable('string'),
      request: { type: 'string', enum: ['reset_password', 'close_account', 'change_email', 'other'] },
    },
    required: ['email', 'request'],
    additionalProperties: false,
  }),
};

export interface Reply {
  subject: string;
  body: string;
}
export const ReplySchema = defineSchema<Reply>('reply', {
  type: 'object',
  properties: { subject: { type: 'string' }, body: { type: 'string' } },
  required: ['subject', 'body'],
  additionalProperties: false,
});

export interface Summary {
  summary: string;
}
export const SummarySchema = defineSchema<Summary>('summary', {
  type: 'object',
  properties: { summary: { type: 'string', description: 'one or two sentences for the ticket list' } },
  required: ['summary'],
  additionalProperties: false,
});
