/**
 * The ledger store: every attempt and every finished request, kept after the workflow histories are gone.
 * Writers (workers, the gateway) hold a `LedgerWriter`; readers (reports, `tune`, the dashboard) open a
 * `LedgerStore`. See docs/ledger-store.md.
 */
export { ledgerConfigSchema, resolveLedgerTarget, dataDir, LEDGER_ENV } from './config';
export type { LedgerConfig, LedgerTarget } from './config';
export { attemptKey, requestKey, requestScope } from './keys';
export type { AttemptPosition, RequestPosition } from './keys';
export { REQUEST_KINDS, attemptRowOf, requestRowOf, armsText, parseArms } from './rows';
export type {
  AttemptFacts,
  AttemptRow,
  LabelVerdict,
  LedgerContext,
  LedgerEntry,
  RequestEnd,
  RequestKind,
  RequestOutcome,
  RequestRow,
} from './rows';
export { LedgerStore, openLedgerStore, createLedgerWriter, connectEngine } from './store';
export type { OpenOptions, WriterOptions } from './store';
export { LedgerWriter } from './write/writer';
export type { WriterLog, WriterStatus } from './write/writer';
export type { LedgerOperation, ApplyResult } from './write/apply';
export { STORE_GROUPINGS } from './query/report';
export type { StoreGrouping, StoreReport, StoreReportOptions, StoreReportRow } from './query/report';
export type { StoredRequest } from './query/rows';
export type { SeriesOptions, SeriesPoint, TierRatePoint } from './query/series';
export type { StoreArmStats, StoreExperiment } from './query/experiments';
export type { TuneCandidateCounts, TuneTaskCounts, TuneTierCounts } from './query/tune';
export type { ListOptions } from './query/requests';
export type { TimeWindow } from './query/window';
export type { PruneOptions, PruneResult } from './prune';
export { generateLedger, syntheticRequests, syntheticOperations } from './synthetic';
export type { GenerateResult, SyntheticOptions, SyntheticRequest } from './synthetic';
