// Pure unit tests — the patch registry: every marker registered with its end, the only way workflow code asks,
// and every registered marker recorded in a replay fixture (reads source and fixture files; no server)
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PATCHES, type PatchPlan } from '../../workflows/patches';

const ROOT = resolve(__dirname, '../../..');
const plans = Object.entries(PATCHES) as [string, PatchPlan][];

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, ext) : path.endsWith(ext) ? [path] : [];
  });
}

/** `major.minor.patch` as a comparable number. */
function version(text: string): number {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  assert.ok(match, `"${text}" is a release version`);
  return Number(match[1]) * 1e6 + Number(match[2]) * 1e3 + Number(match[3]);
}

/** The ids of every `core_patch` marker recorded in the replay fixtures. */
function recordedMarkers(): Set<string> {
  const ids = new Set<string>();
  for (const file of files(join(ROOT, 'test/fixtures'), '.json')) {
    const history = JSON.parse(readFileSync(file, 'utf8')) as { events?: Record<string, unknown>[] };
    for (const event of history.events ?? []) {
      const marker = event.markerRecordedEventAttributes as
        { markerName?: string; details?: Record<string, { payloads?: { data?: string }[] }> } | undefined;
      const data =
        marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
      if (data) ids.add((JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id: string }).id);
    }
  }
  return ids;
}

describe('patch registry (workflows/patches.ts)', () => {
  it('every marker has a unique id, a date, and an end: deprecated after it arrived, removed after that', () => {
    assert.equal(new Set(plans.map(([, plan]) => plan.id)).size, plans.length);
    for (const [name, plan] of plans) {
      assert.match(plan.arrived, /^\d{4}-\d{2}-\d{2}$/, name);
      assert.ok(!Number.isNaN(Date.parse(plan.arrived)), name);
      assert.ok(version(plan.release) < version(plan.deprecateIn), `${name}: deprecated after it arrived`);
      assert.ok(version(plan.deprecateIn) < version(plan.removeIn), `${name}: removed after it is deprecated`);
      assert.ok(plan.change.length > 10, `${name}: says what changed`);
    }
  });

  it('workflow code asks isPatched(name) only: no patched() or deprecatePatch() outside the registry', () => {
    const offenders = files(join(ROOT, 'workflows'), '.ts')
      .filter((file) => !file.endsWith('patches.ts'))
      .filter((file) => /\b(patched|deprecatePatch)\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    assert.deepEqual(offenders, []);
  });

  it('every registered marker is asked for by its workflow, and no other name is', () => {
    const source = files(join(ROOT, 'workflows'), '.ts')
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const asked = new Set([...source.matchAll(/isPatched\('([A-Za-z]+)'\)/g)].map((match) => match[1]));
    assert.deepEqual([...asked].sort(), plans.map(([name]) => name).sort());
  });

  it('every marker is recorded in a replay fixture, with the id the registry gives (ids never change)', () => {
    const recorded = recordedMarkers();
    for (const [name, plan] of plans) assert.ok(recorded.has(plan.id), `${name}: no fixture records "${plan.id}"`);
    for (const id of recorded)
      assert.ok(
        plans.some(([, plan]) => plan.id === id),
        `a fixture records "${id}", which is not registered`,
      );
  });
});
