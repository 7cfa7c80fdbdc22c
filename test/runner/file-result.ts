/** What the runner's reporter (reporter.ts) writes for one test file. */
export interface FileResult {
  tests: number;
  pass: number;
  fail: number;
  cancelled: number;
  skipped: number;
  todo: number;
  failures: { title: string; error: string; location?: string }[];
}

/** Where the reporter writes a file's result (set by run-file.ts for each `node --test` process). */
export const RESULT_FILE_ENV = 'LLM_CASCADE_TEST_RESULT_FILE';
