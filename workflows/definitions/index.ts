/**
 * Wire types, failure types and the `ledger` query of llm-cascade: everything here is JSON-safe and sandbox-safe,
 * imported by workflows, activities and the client alike. The one part of workflows/ that activities, clients and
 * the gateway may import (with each workflow's own `definitions.ts`).
 */
export {
  TASK_QUEUE,
  type BlobRef,
  type ChatMessage,
  type MediaPart,
  type JsonObject,
  type JsonValue,
  type OutputSchema,
  type RequestMetadata,
} from './base';
export {
  requestInput,
  type CascadeInput,
  type CascadePlan,
  type CascadeRequestInput,
  type RequestOptions,
  type RequestPrompt,
} from './request';
export {
  BILLED_OUTCOMES,
  NO_USAGE,
  attemptRowBase,
  ledgerCostMicroUsd,
  ledgerQuery,
  ledgerTotals,
  tierPath,
  type AttemptOutcome,
  type AttemptPlace,
  type AttemptReason,
  type AttemptRecord,
  type BilledOutcome,
  type CascadeResult,
  type GateReason,
  type LedgerTotals,
  type ProviderWaitView,
  type StepTotals,
  type UnbilledOutcome,
} from './ledger';
export {
  CASCADE_FAILURE_TYPE,
  FailureType,
  cascadeFailure,
  decodeCascadeFailure,
  type CascadeFailureDetails,
  type CascadeFailureKind,
  type DecodedCascadeFailure,
} from './failures';
export {
  OUTCOME_BY_FAILURE_TYPE,
  billedRow,
  type AttemptStoreContext,
  type CallFailureDetails,
  type CallModelInput,
  type CallModelResult,
} from './call-model';
export type { LedgerStoreSinks, StoredRequestContext, StoredRequestEnd } from './ledger-sink';
