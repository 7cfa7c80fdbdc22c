/**
 * The smoke's native binaries, as a new user's `npm install` gets them. better-sqlite3's install script
 * (`prebuild-install || node-gyp rebuild`) downloads a prebuilt binary from GitHub; where GitHub is out of reach (CI
 * sandboxes, this machine) it falls back to compiling SQLite with -O3: two minutes of both cores, the largest part of
 * the whole smoke. This checkout's `npm ci` already holds the binary of the very version the package depends on
 * (package.json pins it exactly), built for this Node: packed as the release asset prebuild-install looks for and
 * handed to it as a local prebuild, the install runs the same script and takes the prebuilt path, as it does for a
 * user with network. Nothing else changes: the install still resolves, fetches and links every package itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BINARY = 'build/Release/better_sqlite3.node';

/**
 * The release asset's name (prebuild-install's template `{name}-v{version}-{runtime}-v{abi}-{platform}{libc}-{arch}`,
 * libc empty on glibc; on musl prebuild-install asks for another name, finds none here and compiles, as before).
 */
export function prebuildName(version: string, abi = process.versions.modules, platform = process.platform): string {
  return `better-sqlite3-v${version}-node-v${abi}-${platform}-${process.arch}.tar.gz`;
}

/**
 * Packs the checkout's better-sqlite3 binary into `dir` and returns the variable that points prebuild-install at it;
 * none (the install compiles, as before) when the checkout has no binary.
 */
export function localPrebuilds(root: string, dir: string): NodeJS.ProcessEnv {
  const pkg = join(root, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(pkg, BINARY))) return {};
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['-czf', join(dir, prebuildName(version)), '-C', pkg, BINARY]);
  return { npm_config_better_sqlite3_local_prebuilds: dir };
}
