import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { NotApprovedError } from '../review/shippable';
import * as scenarios from '../trajectory/fixtures/scenarios';
import { buildBundle } from './bundle';
import { MANIFEST_PATH, TRAJECTORIES_PATH } from './format';
import { sha256Hex } from './hash';
import { parseManifest } from './manifest';
import { approvedSession, OPTIONS } from './testing';

const sessions = {
  'session-a': approvedSession('session-a', scenarios.customerForm().s.stored()),
  'session-b': approvedSession('session-b', scenarios.assistedReply().s.stored()),
};
const load = async (id: string) => {
  const s = sessions[id as keyof typeof sessions];
  if (!s) throw new Error(`no ${id}`);
  return s;
};

describe('buildBundle', () => {
  it('gives the same bytes for the same inputs', async () => {
    const a = await buildBundle(['session-b', 'session-a'], load, OPTIONS);
    const b = await buildBundle(['session-a', 'session-b'], load, OPTIONS);
    expect(a.sha256).toBe(b.sha256);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const c = await buildBundle(['session-a', 'session-b'], load, {
      ...OPTIONS,
      exportedAt: OPTIONS.exportedAt + 1000,
    });
    expect(c.sha256).not.toBe(a.sha256);
  });

  it('holds every file the manifest lists, with matching hashes and sizes', async () => {
    const bundle = await buildBundle(['session-a', 'session-b'], load, {
      ...OPTIONS,
      formats: { mind2web: true },
    });
    const files = unzipSync(bundle.bytes);
    const manifest = parseManifest(JSON.parse(strFromU8(files[MANIFEST_PATH]!)));
    expect(Object.keys(files).sort()).toEqual([MANIFEST_PATH, ...manifest.files.map((f) => f.path)].sort());
    for (const f of manifest.files) {
      const data = files[f.path]!;
      expect(data.length).toBe(f.size);
      expect(await sha256Hex(data)).toBe(f.sha256);
    }
    expect(manifest.sessions.map((s) => s.id)).toEqual(['session-a', 'session-b']);
    expect(manifest.sessions[0]?.review.reviewer).toBe('reviewer-1');
    expect(manifest.sessions[0]?.consent.version).toBeTruthy();
    const lines = strFromU8(files[TRAJECTORIES_PATH]!).trim().split('\n');
    expect(lines.length).toBe(manifest.counts.trajectories);
    expect(Object.keys(files)).toContain('events/session-a.json');
    expect(Object.keys(files)).toContain('mind2web/session-b.json');
    expect(Object.keys(files)).toContain('userflows/session-a/t0.json');
    expect(Object.keys(files)).toContain('schema/trajectory.v1.schema.json');
    const lean = unzipSync((await buildBundle(['session-a'], load, OPTIONS)).bytes);
    expect(Object.keys(lean).some((p) => p.startsWith('mind2web/'))).toBe(false);
  });

  it('refuses a session that is not approved', async () => {
    const unapproved = approvedSession('session-c', scenarios.searchWithEnter().s.stored(), false);
    await expect(buildBundle(['session-c'], async () => unapproved, OPTIONS)).rejects.toBeInstanceOf(
      NotApprovedError,
    );
  });

  it('reports progress up to done', async () => {
    const seen: number[] = [];
    await buildBundle(['session-a', 'session-b'], load, {
      ...OPTIONS,
      onProgress: (p) => seen.push(p.fraction),
    });
    expect(seen.length).toBeGreaterThan(4);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(seen.at(-1)).toBe(1);
  });
});
