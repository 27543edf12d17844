/**
 * The store's boundary, checked on the source: worker/store is the one owner of every IndexedDB
 * write (docs/decisions.md, "One owner for every write"). Each check names the files that break it.
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
const inStore = (f: string) => f.startsWith('worker/store/') || f === 'worker/store.ts';
/** Extension code that runs on a page's main thread (the export page's worker is a worker). */
const PAGES = ALL.filter((f) => f.startsWith('extension/') && !f.endsWith('-worker.ts'));

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

  it('writes tables only in worker/store, and in the files still waiting for the layout move', () => {
    // Not yet under worker/store/: the chunk writer beside it, the review change and undo
    // transactions, and the test seeding helper. The list only shrinks.
    const waiting = [
      'worker/store.ts',
      'worker/review/commit.ts',
      'worker/review/undo.ts',
      'worker/testing/seed-session.ts',
    ];
    const offenders = ALL.filter(
      (f) =>
        !f.startsWith('worker/store/') &&
        !waiting.includes(f) &&
        /\bdb\.\w+\.(add|put|update|delete|bulkAdd|bulkPut|bulkDelete|clear)\(|\.modify\(|\)\.delete\(\)/.test(
          read(f),
        ),
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

  it('keeps shared/ free of IndexedDB writes (the schema is a contract, the read view read-only)', () => {
    const offenders = ALL.filter(
      (f) =>
        f.startsWith('shared/') &&
        /\bdb\.\w+\.(put|add|update|delete|bulkAdd|bulkPut|bulkDelete|clear)\(|\.modify\(/.test(read(f)),
    );
    expect(offenders).toEqual([]);
  });
});
