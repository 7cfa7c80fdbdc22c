/**
 * A worker's catalog, published in its identity (`4242@host catalog:3f9a2c71b0de4a55`): Temporal shows identities
 * wherever it shows pollers and workers (DescribeTaskQueue, ListWorkers, the Web UI's Workers tab), so any process can
 * tell which catalog each worker of a task queue plans with. Pure.
 */
const CATALOG_TAG = 'catalog:';
const TAGGED = /(?:^|\s)catalog:([0-9a-f]+)(?:\s|$)/;

/** `identity` with the catalog's fingerprint added (replacing a catalog tag it already carries). */
export function withCatalog(identity: string, fingerprint: string): string {
  const bare = identity.replace(TAGGED, ' ').trim();
  return `${bare} ${CATALOG_TAG}${fingerprint}`;
}

/** The catalog fingerprint an identity publishes; undefined for a worker that publishes none. */
export function catalogOfIdentity(identity: string): string | undefined {
  return TAGGED.exec(identity)?.[1];
}
