/**
 * The worker's default batch sink: each `--out`/`--errors` locator goes to the driver its scheme names — a JSONL
 * file, S3 objects, or PostgreSQL rows. The drivers for S3 and PostgreSQL are made on first use, so a worker that
 * only writes files never loads their SDKs.
 */
import { outputLocation, type OutputLocation } from '../../../inputs/output-location';
import { FileResultSink, type ResultSink, type SinkLine } from '../sink';
import { PostgresResultSink } from './postgres';
import { S3ResultSink } from './s3';

type Env = Record<string, string | undefined>;

export class RoutingResultSink implements ResultSink {
  private readonly file = new FileResultSink();
  private postgres?: PostgresResultSink;
  private s3?: S3ResultSink;

  constructor(private readonly env: Env = process.env) {}

  recordedIds(path: string) {
    return this.driver(path).recordedIds(path);
  }

  append(path: string, key: string, line: object) {
    return this.driver(path).append(path, key, line);
  }

  linesOf(path: string, id: string): readonly SinkLine[] | Promise<readonly SinkLine[]> {
    return this.driver(path).linesOf(path, id);
  }

  /** Closes the network drivers' connections (a worker shutting down, a test). */
  async close(): Promise<void> {
    this.s3?.close();
    await this.postgres?.close();
  }

  private driver(path: string): FileResultSink | PostgresResultSink | S3ResultSink {
    const location = outputLocation(path);
    if (location.kind === 'file') return this.file;
    if (location.kind === 'postgres') return (this.postgres ??= new PostgresResultSink((p) => as(p, 'postgres')));
    return (this.s3 ??= new S3ResultSink((p) => as(p, 's3'), this.env));
  }
}

function as<K extends OutputLocation['kind']>(path: string, kind: K): Extract<OutputLocation, { kind: K }> {
  const location = outputLocation(path);
  if (location.kind !== kind) throw new Error(`${path} is not a ${kind} output`);
  return location as Extract<OutputLocation, { kind: K }>;
}
