/** The blob store: the interface, its two drivers, and the one function that opens the store a setting names. */
import { DirectoryBlobStore } from './directory';
import { blobLocation } from './location';
import { S3BlobStore } from './s3';
import { isBlobStore, type BlobStore, type BlobStoreSetting } from './store';

export type { BlobStore, BlobStoreOptions, BlobStoreSetting } from './store';
export { isBlobStore } from './store';
export { blobLocation, defaultBlobsUrl, describeLocation, type BlobLocation } from './location';
export { DirectoryBlobStore } from './directory';
export { S3BlobStore } from './s3';
export { BlobKind, contentKey, logicalKey, nameKey } from './names';
export { BlobSeal } from './sealed';
export { MediaStore } from './media';

/** The store a setting names: a store given by value as it is, else the driver its URL chooses. */
export function openBlobStore(
  setting: BlobStoreSetting = {},
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): BlobStore {
  if (isBlobStore(setting)) return setting;
  const location = blobLocation(setting, env, cwd);
  return location.kind === 'directory' ? new DirectoryBlobStore(location.dir) : new S3BlobStore(location);
}
