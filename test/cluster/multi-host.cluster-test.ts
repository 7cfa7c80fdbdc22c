// Cluster test (`npm run test:cluster`, not in `npm test`: root only, minutes long) — three worker hosts and a CLI
// host, each a process in its own network and mount namespace (read-only everywhere but a private /tmp and its data
// directory), reaching one Temporal dev server, one PostgreSQL and one S3-compatible server (versitygw) over a
// private bridge. A 1,000-item batch whose first tier is a provider batch writes its results into a PostgreSQL
// table; one worker host is killed with SIGKILL mid-batch. Every item is in the table exactly once, and the money in
// the lines equals the fake provider's bill.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { startCascadeEnv, type CascadeEnv } from '../helpers/cascade-env';
import { startPostgres, type PostgresServer } from '../helpers/postgres';
import { startS3Server, type S3Server } from '../helpers/s3-server';
import { startCluster, type Cluster } from '../helpers/netns';
import { CLI } from '../helpers/cli';
import { getTestServer } from '../helpers/temporal';
import { answer, schema, writeItems } from '../integration/batch-env';

const ITEMS = 1000;
const BUCKET = 'cluster-blobs';

let pg: PostgresServer;
let s3: S3Server;
let env: CascadeEnv;
let cluster: Cluster;
let root: string;
const workers: ChildProcess[] = [];

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: pg.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return []; // the table is not made yet
    throw error;
  } finally {
    await client.end();
  }
}

before(async () => {
  root = mkdtempSync('/var/tmp/llm-cascade-cluster-');
  [pg, s3] = await Promise.all([startPostgres(), startS3Server()]);
  await s3.createBucket(BUCKET);
  env = await startCascadeEnv({
    name: 'cluster',
    noWorker: true,
    providerExtra: { eco: { batch: { protocol: 'openai', maxRequests: 500, maxBytes: 10_000_000, maxInFlight: 2 } } },
    tiers: [
      [
        'economy',
        [
          {
            ref: 'eco/small',
            behavior: answer(['ok']),
            inputUsdPerMTok: 0.1,
            outputUsdPerMTok: 0.4,
            batchDiscount: 0.5,
          },
        ],
      ],
      ['standard', [{ ref: 'std/medium', behavior: answer(['ok']), inputUsdPerMTok: 1, outputUsdPerMTok: 4 }]],
    ],
  });
  env.provider.setBatchBehavior('complete', { validatingMs: 50, inProgressMs: 1500, finalizingMs: 50 });
  cluster = startCluster(root, 4);
  const server = await getTestServer();
  const port = (address: string) => Number(address.slice(address.lastIndexOf(':') + 1));
  const gw = cluster.gateway;
  const [temporalPort, pgPort, s3Port, providerPort] = await Promise.all([
    cluster.bridgePort(port(server.address)),
    cluster.bridgePort(pg.port),
    cluster.bridgePort(port(s3.endpoint)),
    cluster.bridgePort(port(new URL(env.provider.baseURL).host)),
  ]);
  const catalog = JSON.parse(
    JSON.stringify(env.catalogJson).replaceAll(env.provider.baseURL, `http://${gw}:${providerPort}/v1`),
  ) as Record<string, unknown>;
  const config = {
    ...catalog,
    temporal: { address: `${gw}:${temporalPort}`, namespace: server.namespace, taskQueue: env.taskQueue },
    blobs: { url: `s3://${BUCKET}/blobs`, endpoint: `http://${gw}:${s3Port}` },
    ledger: { url: `postgres://postgres@${gw}:${pgPort}/postgres` },
  };
  for (const host of cluster.hosts) writeFileSync(join(host.dataDir, 'config.json'), JSON.stringify(config));
  process.env.CLUSTER_PG = `postgres://postgres@${gw}:${pgPort}/postgres`;
  const shared = join(root, 'shared');
  mkdirSync(shared);
  writeItems(shared, ITEMS, () => 'ok');
  writeFileSync(join(shared, 'schema.json'), JSON.stringify(schema));
  for (const host of cluster.hosts.slice(0, 3)) {
    // HOME in the data directory: the ledger store's outbox (rows waiting for PostgreSQL) lives with the host.
    const workerEnv = { PATH: process.env.PATH, ...s3.env, HOME: host.dataDir, TMPDIR: '/tmp' };
    workers.push(host.spawn(['node', CLI, 'worker', '-c', 'config.json'], workerEnv, 'worker.log'));
  }
});

