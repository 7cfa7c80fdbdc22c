/**
 * Loads several pure test files into this one process (runner/run-file.ts starts it for a group of shared files, with
 * the same reporters as `node --test`): node:test then runs the tests they registered, file after file, and exits 1
 * when one failed. A file that cannot even be loaded is reported, fails the process, and the other files still run.
 *
 *   node --test-reporter=spec lib/test/runner/load-files.js lib/test/unit/a.test.js lib/test/unit/b.test.js
 */
import { test } from 'node:test';

for (const path of process.argv.slice(2)) {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- files named at run time, loaded at once, in order
    require(path);
  } catch (error) {
    // A test of its own, so that the reporters count it and the summary names the file.
    test(`${path} could not be loaded`, () => {
      throw error;
    });
  }
}
