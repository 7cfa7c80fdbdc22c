/**
 * What a PromQL query reads, from Prometheus' own grammar (`@prometheus-io/lezer-promql`, the parser of
 * Prometheus' query editor): the metric and matcher labels of every selector, the labels it groups by, and any
 * syntax error. The dashboard tests use it to hold each panel to the metrics the worker really exports.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

export interface Selector {
  metric: string;
  /** Label names of its matchers (`{task=~"$task"}` → `task`). */
  labels: string[];
}

export interface QueryReads {
  selectors: Selector[];
  /** Labels named by `by`, `without`, `on` and `ignoring`. */
  grouping: string[];
  /** Syntax errors, each with the text around it; empty for a valid query. */
  errors: string[];
}

/**
 * Grafana replaces its range variables before the query reaches Prometheus; a sample duration stands in for
 * them so the grammar sees what Prometheus would. Template variables in label values (`"$task"`) are strings.
 */
export function interpolateGrafana(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m');
}

export function readsOf(expr: string): QueryReads {
  const text = interpolateGrafana(expr);
  const reads: QueryReads = { selectors: [], grouping: [], errors: [] };
  const slice = (node: SyntaxNode) => text.slice(node.from, node.to);
  parser.parse(text).iterate({
    enter(ref) {
      const node = ref.node;
      if (ref.type.isError)
        reads.errors.push(`syntax error near "${text.slice(Math.max(0, ref.from - 20), ref.to + 20)}"`);
      if (ref.name === 'VectorSelector') {
        const matchers = node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? [];
        const labels = matchers.map((m) => slice(m.getChild('LabelName')!));
        const named = matchers.find((m) => slice(m.getChild('LabelName')!) === '__name__');
        const identifier = node.getChild('Identifier');
        const metric = identifier
          ? slice(identifier)
          : named
            ? JSON.parse(slice(named.getChild('StringLiteral')!))
            : '';
        reads.selectors.push({ metric, labels: labels.filter((l) => l !== '__name__') });
      }
      if (ref.name === 'GroupingLabels') reads.grouping.push(...node.getChildren('LabelName').map(slice));
    },
  });
  return reads;
}
