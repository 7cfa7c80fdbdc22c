/**
 * Counts in words for every text the CLI, the gateway and the Temporal UI show: `1 attempt`, `2 attempts`. One
 * helper, so no message says "1 attempts". Pure: imported by workflow code too.
 */
export function plural(count: number, noun: string, nounPlural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nounPlural}`;
}
