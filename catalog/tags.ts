/**
 * Tags: what a provider or model carries (region, zero data retention, …) and what a route or request requires of
 * them. Pure and sandbox-safe: the catalog's rules check requirements with it at load, planning at every request.
 */
import type { Catalog, Tags } from './types';

/** A candidate's tags: its provider's, overlaid with the model's own. */
export function tagsOf(catalog: Catalog, ref: string): Tags {
  const model = catalog.models[ref];
  return { ...(model && catalog.providers[model.provider]?.tags), ...model?.tags };
}

/** The requirements `tags` does not meet, as `key=value` (values compared as text: `true` matches `'true'`). */
export function missingTags(tags: Tags, require: Tags | undefined): string[] {
  return Object.entries(require ?? {})
    .filter(([key, value]) => !Object.prototype.hasOwnProperty.call(tags, key) || String(tags[key]) !== String(value))
    .map(([key, value]) => `${key}=${String(value)}`);
}
