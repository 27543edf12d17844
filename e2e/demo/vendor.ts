/**
 * `/vendor/<package>[/<subpath>]`: the editor libraries' prebuilt ES modules, served straight from
 * node_modules so the demo app stays build-free (pages map bare imports here with an import map).
 * Only the listed packages are served, only their .js/.mjs/.css files, and a bare package or
 * subpath resolves through the package's `exports` with the conditions a browser bundle would use.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** The editors the demo uses and their runtime dependencies; nothing else in node_modules. */
const ALLOWED =
  /^(?:lexical|@lexical\/[a-z0-9-]+|@preact\/signals-core|prosemirror-[a-z-]+|orderedmap|w3c-keyname|rope-sequence)$/;
const CONDITIONS = ['production', 'browser', 'import', 'default'];
const EXTENSIONS = new Set(['.js', '.mjs', '.css']);

type Exports = string | { [key: string]: Exports } | null;

function pick(target: Exports): string | null {
  if (typeof target === 'string') return target;
  if (target === null || typeof target !== 'object') return null;
  for (const c of CONDITIONS) {
    const hit = target[c];
    if (hit !== undefined) return pick(hit);
  }
  return null;
}

/** Absolute path of the file `/vendor/<spec>` stands for, or null (unknown package, escape, not a module). */
export async function resolveVendorFile(spec: string): Promise<string | null> {
  const parts = spec.split('/');
  const nameLength = parts[0]?.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  if (!ALLOWED.test(name)) return null;
  const dir = join(NODE_MODULES, name) + sep;
  const sub = parts.slice(nameLength).join('/');
  let rel: string | null = sub;
  if (!EXTENSIONS.has(extname(sub))) {
    // A bare package or an export subpath ("@lexical/extension/signals").
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      exports?: Exports;
      module?: string;
      main?: string;
    };
    const key = sub === '' ? '.' : `./${sub}`;
    const exp = pkg.exports ?? null;
    const isMap = exp !== null && typeof exp === 'object' && Object.keys(exp).some((k) => k.startsWith('.'));
    rel = isMap ? pick((exp as Record<string, Exports>)[key] ?? null) : key === '.' ? pick(exp) : null;
    if (rel === null && key === '.') rel = pkg.module ?? pkg.main ?? null;
  }
  if (rel === null) return null;
  const file = normalize(join(dir, rel));
  if (!file.startsWith(dir) || !EXTENSIONS.has(extname(file))) return null;
  try {
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}
