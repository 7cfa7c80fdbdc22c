/**
 * The directory driver: one file per key under a root directory (`<root>/<key>`, the key's slashes as folders),
 * written atomically (a temp file, then rename), so a reader never sees half an object. The embedded default:
 * right for one host, or for several hosts that share a mount.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { checkBlobKey, checkBlobPrefix } from './location';
import type { BlobStore } from './store';

/** Temp files of writes in progress end so; `list` leaves them out. */
const TEMP = /\.\d+\.[0-9a-z]+\.tmp$/;

export class DirectoryBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  get where(): string {
    return this.dir;
  }

  private path(key: string): string {
    return join(this.dir, ...checkBlobKey(key).split('/'));
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, data);
    await rename(temp, path);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    checkBlobPrefix(prefix);
    // Walk only the folder the prefix names (its part up to the last slash), then filter by the rest.
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const start = join(this.dir, ...(base ? base.split('/') : []));
    let entries: string[];
    try {
      entries = (await readdir(start, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile() && !TEMP.test(entry.name))
        .map((entry) => relative(this.dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries.filter((key) => key.startsWith(prefix));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
