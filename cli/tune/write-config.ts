/** Writing a tuned config: never leave one the worker would refuse (`tune --apply`, `tune --labels --apply`). */
import { rmSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../config';

/**
 * Loads the edited text as the worker would, from a file beside the config (relative paths resolve alike).
 * @throws the loader's CascadeConfigError when the edit would leave a config it refuses; nothing is written then.
 */
export function assertConfigLoads(path: string, text: string): void {
  const check = `${path}.tune-check.json`;
  writeFileSync(check, text);
  try {
    loadConfig(check);
  } finally {
    rmSync(check, { force: true });
  }
}
