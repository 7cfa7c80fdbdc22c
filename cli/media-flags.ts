/**
 * `--media <file|url>`: each image or PDF is measured and stored in the config's blob store (where the workers read
 * it, sealed with the config's encryption keys) before anything starts; an https URL is passed on for the provider
 * to fetch. A file that is missing or not an image or PDF is bad input (exit 2), found before any call.
 */
import { MediaStore, openBlobStore } from '../blobs';
import { storeMedia } from '../blobs/media-input';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import type { MediaPart } from '../catalog/media';
import type { CascadeConfig } from './config';

export async function storeMediaFlags(
  values: readonly string[],
  config: Pick<CascadeConfig, 'worker' | 'encryption'>,
): Promise<MediaPart[]> {
  const store = new MediaStore(openBlobStore(config.worker.blobs), config.encryption);
  const parts: MediaPart[] = [];
  for (const value of values) {
    try {
      parts.push(await storeMedia(store, value.startsWith('https://') ? { url: value } : { path: value }));
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      // A store that failed is not the input's fault: said as it is.
      if ((error as Error).name !== 'MediaInputError' && code !== 'ENOENT' && code !== 'EISDIR') throw error;
      throw new CascadeConfigError({
        code: ConfigErrorCode.InvalidRequest,
        message: `--media ${value}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : message}`,
      });
    }
  }
  return parts;
}
