/**
 * Many valid bundles for the dataset tests and bench (not used by the CLI). Each base session (the
 * segmentation scenarios, and synthetic 30 s and 1 min sessions with a busy page) is segmented
 * once; bundle i is base i % n under a new session id, so making 1,000 bundles costs 1,000 zips,
 * not 1,000 segmentations. Written in a receiver's layout: `<contributor>/<sha256>.zip`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trajectory } from '../../shared/trajectory';
import { type Bundle, type BundleSession, buildBundle } from '../../worker/ship/bundle';
import { approvedSession, OPTIONS } from '../../worker/ship/testing';
import * as scenarios from '../../worker/trajectory/fixtures/scenarios';
import { syntheticSession } from '../../worker/trajectory/fixtures/synthetic';

export const contributorId = (k: number) => `c_${String(k).padStart(16, '0')}`;

let bases: BundleSession[] | null = null;

/** `large`: include the synthetic sessions (slower to make; the bench wants them, tests do not). */
function baseSessions(large: boolean): BundleSession[] {
  if (bases && (!large || bases.length > 7)) return bases;
  const list = Object.values(scenarios).map((make, k) =>
    approvedSession(`basesession${k}x`, make().s.stored()),
  );
  if (large) {
    list.push(approvedSession('basesession7x', syntheticSession(1)));
    list.push(approvedSession('basesession8x', syntheticSession(0.5)));
  }
  bases = list;
  return list;
}

/** A base session under another session id (its trajectory and refinement ids follow). */
function relabel(base: BundleSession, id: string, contributor: string): BundleSession {
  const swap = <T>(v: T): T => JSON.parse(JSON.stringify(v).replaceAll(base.session.id, id)) as T;
  return {
    ...base,
    session: { ...base.session, id },
    trajectories: swap(base.trajectories),
    refinements: swap(base.refinements),
    contributorId: contributor,
  };
}

export async function syntheticBundle(
  sessionIndex: number,
  opts: { contributor: string; exportedAt?: number; large?: boolean },
): Promise<{ bundle: Bundle; sessionId: string; trajectories: Trajectory[] }> {
  const list = baseSessions(opts.large ?? false);
  const base = list[sessionIndex % list.length]!;
  const id = `s${String(sessionIndex).padStart(6, '0')}`;
  const session = relabel(base, id, opts.contributor);
  const bundle = await buildBundle([id], async () => session, {
    ...OPTIONS,
    contributorId: opts.contributor,
    exportedAt: opts.exportedAt ?? OPTIONS.exportedAt,
  });
  return { bundle, sessionId: id, trajectories: session.trajectories };
}

/** Writes bundles 0..count-1 (contributor k = i % contributors) into `dir`; returns their total bytes. */
export async function writeSyntheticBundles(
  dir: string,
  count: number,
  opts: { contributors: number; large?: boolean },
): Promise<{ bytes: number; files: string[] }> {
  let bytes = 0;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const contributor = contributorId(i % opts.contributors);
    const { bundle } = await syntheticBundle(i, { contributor, large: opts.large ?? false });
    mkdirSync(join(dir, contributor), { recursive: true });
    const file = join(dir, contributor, `${bundle.sha256}.zip`);
    writeFileSync(file, bundle.bytes);
    files.push(file);
    bytes += bundle.bytes.length;
  }
  return { bytes, files };
}
