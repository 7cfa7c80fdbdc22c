import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/*
 * Typed search attributes upserted by the cascade and batch workflows. They are never encrypted,
 * so they hold numbers and identifiers only: no prompt text, no secrets. The dev server allows
 * about 3 custom attributes per numeric type and 10 Keyword ones; this set stays within that.
 */
export const LlmCostUsd = defineSearchAttributeKey('LlmCostUsd', SearchAttributeType.DOUBLE);
export const LlmAttempts = defineSearchAttributeKey('LlmAttempts', SearchAttributeType.INT);
export const LlmItems = defineSearchAttributeKey('LlmItems', SearchAttributeType.INT);
export const LlmTask = defineSearchAttributeKey('LlmTask', SearchAttributeType.KEYWORD);
export const LlmTier = defineSearchAttributeKey('LlmTier', SearchAttributeType.KEYWORD);
export const LlmModel = defineSearchAttributeKey('LlmModel', SearchAttributeType.KEYWORD);
export const LlmOutcome = defineSearchAttributeKey('LlmOutcome', SearchAttributeType.KEYWORD);
export const LlmSession = defineSearchAttributeKey('LlmSession', SearchAttributeType.KEYWORD);
/** A request's A/B arms, `name:arm` joined by commas (e.g. `cheap-start:variant`). */
export const LlmExperiment = defineSearchAttributeKey('LlmExperiment', SearchAttributeType.KEYWORD);

/** Every attribute llm-cascade uses; the dev server and `llm-cascade setup` register exactly these. */
export const SEARCH_ATTRIBUTES = [
  LlmCostUsd,
  LlmAttempts,
  LlmItems,
  LlmTask,
  LlmTier,
  LlmModel,
  LlmOutcome,
  LlmSession,
  LlmExperiment,
];
