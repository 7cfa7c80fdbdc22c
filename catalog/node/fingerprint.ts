/**
 * A catalog's fingerprint: one short hash of what routing and pricing read, so two processes can tell in one
 * comparison whether they would plan a request the same way. Workers publish it (their identity) and record it in
 * every plan; clients holding a config send theirs with each request, and a worker with another catalog refuses the
 * request before any provider is called.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { CascadeConfigError, ConfigErrorCode } from '../errors';
import type { Catalog } from '../types';

/** Hex digits kept of the SHA-256: 64 bits, short enough for a worker identity, far from any accidental collision. */
const FINGERPRINT_HEX_DIGITS = 16;

/**
 * What the fingerprint covers: the validated catalog (defaults filled in, price history sorted, comments and file
 * formatting gone with the parse), less the notes nothing routes on (`tuned`, what `llm-cascade tune` last changed).
 */
function effectiveCatalog(catalog: Catalog): unknown {
  const routes = Object.fromEntries(
    Object.entries(catalog.routes).map(([task, { tuned: _tuned, ...route }]) => [task, route]),
  );
  // Through JSON first: only data counts (undefined fields vanish, exactly as they do on the wire).
  return JSON.parse(JSON.stringify({ ...catalog, routes })) as unknown;
}

/**
 * The catalog's fingerprint: the first 16 hex digits of the SHA-256 of its RFC 8785 canonical JSON (object keys
 * sorted, numbers and strings in one spelling), so the same catalog gives the same fingerprint on every host
 * whatever the key order, the formatting or the file it came from.
 */
export function catalogFingerprint(catalog: Catalog): string {
  const canonical = canonicalize(effectiveCatalog(catalog)) ?? '';
  return createHash('sha256').update(canonical).digest('hex').slice(0, FINGERPRINT_HEX_DIGITS);
}

/**
 * The refusal of a request sent for catalog `expected` by a worker whose catalog is `actual`: which worker, which
 * fingerprints, and how to fix it. Undefined when they match or the sender expected nothing.
 */
export function catalogMismatch(options: {
  expected: string | undefined;
  actual: string;
  worker: string;
  taskQueue: string;
}): CascadeConfigError | undefined {
  const { expected, actual, worker, taskQueue } = options;
  if (expected === undefined || expected === actual) return undefined;
  return new CascadeConfigError({
    code: ConfigErrorCode.CatalogMismatch,
    message:
      `catalog mismatch: worker ${worker} on task queue "${taskQueue}" plans with catalog ${actual}, but this request ` +
      `was sent for catalog ${expected} (the sender's config); nothing was sent to any provider. One task queue must ` +
      'have one catalog: restart the workers of this queue with the same config as the sender (`llm-cascade worker ' +
      '--config <file>`; `llm-cascade catalog show --config <file>` prints a config\'s fingerprint), or send to the ' +
      'task queue whose workers run this catalog',
  });
}
