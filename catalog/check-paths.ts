/** Field paths of check specs: dotted names with `[]` for every element of an array (`lines[].amount`). Sandbox-safe. */

export interface FieldValue {
  /** The concrete path, with indices: `lines[2].amount`. */
  path: string;
  value: unknown;
}

/** Every value at `path` in `root`; absent and null values are left out (the schema decides what is required). */
export function valuesAt(root: unknown, path: string): FieldValue[] {
  let current: FieldValue[] = [{ path: '', value: root }];
  for (const segment of path.split('.')) {
    const each = segment.endsWith('[]');
    const key = each ? segment.slice(0, -2) : segment;
    const next: FieldValue[] = [];
    for (const { path: at, value } of current) {
      const child = key === '' ? value : isObject(value) ? value[key] : undefined;
      const childPath = key === '' ? at : at ? `${at}.${key}` : key;
      if (each) {
        if (Array.isArray(child))
          child.forEach((item, index) => next.push({ path: `${childPath}[${index}]`, value: item }));
      } else if (child !== undefined) {
        next.push({ path: childPath, value: child });
      }
    }
    current = next;
  }
  return current.filter((field) => field.value !== null && field.value !== undefined);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
