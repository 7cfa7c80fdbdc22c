/**
 * Reads an HTTP body with a byte cap. The openai SDK would read a 60 MB answer whole into memory and hand it
 * on; here only the first `capBytes` are kept (the answer, when it fits) and a short tail (where a chat
 * completion keeps its usage, so an answer over the cap can still be billed at the provider's count).
 */

export interface CappedBody {
  /** The body as text when it fits the cap; its first `capBytes` otherwise. */
  head: string;
  /** The last `tailBytes` of a body over the cap; empty when it fits. */
  tail: string;
  /** Bytes received (a lower bound when `drained` is false). */
  totalBytes: number;
  /** The whole body fit within the cap. */
  complete: boolean;
  /** The body was read to its end (false: reading stopped at `drainLimitBytes`, the tail is not the end). */
  drained: boolean;
}

export interface ReadCappedOptions {
  capBytes: number;
  /** How much of the end of an over-cap body to keep. @default 65536 */
  tailBytes?: number;
  /** Stop reading (and cancel the body) past this many bytes. @default 256 MiB */
  drainLimitBytes?: number;
}

export async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  options: ReadCappedOptions,
): Promise<CappedBody> {
  const tailBytes = options.tailBytes ?? 65_536;
  const drainLimit = options.drainLimitBytes ?? 256 * 1024 * 1024;
  const head: Buffer[] = [];
  let headBytes = 0;
  let tail: Buffer[] = [];
  let tailSize = 0;
  let totalBytes = 0;
  let drained = true;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      totalBytes += chunk.length;
      if (headBytes < options.capBytes) {
        const kept = chunk.subarray(0, options.capBytes - headBytes);
        head.push(Buffer.from(kept));
        headBytes += kept.length;
      }
      tail.push(chunk);
      tailSize += chunk.length;
      // Keep just enough whole chunks to cover tailBytes.
      while (tail.length > 1 && tailSize - tail[0]!.length >= tailBytes) tailSize -= tail.shift()!.length;
      if (totalBytes > drainLimit) {
        drained = false;
        await reader.cancel();
        break;
      }
    }
  }
  const complete = totalBytes <= options.capBytes;
  const tailText = complete ? '' : Buffer.concat(tail).subarray(-tailBytes).toString('utf8');
  tail = [];
  return { head: Buffer.concat(head).toString('utf8'), tail: tailText, totalBytes, complete, drained };
}
