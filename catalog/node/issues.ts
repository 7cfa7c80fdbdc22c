/**
 * zod issues as `path: what to fix`, the one place they are rendered: the catalog's problems, the config file's
 * sections, check flags and files, a request's checks, the agents and gateway sections all read the same way.
 */

/** How a path is written: a prefix naming where the value sits, and which keys are user-chosen (always bracketed). */
export interface PathStyle {
  /** Written before the path, e.g. `checks` or `agents.triage`. */
  root?: string;
  /** True for a segment that is a user-chosen record key (a model ref, a task name): written `["key"]`. */
  recordKey?: (previous: PropertyKey | undefined, index: number) => boolean;
}

/** A path as one would index it in JavaScript: `routes["extract"].tiers[0].candidates`. */
export function formatPath(path: readonly PropertyKey[], style: PathStyle = {}): string {
  let text = style.root ?? '';
  path.forEach((segment, index) => {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (!style.recordKey?.(path[index - 1], index) && /^[A-Za-z_$][\w$]*$/.test(String(segment)))
      text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  });
  return text;
}

/** The part of a zod issue that is rendered (zod 3's and 4's issues both have it). */
export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** One issue: `path: message`, or the message alone for an issue about the whole value. */
export function issueText(issue: IssueLike, root?: string): string {
  const where = formatPath(issue.path, { root });
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Issues joined with `; `, the first `limit` of them when given. */
export function issuesText(issues: readonly IssueLike[], options: { root?: string; limit?: number } = {}): string {
  return issues
    .slice(0, options.limit)
    .map((issue) => issueText(issue, options.root))
    .join('; ');
}
