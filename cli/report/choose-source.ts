/**
 * Where `report`, `tune` and `explain` read ledgers: the ledger store by default when there is one (any volume, any
 * age, no worker needed), Temporal's histories otherwise or when asked (`--source temporal`). Pure.
 */
import { CascadeConfigError, ConfigErrorCode } from '../../catalog/errors';

export type LedgerSource = 'store' | 'temporal';
/** `history` is the name `--source` had before the store was the default; it still means `temporal`. */
export const SOURCE_CHOICES = ['store', 'temporal', 'history'] as const;
export type SourceFlag = (typeof SOURCE_CHOICES)[number];
export const SOURCE_HELP =
  'store: the ledger store the workers write (the default when one is configured or exists; every request it keeps, ' +
  'after retention too); temporal: read each workflow history (clusters without a store)';

export interface SourceFacts {
  /** `--source`, when given. */
  flag?: SourceFlag;
  /** The config turns the store off (`ledger.enabled: false`, no environment override). */
  storeOff: boolean;
  /** A store exists to read: the SQLite file is there, or a PostgreSQL URL is configured. */
  storePresent: boolean;
  /** `--query`: a visibility query, which only Temporal can answer. */
  visibilityQuery: boolean;
}

export function chooseSource(facts: SourceFacts): LedgerSource {
  const flag = facts.flag === 'history' ? 'temporal' : facts.flag;
  if (flag === 'store' && facts.visibilityQuery) {
    throw new CascadeConfigError({
      code: ConfigErrorCode.InvalidRequest,
      message:
        '--query is a Temporal visibility query: the ledger store cannot answer it. Drop --source store to read ' +
        'histories, or narrow the store report with --since, --kind, --batch or --workflow-id',
    });
  }
  if (flag) return flag;
  if (facts.visibilityQuery || facts.storeOff || !facts.storePresent) return 'temporal';
  return 'store';
}
