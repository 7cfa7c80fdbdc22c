/** `run --explain` and `--require`: what the local catalog plans for a request, printed; nothing starts. */
import type { CascadeInput } from '../workflows/definitions';
import { usd } from './format';
import { checkName } from '../catalog/check-name';

export { collectRequirement, parseMilliseconds } from './options';

/**
 * The plan as lines: start tier, each tier's candidates in the order they would be tried with their prices, what
 * was ruled out or moved and why. Planned on this machine's catalog without the worker's measurements.
 */
export function explainLines(input: CascadeInput): string[] {
  const { route } = input;
  const lines = [
    `task "${route.task}": about ${input.estimatedInputTokens} prompt tokens; starts at tier ` +
      `${route.tiers[route.startTier]?.name ?? '?'}` +
      (input.maxCostUsd !== undefined ? `; budget ${usd(input.maxCostUsd)}` : ''),
  ];
  route.tiers.forEach((tier, index) => {
    const mark = index < route.startTier ? ' (below the start: not tried)' : '';
    lines.push(`  ${tier.name}${mark}:`);
    tier.candidates.forEach((candidate, position) => {
      const price = `$${candidate.price.inputUsdPerMTok} in / $${candidate.price.outputUsdPerMTok} out per 1M`;
      // What the request's images and PDFs cost this model at most, by its own rule.
      const media = candidate.mediaTokens ? `, media ${candidate.mediaTokens} tokens at most` : '';
      lines.push(`    ${position + 1}. ${candidate.ref} (${candidate.structuredOutput}, ${price}${media})`);
    });
    if (tier.verifier) lines.push(`    verifier: ${tier.verifier.ref} judges each answer of this tier`);
    if (tier.agreement) {
      const partner = tier.agreement.with?.ref ?? 'the next candidate (else the first)';
      lines.push(`    agreement: ${partner} answers too; ${tier.agreement.fields.join(', ')} must agree`);
    }
  });
  lines.push(
    input.checks?.length
      ? `  checks on every answer that validates: ${input.checks.map(checkName).join('; ')}`
      : '  checks: none (only the schema judges an answer)',
  );
  for (const note of route.ruledOut ?? []) lines.push(`  ruled out: ${note.tier} ${note.ref}: ${note.why}`);
  for (const note of route.reordered ?? []) lines.push(`  moved: ${note.tier} ${note.ref}: ${note.why}`);
  lines.push(
    '  (planned on this config; a measured order and latency goals apply on the worker, from its recent calls)',
  );
  return lines;
}
