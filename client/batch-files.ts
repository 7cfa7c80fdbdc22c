/**
 * A batch request's files, checked before anything starts: the input exists, is readable, parses at the top level
 * and its item ids are unique; the results and errors outputs are two, neither is the input nor inside an input
 * directory, and both can be written (files; an S3 object or a PostgreSQL table is checked for its form here and
 * written by the workers).
 */
import { closeSync, openSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { CascadeConfigError, ConfigErrorCode } from '../catalog/errors';
import { defaultErrorsLocator, isRemoteOutput, outputLocation } from '../inputs/output-location';
import { detectSourceKind, readEntries, readJsonArrayFile } from '../inputs/batch-source';
import type { BatchCursor, BatchSource } from '../workflows/batch/definitions';

function invalid(code: ConfigErrorCode, message: string): never {
  throw new CascadeConfigError({ code, message });
}

/** The batch's source and its two output files, absolute, once each is known to be usable. */
export function checkBatchFiles(request: { input: string | BatchSource; output: string; errors?: string }): {
  source: BatchSource;
  resultsPath: string;
  errorsPath: string;
} {
  const source = checkSource(request.input);
  const resultsPath = locator(request.output, '--out');
  const errorsPath = locator(request.errors ?? defaultErrorsLocator(resultsPath), '--errors');
  if (resultsPath === errorsPath)
    invalid(ConfigErrorCode.InvalidRequest, `--out and --errors must be different files (both ${resultsPath})`);
  for (const path of [resultsPath, errorsPath]) {
    // A bucket or a table: the workers write it, from whichever host; they make the table, the client has no access.
    if (isRemoteOutput(path)) continue;
    if (path === source.path)
      invalid(ConfigErrorCode.InvalidRequest, `output ${path} is the input: choose another --out/--errors`);
    // Every file of an input directory is an item: an output there would be read back as input on a rerun.
    if (source.kind === 'dir' && isInside(path, source.path))
      invalid(
        ConfigErrorCode.InvalidRequest,
        `output ${path} is inside the input directory ${source.path}, whose every file is an item: write --out/--errors elsewhere`,
      );
    checkWritable(path);
  }
  return { source, resultsPath, errorsPath };
}

/** A remote locator, checked (`outputLocation` throws a clear error) and kept as written; a path, made absolute. */
function locator(value: string, flag: string): string {
  if (!isRemoteOutput(value)) return resolve(value);
  outputLocation(value, flag);
  return value;
}

function isInside(path: string, directory: string): boolean {
  const rel = relative(directory, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The source exists, is readable, parses at the top level, and its item ids are unique. */
function checkSource(input: string | BatchSource): BatchSource {
  const path = resolve(typeof input === 'string' ? input : input.path);
  const kind = typeof input === 'string' ? detectSourceKind(path) : (detectSourceKind(path), input.kind);
  const source: BatchSource = { kind, path };
  try {
    if (kind === 'json') readJsonArrayFile(path);
    else if (kind === 'jsonl') closeSync(openSync(path, 'r'));
  } catch (error) {
    if (error instanceof CascadeConfigError) throw error;
    invalid(
      ConfigErrorCode.FileNotFound,
      `--input: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  for (let cursor: BatchCursor | undefined = { index: 0, offset: 0 }; cursor;) {
    const page = readEntries(source, cursor, 1000);
    for (const entry of page.entries) {
      if (seen.has(entry.id) && duplicates.length < 5)
        duplicates.push(`"${entry.id}" (entries ${seen.get(entry.id)! + 1} and ${entry.at.index + 1})`);
      seen.set(entry.id, entry.at.index);
    }
    cursor = page.exhausted ? undefined : page.next;
  }
  if (duplicates.length) {
    invalid(
      ConfigErrorCode.InvalidRequest,
      `--input ${path}: item ids must be unique, found ${duplicates.join(', ')}: results are recorded by id`,
    );
  }
  return source;
}

/** Opens the file for appending (creating it empty), which is the only honest test of "can be written". */
function checkWritable(path: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
      throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    closeSync(openSync(path, 'a'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    invalid(
      ConfigErrorCode.InvalidRequest,
      `cannot write ${path} (${code}): check that ${dirname(path)} exists and is writable`,
    );
  }
}