after(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await cluster?.destroy();
  await env?.close();
  await Promise.all([pg?.destroy(), s3?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('three worker hosts, a CLI host, no shared disk for outputs', () => {
  it('a host cannot write outside its /tmp and data directory', () => {
    const host = cluster.hosts[3]!;
    assert.equal(
      host.run(['sh', '-c', `touch ${join(root, 'shared', 'x')}`]).status !== 0,
      true,
      'shared is read-only',
    );
    assert.equal(host.run(['sh', '-c', `touch /tmp/x && touch ${host.dataDir}/x`]).status, 0, 'its own dirs are not');
  });

  it('a 1,000-item provider batch with a host killed mid-way: every item once, lines = the bill', async () => {
    const cli = cluster.hosts[3]!;
    const out = `${process.env.CLUSTER_PG}#cluster_results`;
    const input = join(root, 'shared', 'items.jsonl');
    const run = cli.spawn(
      [
        'node',
        CLI,
        'batch',
        '-c',
        'config.json',
        '-t',
        'extract',
        '-s',
        join(root, 'shared', 'schema.json'),
        '-i',
        input,
        '--out',
        out,
        '--provider-batch',
        '--batch-id',
        'cluster',
        '--json',
      ],
      { PATH: process.env.PATH, HOME: '/tmp', TMPDIR: '/tmp' },
      'batch.log',
    );
    const ended = new Promise<number | null>((resolve) => run.on('exit', resolve));
    // Kill a worker host once results are being written.
    let atKill = 0;
    for (let i = 0; i < 3000 && atKill === 0; i++) {
      const [count] = await rows('SELECT count(*)::int AS n FROM cluster_results');
      atKill = Number(count?.n ?? 0);
      if (atKill === 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    workers[0]!.kill('SIGKILL');
    assert.ok(atKill > 0 && atKill < ITEMS, `killed mid-batch (${atKill} of ${ITEMS} results written)`);
    assert.equal(await ended, 0, 'the batch command ends with every item ok');
    const log = readFileSync(join(cli.dataDir, 'batch.log'), 'utf8');
    // Its --json report: the one line of stdout that is a JSON object (stderr shares the log).
    const reportLine = log.split('\n').find((line) => line.startsWith('{') && line.includes('"costMicroUsd"'));
    assert.ok(reportLine, `a JSON report in ${log.slice(-2000)}`);
    const report = JSON.parse(reportLine) as { ok: number; costMicroUsd: number };
    assert.equal(report.ok, ITEMS);
    const [stats] = await rows(
      "SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, sum((line->>'costMicroUsd')::bigint)::bigint AS cost FROM cluster_results",
    );
    assert.equal(stats!.n, ITEMS);
    assert.equal(stats!.ids, ITEMS);
    const [errors] = await rows(
      "SELECT coalesce(sum((line->>'costMicroUsd')::bigint), 0)::bigint AS cost FROM cluster_results_errors",
    );
    const bill = env.provider.bill();
    assert.ok(bill.batchMicroUsd > 0, 'the first tier ran as provider batches');
    assert.equal(Number(stats!.cost) + Number(errors?.cost ?? 0), bill.totalMicroUsd);
    assert.equal(report.costMicroUsd, bill.totalMicroUsd);
    // The ledger store (PostgreSQL, written by every host's activities) holds every billed attempt once.
    let ledger = 0;
    for (let i = 0; i < 300 && ledger !== bill.totalMicroUsd; i++) {
      const [sum] = await rows('SELECT coalesce(sum(cost_micro), 0)::bigint AS cost FROM attempts');
      ledger = Number(sum?.cost ?? 0);
      if (ledger !== bill.totalMicroUsd) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(ledger, bill.totalMicroUsd, "ledger store = the provider's bill");
  });
});
