/**
 * The `blobs` section of a config file, checked with zod, and the one conversion of it into the worker's option
 * (a plain path is relative to the config file, like every other path there).
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { blobLocation } from './location';
import type { BlobStoreOptions } from './store';

/**
 * `"blobs": { "url": "s3://bucket/prefix", "endpoint": "http://127.0.0.1:7070", "pathStyle": true }`. Absent, the
 * worker uses `$LLM_CASCADE_BLOBS`, else the directory `.llm-cascade` under its working directory.
 */
export const blobsConfigSchema = z
  .strictObject({
    /** `file:///abs/dir`, a path (relative to the config file), or `s3://bucket/prefix`. */
    url: z
      .string()
      .min(1)
      .refine((url) => !/^[a-z][a-z0-9+.-]*:/i.test(url) || /^(file|s3):/.test(url), {
        message: 'only file:// and s3:// URLs (or a plain path) are supported',
      }),
    /** S3-compatible server's endpoint; default: $AWS_ENDPOINT_URL_S3, $AWS_ENDPOINT_URL, else AWS's own. */
    endpoint: z.string().url().optional(),
    /** S3 region; default: $AWS_REGION, $AWS_DEFAULT_REGION, else us-east-1. */
    region: z.string().min(1).optional(),
    /** Path-style bucket addressing; default: on when an endpoint is given. */
    pathStyle: z.boolean().optional(),
  })
  .superRefine((section, context) => {
    // The same reading the worker does at start, here so a bad bucket name stops the CLI before it connects.
    try {
      blobLocation(section, {}, '/');
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message.replace(/^blobs: /, '') });
    }
  });
export type BlobsConfig = z.output<typeof blobsConfigSchema>;

/** The worker's `blobs` option of a config file's section: a plain relative path resolved against the file. */
export function blobsOptionOf(section: BlobsConfig, configDir: string): BlobStoreOptions {
  const plainPath = !/^[a-z][a-z0-9+.-]*:/i.test(section.url);
  const url = plainPath && !isAbsolute(section.url) ? resolve(configDir, section.url) : section.url;
  return { ...section, url };
}
