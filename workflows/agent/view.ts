/** Pure helpers of the agent loop: totals, budget left, compression decisions and what the Temporal UI shows. */
import { microToUsd } from '../../catalog/pricing';
import { ledgerTotals, type LedgerTotals } from '../definitions';
import type { AgentCarry, AgentLedgerRow, AgentStatus, CompressionSpec, ToolCall, Turn } from './definitions';
import { callLabel } from '../../prompts/agent';
import { plural } from '../../catalog/plural';

const DEFAULT_KEEP_RECENT_TURNS = 4;

export function agentTotals(ledger: readonly AgentLedgerRow[]): LedgerTotals {
  return ledgerTotals(ledger);
}

/** Whether the next step's prompt (of `promptTokens`) passes the compression threshold with turns old enough to fold. */
export function shouldCompress(
  spec: CompressionSpec | undefined,
  turns: readonly Turn[],
  promptTokens: number,
): boolean {
  if (!spec) return false;
  if (turns.length <= (spec.keepRecentTurns ?? DEFAULT_KEEP_RECENT_TURNS)) return false;
  return promptTokens > spec.thresholdTokens;
}

/**
 * Splits the turns into those folded into the summary and the recent ones kept verbatim. The kept part never starts
 * with tool results whose call was folded away: the model would read results without knowing what it asked.
 */
export function splitForCompression(turns: readonly Turn[], keepRecent = DEFAULT_KEEP_RECENT_TURNS) {
  let at = Math.max(0, turns.length - keepRecent);
  while (at > 0 && turns[at]?.kind === 'tool_results') at -= 1;
  return { fold: turns.slice(0, at), keep: turns.slice(at) };
}

/** Stored turns before the last `keep` lose their previews (the store has their text): a bounded carry. */
export function withoutOldPreviews(turns: readonly Turn[], keep: number): Turn[] {
  return turns.map((turn, index) =>
    index < turns.length - keep && turn.chars !== undefined ? { ...turn, content: '' } : turn,
  );
}

/** The summary of a tool activity in the UI: `step 7 · tool search_documents(q="overdue")`. */
export function callSummary(step: number, call: ToolCall): string {
  return `step ${step} · tool ${callLabel(call, 120)} [${call.id}]`;
}

const STATE_LABEL: Record<AgentStatus['state'], string> = {
  running: 'running',
  paused: 'paused',
  waiting_approval: '**waiting for approval**',
  waiting_input: '**waiting for your answer**',
  done: 'done',
};

/**
 * Text shown as code: the UI's markdown turns straight quotes into curly ones everywhere else, so JSON and tool
 * arguments read as `{“action”:…}`. A backtick inside would end the span early: it becomes a straight quote.
 */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Current Details in the Temporal UI: state, the pending approval or question, the transcript tail and the cost. */
export function agentDetails(name: string, status: AgentStatus, carry: AgentCarry): string {
  const totals = ledgerTotals(carry.ledger);
  const lines = [
    `### Agent ${name}: ${status.ending ? `ended (${status.ending})` : STATE_LABEL[status.state]}`,
    '',
    `step ${status.step} · cost $${microToUsd(totals.costMicroUsd).toFixed(6)} · ${plural(totals.attempts, 'attempt')} · ` +
      `${plural(carry.compressions, 'compression')} · run ${carry.run}`,
  ];
  if (status.pendingApprovals.length > 0) {
    lines.push('', '**Pending approval** (signal `approve` or `deny`):');
    for (const call of status.pendingApprovals) lines.push(`- \`${call.id}\` ${codeSpan(callLabel(call, 200))}`);
    if (status.approvalDeadlineMs !== undefined) {
      lines.push(`- default decision at ${new Date(status.approvalDeadlineMs).toISOString()}`);
    }
  }
  if (status.question) lines.push('', `**Question** (signal \`sendMessage\`): ${status.question}`);
  const tail = carry.turns.slice(-6);
  if (tail.length > 0) {
    lines.push('', '**Transcript tail**:');
    for (const turn of tail) {
      // JSON's escaped line breaks read as text too: one line, no literal "\n".
      const text = turn.content.replace(/\\[nrt]/g, ' ').replace(/\s+/g, ' ');
      lines.push(
        `- step ${turn.step} · ${turn.kind}: ${codeSpan(text.length > 160 ? `${text.slice(0, 159)}…` : text)}`,
      );
    }
  }
  return lines.join('\n');
}
