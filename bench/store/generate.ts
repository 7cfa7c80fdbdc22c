/**
 * `node lib/bench/store/generate.js --rows 1000000 [--sqlite-path f.db | --pg-url postgres://…]`: fills a ledger
 * store with synthetic rows over the last 30 days (store/synthetic.ts), in bulk, exactly once (running it twice
 * adds nothing). Prints how long it took and how many rows it wrote.
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { openLedgerStore } from '../../store/store';
import { generateLedger } from '../../store/synthetic';
import { parseStoreBenchArgs, requestsFor } from './args';

async function run(): Promise<void> {
  const options = parseStoreBenchArgs(process.argv.slice(2));
  const target = options.pgUrl
    ? { engine: 'postgres' as const, url: options.pgUrl, outboxDir: join(tmpdir(), 'llm-cascade-bench-outbox') }
    : {
        engine: 'sqlite' as const,
        path: options.sqlitePath ?? join(tmpdir(), 'llm-cascade-bench.db'),
        outboxDir: join(tmpdir(), 'llm-cascade-bench-outbox'),
      };
  const store = await openLedgerStore(target);
  const endMs = Date.now();
  try {
    const result = await generateLedger(store, {
      requests: requestsFor(options.rows),
      startMs: endMs - 30 * 86_400_000,
      endMs,
      onProgress: (done) => {
        if (done % 100_000 === 0) process.stderr.write(`  ${done} requests\n`);
      },
    });
    process.stdout.write(
      `${store.engine.location}: ${result.requests} requests, ${result.attempts} attempt rows in ${(result.ms / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await store.close();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
