/**
 * The S3 driver: objects in a bucket under a key prefix, through `@aws-sdk/client-s3` (AWS S3 and S3-compatible
 * servers: MinIO, Cloudflare R2, GCS interoperability, versitygw). The SDK is required on first use only, so a
 * worker with a directory store never loads it. Credentials come from the SDK's default chain (environment,
 * profile, instance role); nothing here reads or logs one.
 */
import type * as S3Module from '@aws-sdk/client-s3';
import { checkBlobKey, checkBlobPrefix, describeLocation, type BlobLocation } from './location';
import type { BlobStore } from './store';

type S3Location = Extract<BlobLocation, { kind: 's3' }>;

/** The SDK's module, loaded once, on first use. */
let sdk: typeof S3Module | undefined;
function s3Sdk(): typeof S3Module {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk ??= require('@aws-sdk/client-s3') as typeof S3Module;
  return sdk;
}

export class S3BlobStore implements BlobStore {
  private client?: S3Module.S3Client;

  constructor(readonly location: S3Location) {}

  get where(): string {
    return describeLocation(this.location);
  }

  private s3(): S3Module.S3Client {
    const { region, endpoint, pathStyle } = this.location;
    this.client ??= new (s3Sdk().S3Client)({
      region,
      forcePathStyle: pathStyle,
      ...(endpoint && { endpoint }),
      // Temporal owns retries of the activities that call this; the SDK's own few retries absorb a dropped socket.
      maxAttempts: 3,
    });
    return this.client;
  }

  private objectKey(key: string): string {
    return this.location.prefix + checkBlobKey(key);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const { PutObjectCommand } = s3Sdk();
    await this.s3().send(new PutObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key), Body: data }));
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const { GetObjectCommand, NoSuchKey } = s3Sdk();
    try {
      const answer = await this.s3().send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }),
      );
      return answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const { ListObjectsV2Command } = s3Sdk();
    const full = this.location.prefix + checkBlobPrefix(prefix);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3().send(
        new ListObjectsV2Command({ Bucket: this.location.bucket, Prefix: full, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) keys.push(object.Key.slice(this.location.prefix.length));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  async delete(key: string): Promise<void> {
    const { DeleteObjectCommand } = s3Sdk();
    await this.s3().send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.objectKey(key) }));
  }

  /** Closes the client's sockets (a worker shutting down, a test). */
  close(): void {
    this.client?.destroy();
    this.client = undefined;
  }
}
