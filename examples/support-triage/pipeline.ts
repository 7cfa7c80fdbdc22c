/**
 * A multi-step LLM pipeline as an ordinary workflow: support-email triage. Classify the email (the worker's
 * `classify` route starts on economy models), branch on its kind to extract that kind's fields, draft a reply
 * (the `draft` route starts on standard models), and write a short summary, all under one job budget.
 * Each step's attempts are activities of this workflow; its `ledger` query and Current Details show every step.
 */
import { cascade, jobBudget, type CascadeStepOptions } from '../../workflows';
import { ClassificationSchema, FIELDS_SCHEMA, ReplySchema, SummarySchema, type Fields, type Kind } from './schemas';

/** Task names of the pipeline: routes the worker's catalog must have (see `pipelineCatalog`). */
export const PIPELINE_TASKS = ['classify', 'extract', 'draft', 'summarize'] as const;

export interface SupportTriageInput {
  /** The email, as text. */
  email: string;
  /** The whole job's budget, USD. @default 0.05 */
  maxCostUsd?: number;
  /** Run every step as a child cascadeWorkflow instead of inline. @default 'inline' */
  as?: CascadeStepOptions<unknown>['as'];
}

export interface TriageStepCost {
  step: string;
  attempts: number;
  costMicroUsd: number;
  finalModel: string;
}

export interface SupportTriageResult {
  kind: Kind;
  urgency: string;
  fields: Fields;
  reply: { subject: string; body: string };
  summary: string;
  steps: TriageStepCost[];
  totalCostMicroUsd: number;
}

/** Support-email triage: classify → extract (by kind) → draft a reply → summarize, under one job budget. */
export async function supportTriageWorkflow(input: SupportTriageInput): Promise<SupportTriageResult> {
  const budget = jobBudget({ maxCostUsd: input.maxCostUsd ?? 0.05 });
  const common = { budget, as: input.as };
  const steps: TriageStepCost[] = [];
  const track = <T extends { step: string; attempts: unknown[]; totals: { costMicroUsd: number }; finalModel: string }>(
    result: T,
  ): T => {
    steps.push({
      step: result.step,
      attempts: result.attempts.length,
      costMicroUsd: result.totals.costMicroUsd,
      finalModel: result.finalModel,
    });
    return result;
  };

  const classified = track(
    await cascade({ ...common, step: 'classify', task: 'classify', schema: ClassificationSchema, input: input.email }),
  );
  const { kind, urgency } = classified.output;
  // The branch: each kind of email has its own fields (and its own schema).
  const fields = track(
    await cascade<Fields>({
      ...common,
      step: `extract ${kind}`,
      task: 'extract',
      schema: FIELDS_SCHEMA[kind],
      instructions: `Extract the fields of this ${kind} support email.`,
      input: input.email,
    }),
  );
  const context = `Email:\n${input.email}\n\nKind: ${kind} (urgency ${urgency})\nFields: ${JSON.stringify(fields.output)}`;
  const reply = track(
    await cascade({
      ...common,
      step: 'draft reply',
      task: 'draft',
      schema: ReplySchema,
      instructions: 'Draft a short, polite reply to this support email.',
      input: context,
    }),
  );
  const summary = track(
    await cascade({
      ...common,
      step: 'summary',
      task: 'summarize',
      schema: SummarySchema,
      instructions: 'Summarise the case in one or two sentences for the ticket list.',
      input: `${context}\n\nReply: ${reply.output.subject}`,
    }),
  );
  return {
    kind,
    urgency,
    fields: fields.output,
    reply: reply.output,
    summary: summary.output.summary,
    steps,
    totalCostMicroUsd: steps.reduce((sum, step) => sum + step.costMicroUsd, 0),
  };
}
