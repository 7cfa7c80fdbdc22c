/**
 * Latency histograms: a latency falls in a bucket 2^(1/32) wide (about 2.2 %), so a median read from the rollups is
 * within about 1.1 % of the exact one, however many requests there are. Pure.
 */
const STEPS_PER_DOUBLING = 32;

/** The bucket index of a latency, ms (latencies under 1 ms share bucket 0). */
export function latencyBucket(ms: number): number {
  return Math.floor(STEPS_PER_DOUBLING * Math.log2(Math.max(1, ms)));
}

/** The latency a bucket stands for: its geometric middle, ms. */
export function bucketLatency(bucket: number): number {
  return Math.round(2 ** ((bucket + 0.5) / STEPS_PER_DOUBLING));
}

/**
 * The median of a histogram (bucket → count), as `armStats` takes it: the middle value, or the mean of the two
 * middle values for an even count. Null when empty.
 */
export function histogramMedian(histogram: ReadonlyMap<number, number>): number | null {
  const buckets = [...histogram.entries()].filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const at = (rank: number): number => {
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (rank < seen) return bucketLatency(bucket);
    }
    return bucketLatency(buckets[buckets.length - 1]![0]);
  };
  const middle = Math.floor(total / 2);
  return total % 2 ? at(middle) : Math.round((at(middle - 1) + at(middle)) / 2);
}
