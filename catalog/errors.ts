/** Codes of configuration and request errors raised before any workflow starts (tRPC-style table). */
export const ConfigErrorCode = {
  InvalidCatalog: 'INVALID_CATALOG',
  MissingPrice: 'MISSING_PRICE',
  UnknownTask: 'UNKNOWN_TASK',
  UnknownModel: 'UNKNOWN_MODEL',
  UnknownProvider: 'UNKNOWN_PROVIDER',
  InvalidSchema: 'INVALID_SCHEMA',
  EmptyInput: 'EMPTY_INPUT',
  PromptTooLarge: 'PROMPT_TOO_LARGE',
  InvalidRequest: 'INVALID_REQUEST',
  /** A request's constraints (required tags, a strict latency goal) leave no candidate of its route. */
  NoEligibleCandidate: 'NO_ELIGIBLE_CANDIDATE',
  InvalidConfig: 'INVALID_CONFIG',
  /** The worker plans with another catalog than the one the request was sent for (see `catalogFingerprint`). */
  CatalogMismatch: 'CATALOG_MISMATCH',
  FileNotFound: 'FILE_NOT_FOUND',
  TemporalUnavailable: 'TEMPORAL_UNAVAILABLE',
  MissingApiKey: 'MISSING_API_KEY',
  MissingSearchAttributes: 'MISSING_SEARCH_ATTRIBUTES',
} as const;
export type ConfigErrorCode = (typeof ConfigErrorCode)[keyof typeof ConfigErrorCode];

/**
 * An in-process error about configuration or a request: raised at worker/client start or before a workflow starts.
 * The message always says what to fix.
 */
export class CascadeConfigError extends Error {
  override readonly name = 'CascadeConfigError';
  readonly code: ConfigErrorCode;

  constructor({ code, message, cause }: { code: ConfigErrorCode; message: string; cause?: unknown }) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
  }
}
