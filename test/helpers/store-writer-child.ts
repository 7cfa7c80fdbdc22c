/**
 * A process that writes a synthetic ledger through a `LedgerWriter`, for the writer's multi-process tests:
 *   node store-writer-child.js '<json>'   { target, synthetic, then: 'flush' | 'hang' }
 * It prints `recorded <n>` once every row is in its outbox; with `hang` it then waits to be killed.
 */
import type { LedgerTarget } from '../../store/config';
import { createLedgerWriter } from '../../store/store';
import { syntheticOperations, syntheticRequests, type SyntheticOptions } from '../../store/synthetic';

interface ChildInput {
  target: LedgerTarget;
  synthetic: SyntheticOptions;
  then: 'flush' | 'hang';
}

async function run(): Promise<void> {
  const input = JSON.parse(process.argv[2]!) as ChildInput;
  const writer = createLedgerWriter(input.target, { retryMaxMs: 200 });
  let count = 0;
  for (const request of syntheticRequests(input.synthetic)) {
    for (const operation of syntheticOperations(request)) {
      if (operation.op === 'attempt') writer.recordAttempt(operation.row);
      else if (operation.op === 'request') writer.recordRequest(operation.row);
      count++;
    }
  }
  process.stdout.write(`recorded ${count}\n`);
  if (input.then === 'hang') {
    setInterval(() => undefined, 60_000);
    return;
  }
  const done = await writer.flush(60_000);
  await writer.close();
  process.stdout.write(done ? 'flushed\n' : 'not flushed\n');
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
