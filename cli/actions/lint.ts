/** `llm-cascade lint`: prompt-cache awareness per task (stable prefix, tokens, cost per 1,000 requests, warnings). */
import { analysePrefix, type PrefixAnalysis } from '../../activities/cascade/cache-prefix';
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';
import { planCascade } from '../../routing/node/plan';
import { formatMicroUsd } from '../../catalog/pricing';
import { composeMessages } from '../../routing/request';
import type { Catalog } from '../../catalog/types';
import type { CascadeInput, ChatMessage, JsonObject } from '../../workflows/definitions';
import { loadConfig } from '../config';
import { readSchemaFile } from '../input';
import { fittedTable, terminalWidth, wrapText } from '../format';

/** Counted when no `--schema` is given: the smallest schema, so the table shows what the instructions alone give. */
const EMPTY_SCHEMA: JsonObject = { type: 'object' };

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The conversation with its last user message (the variable input) replaced. */
function withVariable(messages: readonly ChatMessage[], variable: string): ChatMessage[] {
  const last = messages.map((m) => m.role).lastIndexOf('user');
  return messages.map((message, index) => (index === last ? { ...message, content: variable } : message));
}

/** The prefix analysis of one planned request (`run --explain`): its own instructions, schema and route. */
export function analysePlanned(catalog: Catalog, planned: CascadeInput): PrefixAnalysis {
  return analysePrefix(catalog, {
    task: planned.task,
    route: planned.route,
    schema: planned.schema,
    schemaInPrompt: planned.schemaInPrompt,
    messagesWith: (variable) => withVariable(planned.messages, variable),
    instructions: planned.messages.find((m) => m.role === 'system')?.content,
  });
}

/** The prefix analysis of a task of the catalog: its instructions and `schema` (default: an empty object schema). */
export function analyseTask(catalog: Catalog, task: string, schema: JsonObject = EMPTY_SCHEMA): PrefixAnalysis {
  const route = catalog.routes[task];
  if (!route) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.UnknownTask,
      message: `no route for task "${task}" (known tasks: ${Object.keys(catalog.routes).join(', ') || 'none'})`,
    });
  }
  const plan = planCascade(catalog, { task, schema: { name: 'output', jsonSchema: schema }, input: 'x' }, today());
  return analysePrefix(catalog, {
    task,
    route: plan.route,
    schema: { name: 'output', jsonSchema: schema },
    schemaInPrompt: plan.schemaInPrompt,
    messagesWith: (variable) => composeMessages({ input: variable }, plan.instructions),
    instructions: plan.instructions,
  });
}

/** The analysis as a table and its warnings. */
export function prefixReport(analysis: PrefixAnalysis, width = terminalWidth()): string {
  const head = ['tier', 'candidate', 'mode', 'stable prefix', 'min cached', 'cacheable', 'per 1k: uncached', 'cached'];
  const rows = analysis.rows.map((row) => [
    row.tier,
    row.ref,
    row.structuredOutput,
    `${row.prefixTokens} tok`,
    String(row.minCacheableTokens),
    row.reachesMinimum ? 'yes' : 'no: too short',
    formatMicroUsd(row.per1kUncachedMicroUsd),
    formatMicroUsd(row.per1kCachedMicroUsd),
  ]);
  const warnings = analysis.warnings.map((warning) => wrapText(`warning: ${warning}`, width));
  return [`task "${analysis.task}"`, fittedTable(head, rows, width, [1, 2, 5, 6, 4, 3, 0]), ...warnings].join('\n');
}

export interface LintFlags {
  config?: string;
  task?: string;
  schema?: string;
  json?: boolean;
}

export async function lintAction(flags: LintFlags): Promise<void> {
  const { catalog } = loadConfig(flags.config);
  const schema = flags.schema ? (readSchemaFile(flags.schema, '--schema') as JsonObject) : undefined;
  const tasks = flags.task ? [flags.task] : Object.keys(catalog.routes);
  const analyses = tasks.map((task) => analyseTask(catalog, task, schema));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(analyses)}\n`);
    return;
  }
  if (!schema) process.stdout.write('(no --schema: the prefix is counted with an empty object schema)\n');
  process.stdout.write(`${analyses.map((analysis) => prefixReport(analysis)).join('\n\n')}\n`);
}
