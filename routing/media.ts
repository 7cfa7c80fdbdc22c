/**
 * Routing by what a model reads: a request with images or PDFs goes only to candidates that read them, each priced
 * for those parts by its own rule (`mediaTokens` on the candidate, which budgets and context checks add to the
 * prompt's text tokens). Pure: the planner runs it on the worker's catalog; its result is recorded in history.
 */
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { capabilityOf, mediaTokens, type MediaCapability, type MediaFacts, type MediaPricing } from '../catalog/media';
import type { CandidatePlan, PlanNote, RoutePlan, TierPlan } from './types';

/** What planning needs of a model to route and price media. */
export interface MediaReader {
  reads?: readonly MediaCapability[];
  media?: MediaPricing;
}

const WHAT: Record<MediaCapability, string> = { vision: 'images', pdf: 'PDF documents' };

/** Why a model cannot take these parts, or undefined when it can. */
export function mediaProblem(model: MediaReader | undefined, parts: readonly MediaFacts[]): string | undefined {
  const lacking = [...new Set(parts.map(capabilityOf))].filter((need) => !model?.reads?.includes(need));
  if (lacking.length > 0) return `cannot read ${lacking.map((need) => `${WHAT[need]} (${need})`).join(' or ')}`;
  if (mediaTokens(model ?? {}, parts) === undefined) return 'has no media price for these parts';
  return undefined;
}

/**
 * The route with only the candidates that read every part, each carrying its worst-case media tokens. Tiers left
 * empty are dropped (the start tier moves up to the next tier left, else down). A verifier or agreement partner
 * that cannot read the parts is dropped with a note (it would be sent them too).
 * @throws CascadeConfigError `NoEligibleCandidate` when no candidate can read them, naming each and why.
 */
export function routeForMedia(
  route: RoutePlan,
  parts: readonly MediaFacts[],
  modelOf: (ref: string) => MediaReader | undefined,
): RoutePlan {
  if (parts.length === 0) return route;
  const ruledOut: PlanNote[] = [];
  const priced = (candidate: CandidatePlan): CandidatePlan | undefined => {
    const model = modelOf(candidate.ref);
    if (mediaProblem(model, parts) !== undefined) return undefined;
    return { ...candidate, mediaTokens: mediaTokens(model!, parts)! };
  };
  const tiers = route.tiers.map((tier): TierPlan => {
    const candidates = tier.candidates.flatMap((candidate) => {
      const kept = priced(candidate);
      if (!kept)
        ruledOut.push({ tier: tier.name, ref: candidate.ref, why: mediaProblem(modelOf(candidate.ref), parts)! });
      return kept ? [kept] : [];
    });
    const { verifier, agreement, ...rest } = tier;
    const keptVerifier = verifier && priced(verifier);
    if (verifier && !keptVerifier)
      ruledOut.push({
        tier: tier.name,
        ref: verifier.ref,
        why: 'verifier cannot read the media: answers go unverified',
      });
    const partner = agreement?.with && priced(agreement.with);
    if (agreement?.with && !partner)
      ruledOut.push({ tier: tier.name, ref: agreement.with.ref, why: 'agreement partner cannot read the media' });
    return {
      ...rest,
      candidates,
      ...(keptVerifier && { verifier: keptVerifier }),
      ...(agreement && {
        agreement:
          agreement.with && !partner
            ? { fields: agreement.fields }
            : { ...agreement, ...(partner && { with: partner }) },
      }),
    };
  });
  const kept = tiers.filter((tier) => tier.candidates.length > 0);
  if (kept.length === 0) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.NoEligibleCandidate,
      message:
        `no candidate of route "${route.task}" can read this request's ${[...new Set(parts.map(capabilityOf))].map((n) => WHAT[n]).join(' and ')}: ` +
        `${ruledOut.map((note) => `${note.tier} ${note.ref}: ${note.why}`).join('; ')}. ` +
        'Add a model that does to the route (catalog models.<ref>.reads with its media prices), or send text',
    });
  }
  return {
    ...route,
    tiers: kept,
    startTier: keptIndex(tiers, route.startTier),
    ruledOut: [...(route.ruledOut ?? []), ...ruledOut],
  };
}

/** The start tier's index among the tiers that kept candidates: the same tier, else the next above, else below. */
function keptIndex(tiers: readonly TierPlan[], start: number): number {
  const before = (index: number) => tiers.slice(0, index).filter((tier) => tier.candidates.length > 0).length;
  for (let index = start; index < tiers.length; index++) if (tiers[index]!.candidates.length > 0) return before(index);
  for (let index = start - 1; index >= 0; index--) if (tiers[index]!.candidates.length > 0) return before(index);
  return 0;
}

/** Every part of a conversation's messages, in order. */
export function mediaParts(messages: readonly { media?: readonly MediaFacts[] }[]): MediaFacts[] {
  return messages.flatMap((message) => message.media ?? []);
}

/** A candidate's prompt tokens at most: the text's count plus what the request's media cost this model. */
export function promptTokensFor(estimatedInputTokens: number, candidate: Pick<CandidatePlan, 'mediaTokens'>): number {
  return estimatedInputTokens + (candidate.mediaTokens ?? 0);
}
