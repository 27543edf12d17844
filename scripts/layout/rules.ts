/**
 * The layout's rules (docs/architecture.md, "Where code lives"), checked over the import graph and
 * the syntax tree. Each rule names what it protects: a page that runs worker code on its main
 * thread, a context that reaches into another, a write that skips the store's transactions.
 * Test files are exempt where they only set up state (they seed databases and fake contexts).
 */
import ts from 'typescript';
import type { ImportEdge, SourceFile } from './import-graph';

export interface Violation {
  rule: string;
  file: string;
  line: number;
  detail: string;
}

/** Extension contexts: each is its own page or thread, and they talk only through messages. */
export const CONTEXTS = [
  'background',
  'content',
  'offscreen',
  'popup',
  'options',
  'consent',
  'review',
  'export',
];
/** The Dexie tables (worker/store/schema.ts); a write method called on one is a database write. */
export const TABLES = ['sessions', 'streams', 'chunks', 'keys', 'audit', 'reviews', 'undo', 'tombstones'];
const WRITE_METHODS = new Set([
  'put',
  'bulkPut',
  'add',
  'bulkAdd',
  'update',
  'bulkUpdate',
  'delete',
  'bulkDelete',
  'modify',
  'clear',
]);
const PAGE_GLOBALS = new Set(['chrome', 'document', 'window']);

const isTest = (path: string): boolean => /\.test(-d)?\.ts$/.test(path) || path.includes('/testing/');
const contextOf = (path: string): string | undefined => {
  const m = /^extension\/([^/]+)\//.exec(path);
  return m?.[1];
};

export function checkImports(edges: readonly ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  const flag = (rule: string, e: ImportEdge, detail: string): void => {
    out.push({ rule, file: e.from, line: e.line, detail: `${detail}: ${e.to}` });
  };
  for (const e of edges) {
    if (e.from.startsWith('worker/') && e.to.startsWith('extension/')) {
      flag('worker-imports-no-extension', e, 'the core imports an extension context');
    }
    if (e.from.startsWith('shared/') && e.to.startsWith('extension/')) {
      flag('shared-is-contracts', e, 'a cross-context contract imports an extension context');
    }
    if (e.from.startsWith('shared/') && !isTest(e.from) && e.to.startsWith('worker/') && !e.typeOnly) {
      flag('shared-is-contracts', e, 'a cross-context contract imports worker code');
    }
    const from = contextOf(e.from);
    const to = contextOf(e.to);
    if (from && to && from !== to && to !== 'ui') {
      flag('contexts-isolated', e, `extension/${from} imports extension/${to}`);
    }
    if (from && !isTest(e.from) && e.to.startsWith('worker/') && !e.typeOnly) {
      flag('pages-import-types-only-from-worker', e, 'an extension context runs worker code on its thread');
    }
  }
  return out;
}

/** Free uses of `chrome`, `document` or `window` in the core, which runs in workers and node. */
function pageGlobals(file: SourceFile, source: ts.SourceFile): Violation[] {
  const out: Violation[] = [];
  // A local binding that happens to be named `window` (a slice of text) is not the global.
  const declared = new Set<string>();
  const collect = (node: ts.Node): void => {
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node)) && ts.isIdentifier(node.name))
      declared.add(node.name.text);
    ts.forEachChild(node, collect);
  };
  collect(source);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && PAGE_GLOBALS.has(node.text) && !declared.has(node.text)) {
      const p = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(p) && p.name === node) ||
        (ts.isPropertyAssignment(p) && p.name === node) ||
        (ts.isPropertySignature(p) && p.name === node) ||
        (ts.isQualifiedName(p) && p.right === node);
      if (!isName) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        out.push({
          rule: 'core-runs-off-page',
          file: file.path,
          line,
          detail: `uses the page global \`${node.text}\``,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The table a call chain starts from (`db.chunks.where(…).modify(…)` -> chunks), if any. */
function tableOf(expr: ts.Expression): string | undefined {
  let e: ts.Expression = expr;
  for (;;) {
    if (ts.isPropertyAccessExpression(e)) {
      if (TABLES.includes(e.name.text) && !ts.isCallExpression(e.expression)) return e.name.text;
      e = e.expression;
    } else if (ts.isCallExpression(e)) {
      e = e.expression;
    } else if (ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e)) {
      e = e.expression;
    } else {
      return undefined;
    }
  }
}

/** Writes to IndexedDB outside worker/store: a write method on a table, or a read-write transaction. */
function databaseWrites(file: SourceFile, source: ts.SourceFile): Violation[] {
  const out: Violation[] = [];
  const at = (node: ts.Node): number => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if (WRITE_METHODS.has(method)) {
        const table = tableOf(node.expression.expression);
        if (table) {
          out.push({
            rule: 'writes-through-store',
            file: file.path,
            line: at(node),
            detail: `${table}.${method}() outside worker/store`,
          });
        }
      }
      const first = node.arguments[0];
      if (method === 'transaction' && first && ts.isStringLiteral(first) && first.text.startsWith('rw')) {
        out.push({
          rule: 'writes-through-store',
          file: file.path,
          line: at(node),
          detail: 'a read-write transaction outside worker/store',
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

export function checkSources(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    if (isTest(file.path)) continue;
    const inCore = file.path.startsWith('worker/');
    const inProduct = inCore || file.path.startsWith('extension/') || file.path.startsWith('shared/');
    if (!inProduct) continue;
    const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    if (inCore) out.push(...pageGlobals(file, source));
    if (!file.path.startsWith('worker/store/')) out.push(...databaseWrites(file, source));
  }
  return out;
}
