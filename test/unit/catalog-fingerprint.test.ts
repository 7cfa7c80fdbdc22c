// Unit tests — catalog fingerprints, worker identities, who may join a task queue, the npx parent watch; no Temporal
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigErrorCode } from '../../catalog/errors';
import { catalogFingerprint, catalogMismatch } from '../../catalog/node/fingerprint';
import { defaultCatalog, loadCatalog } from '../../catalog/node/load';
import { startedByPackageManager, watchedAncestors } from '../../cli/parent-watch';
import { catalogOfIdentity, withCatalog } from '../../worker/catalog-identity';
import { POLLER_GONE_MS, judgeJoin, presenceOf } from '../../worker/queue-catalogs';
import { tempFiles } from '../helpers/cli';

/** Every object's keys in reverse order, recursively: the same data, written another way. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
  return value;
}

describe('catalogFingerprint', () => {
  const base = {
    extends: 'default',
    routes: { triage: { tiers: [{ name: 'economy', candidates: ['openai/gpt-4o-mini'] }], tuned: 'a note' } },
  };

  it('the same catalog gives the same fingerprint whatever the key order, formatting and comments', () => {
    const { dir } = tempFiles({});
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.jsonc');
    writeFileSync(a, JSON.stringify(base));
    writeFileSync(b, `// the same catalog\n${JSON.stringify(reversed(base), null, 4)}\n`);
    const fa = catalogFingerprint(loadCatalog(a));
    assert.match(fa, /^[0-9a-f]{16}$/);
    assert.equal(catalogFingerprint(loadCatalog(b)), fa);
    assert.equal(catalogFingerprint(reversed(loadCatalog(a)) as ReturnType<typeof loadCatalog>), fa);
    // A route's `tuned` note plans nothing: it does not change the fingerprint.
    const untuned = loadCatalog({ ...base, routes: { triage: { ...base.routes.triage, tuned: 'another note' } } });
    assert.equal(catalogFingerprint(untuned), fa);
  });

  it('anything routing or pricing reads changes it: a price, a candidate order, a tier option', () => {
    const catalog = defaultCatalog();
    const before = catalogFingerprint(catalog);
    const repriced = defaultCatalog();
    const model = Object.values(repriced.models)[0]!;
    model.prices[0] = { ...model.prices[0]!, outputUsdPerMTok: model.prices[0]!.outputUsdPerMTok + 0.01 };
    assert.notEqual(catalogFingerprint(repriced), before);
    const reordered = defaultCatalog();
    const tier = Object.values(reordered.routes)[0]!.tiers.find((t) => t.candidates.length > 1)!;
    tier.candidates.reverse();
    assert.notEqual(catalogFingerprint(reordered), before);
    const slower = defaultCatalog();
    slower.tierDefaults = { ...slower.tierDefaults, timeoutMs: slower.tierDefaults.timeoutMs + 1 };
    assert.notEqual(catalogFingerprint(slower), before);
  });

  it('a mismatch names the worker, both fingerprints and the fix; a match or no expectation passes', () => {
    const same = { expected: 'aaaa', actual: 'aaaa', worker: '42@host catalog:aaaa', taskQueue: 'q' };
    assert.equal(catalogMismatch(same), undefined);
    assert.equal(catalogMismatch({ ...same, expected: undefined }), undefined);
    const error = catalogMismatch({ ...same, expected: 'bbbb' });
    assert.equal(error?.code, ConfigErrorCode.CatalogMismatch);
    assert.match(error!.message, /worker 42@host catalog:aaaa on task queue "q" plans with catalog aaaa/);
    assert.match(error!.message, /sent for catalog bbbb/);
    assert.match(error!.message, /nothing was sent to any provider/);
    assert.match(error!.message, /llm-cascade worker --config/);
  });
});

describe('worker identities publish the catalog', () => {
  it('adds (or replaces) the catalog tag, and reads it back', () => {
    const tagged = withCatalog('4242@host', '0123456789abcdef');
    assert.equal(tagged, '4242@host catalog:0123456789abcdef');
    assert.equal(catalogOfIdentity(tagged), '0123456789abcdef');
    assert.equal(withCatalog(tagged, 'fedcba9876543210'), '4242@host catalog:fedcba9876543210');
    assert.equal(catalogOfIdentity('4242@host'), undefined);
  });
});

describe('who may join a task queue', () => {
  const now = 1_000_000_000;
  const ours = { identity: '1@me catalog:aaaa', catalog: 'aaaa' };
  const running = (ageMs: number) => ({ running: true, atMs: now - ageMs, intervalMs: 10_000 });

  it('presence: heartbeats first (running, late, stopped), else polls (advanced, recent, old)', () => {
    assert.equal(presenceOf({ identity: 'x', heartbeat: running(5_000) }, now), 'live');
    assert.equal(presenceOf({ identity: 'x', heartbeat: running(18_000) }, now), 'unsure');
    assert.equal(presenceOf({ identity: 'x', heartbeat: running(40_000) }, now), 'gone');
    assert.equal(presenceOf({ identity: 'x', heartbeat: { running: false, atMs: now } }, now), 'gone');
    assert.equal(presenceOf({ identity: 'x', lastPollMs: now - 20_000 }, now), 'unsure');
    assert.equal(presenceOf({ identity: 'x', lastPollMs: now - POLLER_GONE_MS - 1 }, now), 'gone');
    assert.equal(
      presenceOf({ identity: 'x', lastPollMs: now - 2_000 }, now, { identity: 'x', lastPollMs: now - 60_000 }),
      'live',
    );
  });

  it('refuses live workers of another catalog (or of none), waits on unsure ones, joins its own catalog', () => {
    const same = { identity: '2@b catalog:aaaa', heartbeat: running(1_000) };
    const other = { identity: '3@c catalog:bbbb', heartbeat: running(1_000) };
    const bare = { identity: '4@d', lastPollMs: now - 1_000 };
    assert.equal(judgeJoin(ours, [same], now).kind, 'join');
    assert.equal(judgeJoin(ours, [same, other], now).kind, 'refuse');
    assert.equal(judgeJoin(ours, [bare], now).kind, 'wait');
    assert.equal(judgeJoin(ours, [{ ...bare, lastPollMs: now - 90_000 }], now).kind, 'join');
    assert.equal(judgeJoin(ours, [{ ...other, heartbeat: { running: false, atMs: now } }], now).kind, 'join');
    // Its own identity is never another worker.
    assert.equal(judgeJoin(ours, [{ identity: ours.identity, lastPollMs: now }], now).kind, 'join');
  });
});

describe('the npx parent watch', () => {
  it('watches only under a package manager, and looks past a shell parent to the package manager', () => {
    assert.equal(startedByPackageManager({ npm_lifecycle_event: 'npx' }), true);
    assert.equal(startedByPackageManager({}), false);
    const tree: Record<number, { ppid: number; comm: string }> = {
      10: { ppid: 5, comm: 'sh' },
      20: { ppid: 5, comm: 'npm exec' },
    };
    assert.deepEqual(watchedAncestors(10, (pid) => tree[pid]), [10, 5]);
    assert.deepEqual(watchedAncestors(20, (pid) => tree[pid]), [20]);
    assert.deepEqual(watchedAncestors(30, () => undefined), [30]);
  });
});
