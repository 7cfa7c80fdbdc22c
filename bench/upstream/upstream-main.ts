/**
 * Child-process entry of the fake upstream: `node upstream-main.js '<json of Record<model, ModelSpec>>'`.
 * Prints one JSON line `{ "port": N }` once listening; exits on SIGTERM or when stdin closes (the harness died).
 */
import { startFakeProvider } from '../../sim/fake-provider';
import type { FakeBehavior } from '../../sim/fake-types';
import { behaviorOf, type ModelSpec } from './models';

async function main(): Promise<void> {
  const specs = JSON.parse(process.argv[2] ?? '{}') as Record<string, ModelSpec>;
  const models: Record<string, FakeBehavior> = {};
  for (const [model, spec] of Object.entries(specs)) models[model] = behaviorOf(model, spec);
  // The call log must hold the largest section (throughput/cost runs clear it between phases).
  const provider = await startFakeProvider({ models, callLogLimit: 200_000 });
  const stop = () => {
    void provider.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ port: provider.port })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
