/**
 * The store's boundary, checked on the source: worker/store is the one owner of every IndexedDB
 * write (docs/decisions.md, "One owner for every write"). Each check names the files that break it.
 * Table writes and read-write transactions outside worker/store are caught on the syntax tree by the
 * layout rules (scripts/layout/rules.ts); these are the store's own finer rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'fixtures' && e.name !== 'node_modules') out.push(...sources(path));
    } else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const ALL = ['worker', 'extension', 'shared'].flatMap(sources);
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');
const inStore = (f: string) => f.startsWith('worker/store/');
/** Extension code: pages, the service worker, content scripts (workers live in worker/entries). */
const PAGES = ALL.filter((f) => f.startsWith('extension/'));

/** The text of each call `name(...)` in `text` (balanced parentheses). */
function calls(text: string, name: RegExp): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(name)) {
    let depth = 0;
    const start = (m.index ?? 0) + m[0].length - 1;
    for (let i = start; i < text.length; i++) {
      if (text[i] === '(') depth++;
      else if (text[i] === ')' && --depth === 0) {
        out.push(text.slice(start, i + 1));
        break;
      }
    }
  }
  return out;
}

describe('worker/store owns every write', () => {
  it('finds the source it checks', () => {
    expect(ALL).toContain('worker/store/lifecycle.ts');
    expect(PAGES).toContain('extension/review/review.ts');
  });

  it('constructs the writable database only in worker/store (openStore)', () => {
    const offenders = ALL.filter((f) => !inStore(f) && /new RecorderDb\(/.test(read(f)));
    expect(offenders).toEqual([]);
  });

  it('builds and appends audit lines only in worker/store/audit.ts', () => {
    const offenders = ALL.filter(
      (f) => f !== 'worker/store/audit.ts' && /\.audit\.(add|bulkAdd|put|bulkPut|update)\(/.test(read(f)),
    );
    expect(offenders).toEqual([]);
  });

  it('writes a session status only through the lifecycle', () => {
    const offenders = ALL.filter(
      (f) =>
        f !== 'worker/store/lifecycle.ts' &&
        calls(read(f), /\.sessions\.(update|put|bulkPut)\(/g).some((c) => /\bstatus\s*:/.test(c)),
    );
    expect(offenders).toEqual([]);
  });

  it('lets no page write IndexedDB, import the store at runtime, or open the database but read-only', () => {
    const offenders = PAGES.filter((f) => {
      const text = read(f);
      return (
        /\bdb\.\w+\.(put|add|update|delete|bulkAdd|bulkPut|bulkDelete|clear)\(/.test(text) ||
        /\.modify\(/.test(text) ||
        /^import (?!type)[^;]*from '[./]*worker\/store[^']*';/m.test(text) ||
        /new (Dexie|RecorderDb)\(/.test(text)
      );
    });
    expect(offenders).toEqual([]);
  });
});
