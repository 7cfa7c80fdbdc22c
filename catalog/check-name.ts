/**
 * A check's short name for tables and explanations (`near total:total`, `sum total=subtotal+tax`): which check, on
 * which fields, with what it compares. Pure and sandbox-safe.
 */
import type { CheckSpec } from './checks';

export function checkName(spec: CheckSpec): string {
  if (spec.check === 'custom') return `custom:${spec.name}`;
  const extra =
    spec.check === 'near'
      ? `:${spec.preset ?? spec.labels?.join('|') ?? ''}`
      : spec.check === 'sum'
        ? `=${spec.of.join('+')}`
        : spec.check === 'differs' || spec.check === 'term'
          ? `:from=${spec.from}`
          : spec.check === 'range'
            ? `:${spec.min ?? ''}..${spec.max ?? ''}`
            : '';
  return `${spec.check} ${spec.fields.join(',')}${extra}`;
}
