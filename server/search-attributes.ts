import type { Connection } from '@temporalio/client';
import { TypedSearchAttributes, type SearchAttributeType } from '@temporalio/common';
// Not re-exported from the package index. encodeSearchAttributeIndexedValueType is the SDK's own mapping to the
// proto enum; importing it keeps us off @temporalio/proto, which is only a transitive dependency.
import {
  encodeSearchAttributeIndexedValueType,
  type SearchAttributeKey,
} from '@temporalio/common/lib/search-attributes';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { SEARCH_ATTRIBUTES } from '../workflows/definitions/search-attributes';

type AnyKey = SearchAttributeKey<SearchAttributeType>;

/** `--search-attribute Name=Type` arguments for `temporal server start-dev` (types as the CLI spells them). */
export function searchAttributeArgs(keys: readonly AnyKey[] = SEARCH_ATTRIBUTES): string[] {
  return keys.flatMap((key) => ['--search-attribute', `${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`]);
}

/** Names of `keys` that the namespace does not list yet (custom attributes only). */
export async function missingSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly AnyKey[] = SEARCH_ATTRIBUTES,
): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return keys.filter((key) => customAttributes?.[key.name] === undefined).map((key) => key.name);
}

/**
 * Adds llm-cascade's search attributes to `namespace` on a real cluster, skipping those already present.
 * The dev server started by {@link startDevServer} registers them itself; this is for `llm-cascade setup`.
 *
 * @returns the names that were added (empty when all existed).
 * @throws CascadeConfigError (`INVALID_CONFIG`) when an attribute exists with another type: workflows would
 *   fail to upsert it, and only an operator can resolve the clash.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly AnyKey[] = SEARCH_ATTRIBUTES,
): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  const toAdd: Record<string, NonNullable<ReturnType<typeof encodeSearchAttributeIndexedValueType>>> = {};
  for (const key of keys) {
    const wanted = encodeSearchAttributeIndexedValueType(key.type);
    if (wanted === undefined) throw new Error(`unknown search attribute type ${key.type}`);
    const existing = customAttributes?.[key.name];
    if (existing === undefined || existing === null) toAdd[key.name] = wanted;
    else if (existing !== wanted) {
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidConfig,
        message:
          `Search attribute ${key.name} exists in namespace ${namespace} with another type; ` +
          `llm-cascade needs ${TypedSearchAttributes.toMetadataType(key.type)}. Remove or rename it.`,
      });
    }
  }
  const names = Object.keys(toAdd);
  if (names.length > 0) {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: toAdd });
  }
  return names;
}
