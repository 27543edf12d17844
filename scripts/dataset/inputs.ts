/**
 * What `dataset build` reads: bundle files, and folders of them in any layout, e.g. the reference
 * receiver's folder (`bundles/<contributorId>/<sha256>.zip`, `deletion-requests/<id>.json`; its
 * tus `uploads/` folder is skipped) or a plain tus file store (uploads are files without an
 * extension beside `.json` metadata). In a folder a file is a bundle when it starts like a zip
 * archive, whatever its name; `.json`/`.jsonl` files under a `deletion-requests/` folder are
 * deletion requests; anything else is left alone. Folders are walked in name order so that the same
 * inputs give the same dataset.
 *
 * `s3://` prefixes are not read here: the receiver's S3 store (@tus/s3-store) is not a dependency,
 * and an S3 client would be a new one. docs/datasets.md shows the two ways that need none
 * (`aws s3 sync` to a folder, or DuckDB's httpfs reading the Parquet where it lands).
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { DataError, UsageError } from '../cli';

export interface Inputs {
  bundles: string[];
  deletionFiles: string[];
  /** Files in folders that are neither (tus metadata, notes...), counted for the summary. */
  ignored: number;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function startsLikeZip(file: string): boolean {
  const head = Buffer.alloc(4);
  const fd = openSync(file, 'r');
  try {
    return readSync(fd, head, 0, 4, 0) === 4 && ZIP_MAGIC.every((b, i) => head[i] === b);
  } finally {
    closeSync(fd);
  }
}

const isDeletionFile = (path: string) =>
  /\.jsonl?$/.test(path) && path.split(sep).includes('deletion-requests');

function walk(dir: string, out: Inputs): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  // The reference receiver's folder: bundles/ holds the verified bundles; uploads/ is tus's own copy
  // of the same bytes, with unfinished uploads beside them. Reading it would only cost time and warnings.
  const receiver = entries.some((e) => e.isDirectory() && e.name === 'bundles');
  for (const e of entries) {
    const path = join(dir, e.name);
    if (receiver && e.isDirectory() && e.name === 'uploads') out.ignored++;
    else if (e.isDirectory()) walk(path, out);
    else if (!e.isFile()) out.ignored++;
    else if (isDeletionFile(path)) out.deletionFiles.push(path);
    else if (startsLikeZip(path)) out.bundles.push(path);
    else out.ignored++;
  }
}

/** Bundles and deletion-request files named by the command line (`deletions`: `--deletions` values). */
export function collectInputs(paths: string[], deletions: string[]): Inputs {
  const out: Inputs = { bundles: [], deletionFiles: [], ignored: 0 };
  for (const p of paths) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) {
      throw new UsageError(
        `${p}: only local files and folders are read; copy the prefix to a folder first (aws s3 sync ${p} ./bundles), see docs/datasets.md`,
      );
    }
    const st = statOf(p);
    if (st.isDirectory()) walk(p, out);
    else out.bundles.push(p); // named on purpose: a file that is not a bundle is reported, not ignored
  }
  for (const p of deletions) {
    const st = statOf(p);
    if (!st.isDirectory()) out.deletionFiles.push(p);
    else
      for (const e of readdirSync(p, { recursive: true, withFileTypes: true }))
        if (e.isFile() && /\.jsonl?$/.test(e.name)) out.deletionFiles.push(join(e.parentPath, e.name));
  }
  out.deletionFiles.sort();
  return out;
}

function statOf(p: string) {
  try {
    return statSync(p);
  } catch {
    throw new DataError(`cannot read ${p}: no such file or folder`);
  }
}
