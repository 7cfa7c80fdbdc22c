/**
 * A compact field list of a JSON Schema for the system prompt: `- total (number): the amount due, as printed`.
 * In json_schema mode the provider already enforces the shape; what it does not see are the descriptions (what a
 * field means, where to find it), so the list is written only when the schema has some.
 */

const MAX_LINES = 60;
const MAX_DEPTH = 4;

type Node = Record<string, unknown>;

export function schemaFieldList(schema: Node): string | undefined {
  const lines: string[] = [];
  let described = false;
  const walk = (node: Node, prefix: string, depth: number) => {
    const properties = (node.properties ?? {}) as Record<string, Node>;
    const required = new Set((node.required as string[] | undefined) ?? []);
    for (const [name, child] of Object.entries(properties)) {
      if (lines.length >= MAX_LINES) return;
      const path = prefix ? `${prefix}.${name}` : name;
      const items = child.type === 'array' ? ((child.items ?? {}) as Node) : undefined;
      const description = typeof child.description === 'string' ? child.description : undefined;
      if (description) described = true;
      const optional = required.has(name) ? '' : ', optional';
      lines.push(
        `- ${path}${items ? '[]' : ''} (${typeName(items ?? child)}${optional})${description ? `: ${description}` : ''}`,
      );
      if (depth < MAX_DEPTH) walk(items ?? child, `${path}${items ? '[]' : ''}`, depth + 1);
    }
  };
  walk(schema, '', 0);
  if (!described) return undefined;
  return `Fields of the answer (take every value from the input as written there):\n${lines.join('\n')}`;
}

function typeName(node: Node): string {
  if (Array.isArray(node.enum)) return `one of ${node.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  const type = Array.isArray(node.type) ? node.type.join(' | ') : typeof node.type === 'string' ? node.type : 'any';
  const format = typeof node.format === 'string' ? `, ${node.format}` : '';
  return `${type}${format}`;
}
