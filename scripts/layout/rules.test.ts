import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, listSources, type SourceFile } from './import-graph';
import { checkImports, checkSources } from './rules';

const ROOT = resolve(import.meta.dirname, '../..');
const at = (path: string, text: string): SourceFile => ({ path, text });

describe('layout rules on the repository', () => {
  it('no file breaks a layout rule', () => {
    const files = listSources(ROOT, ['worker', 'shared', 'extension']);
    expect(files.length).toBeGreaterThan(100);
    const edges = files.flatMap((f) => importsOf(ROOT, f));
    const found = [...checkImports(edges), ...checkSources(files)].map(
      (v) => `${v.rule} ${v.file}:${v.line} ${v.detail}`,
    );
    expect(found).toEqual([]);
  });
});

describe('each rule fires on a breach', () => {
  const edges = (file: SourceFile) => importsOf(ROOT, file);

  it('a page importing worker code at run time is flagged; a type-only import is not', () => {
    const runtime = edges(
      at('extension/review/x.ts', "import { redactMore } from '../../worker/review/rewrite';"),
    );
    const types = edges(
      at('extension/review/x.ts', "import type { Leftover } from '../../worker/review/leftovers';"),
    );
    const mixed = edges(
      at('extension/review/x.ts', "import { type A, b } from '../../worker/review/leftovers';"),
    );
    expect(checkImports(runtime).map((v) => v.rule)).toEqual(['pages-import-types-only-from-worker']);
    expect(checkImports(types)).toEqual([]);
    expect(checkImports(mixed).map((v) => v.rule)).toEqual(['pages-import-types-only-from-worker']);
  });

  it('an extension context importing another is flagged; extension/ui is shared by pages', () => {
    const other = edges(at('extension/review/x.ts', "import { a } from '../export/store';"));
    const ui = edges(at('extension/review/x.ts', "import { h } from '../ui/dom';"));
    expect(checkImports(other).map((v) => v.rule)).toEqual(['contexts-isolated']);
    expect(checkImports(ui)).toEqual([]);
  });

  it('the core importing an extension context, and shared importing worker code, are flagged', () => {
    const core = edges(at('worker/x.ts', "import { a } from '../extension/background/settings';"));
    const shared = edges(at('shared/x.ts', "import { a } from '../worker/redact/index';"));
    const sharedTypes = edges(at('shared/x.ts', "export type { A } from '../worker/redact/index';"));
    expect(checkImports(core).map((v) => v.rule)).toEqual(['worker-imports-no-extension']);
    expect(checkImports(shared).map((v) => v.rule)).toEqual(['shared-is-contracts']);
    expect(checkImports(sharedTypes)).toEqual([]);
  });

  it('a dynamic import counts as a run-time import', () => {
    const dynamic = edges(
      at('extension/popup/x.ts', "const m = await import('../../worker/review/rewrite');"),
    );
    expect(checkImports(dynamic).map((v) => v.rule)).toEqual(['pages-import-types-only-from-worker']);
  });

  it('page globals in the core are flagged, property names and local bindings that look like them are not', () => {
    const bad = at('worker/x.ts', 'export const a = () => document.title + chrome.runtime.id;');
    const fine = at(
      'worker/x.ts',
      'export const a = (o: { window: number }) => o.window + { document: 1 }.document;\nexport function b(s: string) { const window = s.slice(1); return window; }',
    );
    expect(checkSources([bad]).map((v) => v.detail)).toEqual([
      'uses the page global `document`',
      'uses the page global `chrome`',
    ]);
    expect(checkSources([fine])).toEqual([]);
  });

  it('a table write or a read-write transaction outside worker/store is flagged, reads and Map writes are not', () => {
    const write = at(
      'worker/review/x.ts',
      "export async function f(db: any) { await db.sessions.update('s', {}); await db.chunks.where('x').equals(1).delete(); return db.transaction('rw', db.audit, () => 0); }",
    );
    const fine = at(
      'worker/review/x.ts',
      "export async function f(db: any, m: Map<string, number>) { m.delete('a'); return db.sessions.get('s'); }",
    );
    const inStore = at('worker/store/x.ts', "export const f = (db: any) => db.sessions.update('s', {});");
    expect(checkSources([write]).map((v) => v.detail)).toEqual([
      'sessions.update() outside worker/store',
      'chunks.delete() outside worker/store',
      'a read-write transaction outside worker/store',
    ]);
    expect(checkSources([fine])).toEqual([]);
    expect(checkSources([inStore])).toEqual([]);
  });
});
