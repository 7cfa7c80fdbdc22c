/**
 * `llm-cascade/catalog`: the catalog (providers, models with dated prices, routes) as data and types, loading it,
 * its fingerprint, the price arithmetic (integer micro-USD), and a route as planned for one request.
 */
export type {
  Catalog,
  ClassifySpec,
  ExperimentSpec,
  LongContextPrice,
  ModelPrice,
  ModelSpec,
  ProviderBatchSpec,
  ProviderSpec,
  RouteSpec,
  StartRule,
  StructuredOutputMode,
  TagValue,
  Tags,
  TierMode,
  TierOptions,
  TierSpec,
  TokenUsage,
} from '../catalog/types';
export type { CandidatePlan, PlanNote, RoutePlan, TierPlan } from '../routing/types';
export { defaultCatalog, loadCatalog } from '../catalog/node/load';
export { catalogFingerprint } from '../catalog/node/fingerprint';
export { costMicroUsd, microToUsd, priceAt, usdToMicro, worstCaseMicroUsd } from '../catalog/pricing';
export { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
