/**
 * A real browser for UI tests: Debian's chromium driven by playwright-core. CI images do not always ship it,
 * so `ensureChromium()` installs it with apt when it is missing and we are root (never a silent skip).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { startDevServer, type DevServer } from '../../server/dev-server';
import { TEST_SERVER_ENV, getTestServer } from './temporal';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep a headless chromium quiet and offline (CI machines reach no download host). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/**
 * Makes sure `/usr/bin/chromium` exists: installs Debian's package when it is absent and this process is root.
 * @throws Error saying how to install it when it is absent and we cannot install it ourselves.
 */
export function ensureChromium(log: (message: string) => void = (m) => process.stderr.write(`${m}\n`)): string {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `${CHROMIUM_PATH} is missing and this process is not root: run \`sudo apt-get install -y chromium\` first`,
    );
  }
  // Browser test files run side by side: one installs, the others wait for it (apt would refuse a second at once).
  const unlock = installLock();
  try {
    if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
    installChromium(log);
  } finally {
    unlock();
  }
  return CHROMIUM_PATH;
}

const INSTALL_LOCK = join(tmpdir(), 'llm-cascade-chromium-install.lock');
const INSTALL_WAIT_MS = 15 * 60_000;

/** Takes the install lock (a folder: mkdir is atomic), waiting while another process holds it. */
function installLock(): () => void {
  const until = Date.now() + INSTALL_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(INSTALL_LOCK);
      return () => rmSync(INSTALL_LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > until) {
        throw new Error(
          `waited ${INSTALL_WAIT_MS / 60_000} min for ${INSTALL_LOCK} (another chromium install); remove it if stale`,
        );
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_000); // a synchronous sleep
    }
  }
}

function installChromium(log: (message: string) => void): void {
  log(`${CHROMIUM_PATH} is missing: installing Debian's chromium (apt-get update && apt-get install -y chromium)…`);
  const started = Date.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env,
    });
  } catch (error) {
    throw new Error(`installing chromium with apt-get failed: ${(error as Error).message}`, { cause: error });
  }
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} still does not exist`);
  log(`chromium installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** A headless chromium with a fresh profile; `close()` ends the browser and removes the profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const executablePath = ensureChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'llm-cascade-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1920, height: 1080 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** `test-output/<name>` at the project root (gitignored), with the folder created. */
export function testOutputPath(name: string): string {
  const dir = resolve(__dirname, '../../../test-output');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

/**
 * The Temporal Web UI a browser test opens: the suite runner's dev server has one; a file run on its own starts a
 * server with a UI here and points the test helpers at it (stop `ownServer` after the file).
 */
export async function serverWithUi(): Promise<{ uiUrl: string; namespace: string; ownServer?: DevServer }> {
  const server = await getTestServer();
  if (server.uiUrl) return { uiUrl: server.uiUrl, namespace: server.namespace };
  const ownServer = await startDevServer();
  process.env[TEST_SERVER_ENV.address] = ownServer.address;
  process.env[TEST_SERVER_ENV.namespace] = ownServer.namespace;
  process.env[TEST_SERVER_ENV.uiUrl] = ownServer.uiUrl;
  return { uiUrl: ownServer.uiUrl!, namespace: ownServer.namespace, ownServer };
}
