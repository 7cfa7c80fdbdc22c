/** `llm-cascade tune`'s output: the proposed change per task with the data behind it, as text or JSON. Pure. */
import { formatMicroUsd } from '../../catalog/pricing';
import type { TaskProposal } from './propose';
import { plural } from '../../catalog/plural';

const micro = (value: number | null | undefined) =>
  value === null || value === undefined || !Number.isFinite(value) ? '—' : formatMicroUsd(Math.round(value));
const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)} %`);

/** The one-line note `--apply` writes into the route with the date: what changed and on what data. */
export function tunedNote(proposal: TaskProposal, date: string, since: string): string {
  const parts: string[] = [];
  if (proposal.startTier) {
    parts.push(
      `start tier ${proposal.current.tier} → ${proposal.startTier.tier} (expected cost per valid result ` +
        `${micro(proposal.current.expectation?.costPerValidMicroUsd)} → ${micro(proposal.startTier.expectation.costPerValidMicroUsd)}, ` +
        `−${(proposal.startTier.saving * 100).toFixed(1)} %)`,
    );
  }
  for (const order of proposal.candidateOrders) parts.push(`${order.tier} candidates ${order.to.join(', ')}`);
  return `${date}: llm-cascade tune: ${parts.join('; ')}; from ${plural(proposal.requests, 'request')} since ${since}`;
}

/** Whether a proposal changes anything. */
export function changes(proposal: TaskProposal): boolean {
  return proposal.startTier !== undefined || proposal.candidateOrders.length > 0;
}

export function formatProposal(proposal: TaskProposal): string {
  const lines = [`task ${proposal.task}: ${plural(proposal.requests, 'request')}`];
  if (proposal.startTier) {
    const { tier, expectation, saving } = proposal.startTier;
    lines.push(
      `  CHANGE start tier ${proposal.current.tier} → ${tier}: expected cost per valid result ` +
        `${micro(proposal.current.expectation?.costPerValidMicroUsd)} → ${micro(expectation.costPerValidMicroUsd)} ` +
        `(−${(saving * 100).toFixed(1)} %, ${micro((proposal.current.expectation!.costPerValidMicroUsd - expectation.costPerValidMicroUsd) * 1000)} per 1,000 valid results)`,
    );
  } else if (proposal.current.expectation) {
    lines.push(`  keep start tier ${proposal.current.tier}: no start the data can price is cheaper per valid result`);
  }
  for (const order of proposal.candidateOrders)
    lines.push(`  CHANGE ${order.tier} candidates: ${order.from.join(', ')} → ${order.to.join(', ')}`);
  lines.push('  tiers (requests that reached each; pass = the valid answer came from it):');
  for (const tier of proposal.tiers)
    lines.push(
      `    ${tier.tier.padEnd(12)} started ${String(tier.started).padStart(5)}  reached ${String(tier.entered).padStart(5)}  ` +
        `pass ${percent(tier.passRate).padStart(8)}  mean spend ${micro(tier.meanCostMicroUsd)}${tier.enough ? '' : '  (not enough data)'}`,
    );
  if (proposal.starts.length > 0) {
    lines.push('  expected from each start (E[cost] / P(valid), bench/README.md):');
    for (const start of proposal.starts)
      lines.push(
        `    ${start.tier.padEnd(12)} E[cost] ${micro(start.costMicroUsd)}  P(valid) ${percent(start.validRate)}  ` +
          `per valid ${micro(start.costPerValidMicroUsd)}`,
      );
  }
  lines.push('  candidates (first attempts; pass of answered ones; failure = no answer):');
  for (const c of proposal.candidates)
    lines.push(
      `    ${c.tier.padEnd(12)} ${c.ref.padEnd(36)} tries ${String(c.firstAttempts).padStart(5)}  pass ${percent(c.passRate).padStart(8)}  ` +
        `failure ${percent(c.failureRate).padStart(8)}  mean ${micro(c.meanCostMicroUsd)}  per valid ${micro(c.costPerValidMicroUsd)}` +
        `${c.enough ? '' : '  (not enough data)'}`,
    );
  if (proposal.classifierMicroUsd > 0) lines.push(`  classifier calls: ${micro(proposal.classifierMicroUsd)} in all`);
  for (const sentence of proposal.notEnoughData) lines.push(`  not enough data: ${sentence}`);
  return lines.join('\n');
}
