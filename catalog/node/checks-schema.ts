/** zod schemas of check specs (see `checks.ts`), for catalog routes and per-request checks. Not for workflow code. */
import { z } from 'zod';

const fieldPath = z
  .string()
  .regex(
    /^[A-Za-z_$][\w$-]*(\[\])?(\.[A-Za-z_$][\w$-]*(\[\])?)*$/,
    'must be a field path like "total" or "lines[].amount"',
  );
const fields = z.array(fieldPath).min(1, 'name at least one field');
const days = z.number().int();

export const checkSpecSchema = z.discriminatedUnion('check', [
  z.strictObject({ check: z.literal('grounded'), fields, as: z.enum(['auto', 'string', 'number', 'date']).optional() }),
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
  z.strictObject({ check: z.literal('custom'), name: z.string().min(1) }),
]);

export const checkListSchema = z.array(checkSpecSchema);
