/**
 * zod schemas of check specs (see `checks.ts`), for catalog routes and per-request checks. Not for workflow code.
 * Errors name the JSON path of the bad value (`routes.extract.checks[2].preset`) and say what to write instead.
 */
import { z } from 'zod';
import { CHECK_KINDS, LABEL_PRESETS } from '../checks';

const fieldPath = z
  .string()
  .regex(
    /^[A-Za-z_$][\w$-]*(\[\])?(\.[A-Za-z_$][\w$-]*(\[\])?)*$/,
    'must be a field path like "total" or "lines[].amount"',
  );
const fields = z.array(fieldPath).min(1, 'name at least one field');
const PATH_PATTERN = /^[A-Za-z_$][\w$-]*(\[\])?(\.[A-Za-z_$][\w$-]*(\[\])?)*$/;
/** The other field a check compares with (`from`). */
const otherField = (example: string) =>
  z
    .string({ error: `name the field to compare with, e.g. "${example}"` })
    .regex(PATH_PATTERN, 'must be a field path like "total" or "lines[].amount"');
const summed = z
  .array(fieldPath, { error: 'name the fields that add up, e.g. ["subtotal", "tax"] or ["lines[].amount"]' })
  .min(1, 'name the fields that add up, e.g. ["subtotal", "tax"] or ["lines[].amount"]');
const days = z.number().int();
const preset = z.enum(LABEL_PRESETS, { error: `must be one of the label presets: ${LABEL_PRESETS.join(', ')}` });
const label = z
  .string()
  .trim()
  .min(1, 'a label is a non-empty phrase, e.g. "Amount due"')
  .max(80, 'a label is a short phrase (at most 80 characters)')
  .regex(/[\p{L}\p{N}]/u, 'a label needs a letter or digit');

const nearSchema = z
  .strictObject({
    check: z.literal('near'),
    fields,
    preset: preset.optional(),
    labels: z.array(label).min(1, 'give at least one label, or leave "labels" out and name a preset').optional(),
  })
  .refine((spec) => spec.preset !== undefined || spec.labels !== undefined, {
    message: `near needs a "preset" (${LABEL_PRESETS.join(', ')}) or "labels" (phrases such as "Amount due")`,
    path: ['preset'],
  });

export const checkSpecSchema = z.discriminatedUnion(
  'check',
  [
    z.strictObject({
      check: z.literal('grounded'),
      fields,
      as: z.enum(['auto', 'string', 'number', 'date']).optional(),
    }),
    z.strictObject({ check: z.literal('range'), fields, min: z.number().optional(), max: z.number().optional() }),
    z.strictObject({
      check: z.literal('dateWindow'),
      fields,
      minDays: days.optional(),
      maxDays: days.optional(),
      relativeTo: z.enum(['today', 'input']).optional(),
      fromField: fieldPath.optional(),
    }),
    z.strictObject({ check: z.literal('currency'), fields }),
    nearSchema,
    z.strictObject({
      check: z.literal('sum'),
      fields,
      of: summed,
      tolerance: z.number().nonnegative("a tolerance is 0 or more, in the fields' own units").optional(),
      charges: z.boolean().optional(),
    }),
    z.strictObject({ check: z.literal('differs'), fields, from: otherField('customer') }),
    z.strictObject({ check: z.literal('term'), fields, from: otherField('issueDate') }),
    z.strictObject({ check: z.literal('custom'), name: z.string().min(1) }),
  ],
  { error: `unknown check; use one of ${CHECK_KINDS.join(', ')}` },
);

export const checkListSchema = z.array(checkSpecSchema);
