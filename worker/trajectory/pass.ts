/**
 * The scaffold both observation serializers (observation-html.ts, accessibility.ts) write with:
 * the state of one serialization pass, handed down as a parameter. Writing nests (an element's
 * cache entry is written inside its parent's; a forced element's cache is refreshed in the middle
 * of writing the forced path), and each nesting saves what it changes and restores it on the way
 * out. With the state in one object per pass, that saving is explicit at each call, and nothing
 * a pass leaves behind can leak into the next one (it lived in module-level variables before).
 *
 * Decisions:
 * - A pass is a plain object with a fixed set of fields, created once per serialization; the
 *   accessibility writer extends it with what only it tracks (names bound to the mirror's
 *   nameEpoch, `[uid=` in page text, the last line written).
 * - The save/restore stays in the writers' hot function (renderElement), as locals: the helpers
 *   here only name the steps, so writing a cache miss allocates nothing more than before.
 */
import { type MNode, NO_UIDS, type UidTree } from './mirror';
import { collapse } from './semantics';
import type { Rendered, ViewContext } from './view';

/** The state of one serialization pass (one call of cleanedHtml or accessibilityText). */
export interface Pass {
  readonly ctx: ViewContext;
  /** Where the uids of what is being written go (the capture's set, or the cache entry being built). */
  acc: (string | UidTree)[];
  /** What is being written depends on more than its subtree: not cached. */
  volatile: boolean;
  /** A forced node was written inside a cached-style string: marks are not reliable. */
  inexact: boolean;
  /** Writing as if nothing were forced: to bring the caches of forced elements up to date. */
  plain: boolean;
}

/** The fields every pass starts with: uids go to the capture's set, nothing is flagged yet. */
export function passFields(ctx: ViewContext): Pass {
  return { ctx, acc: ctx.uids.parts, volatile: false, inexact: false, plain: false };
}

/**
 * Where forced nodes (the focus and its ancestors) are written: separate parts, so the target
 * marker can go between two of them, and the part after which each forced uid's marker goes.
 */
export interface Writer<P extends Pass = Pass> {
  readonly pass: P;
  parts: string[];
  marks: Map<string, number>;
}

export function newWriter<P extends Pass>(pass: P): Writer<P> {
  return { pass, parts: [], marks: new Map() };
}

/** The pass's result; `exact` is false when the marks cannot be trusted (see view.ts). */
export function rendered(w: Writer, exact: boolean): Rendered {
  return { parts: w.parts, marks: w.marks, exact };
}

/**
 * Runs `write` as if nothing were forced (to bring a forced element's cache up to date), its uids
 * collected apart; `acc`, `volatile` and `plain` are the enclosing write's again afterwards.
 */
export function writePlain(p: Pass, write: () => void): (string | UidTree)[] {
  const outerAcc = p.acc;
  const outerVolatile = p.volatile;
  const outerPlain = p.plain;
  const uids: (string | UidTree)[] = [];
  p.acc = uids;
  p.plain = true;
  write();
  p.plain = outerPlain;
  p.acc = outerAcc;
  p.volatile = outerVolatile;
  return uids;
}

/**
 * A forced node met inside a subtree that is not forced (a slotted light child): written into
 * parts of its own, never cached, and the enclosing output's marks are not reliable.
 */
export function writeForced<P extends Pass>(p: P, write: (w: Writer<P>) => void): string[] {
  p.volatile = true;
  p.inexact = true;
  const w = newWriter(p);
  write(w);
  return w.parts;
}

/** The uids a cache entry just written holds (shared empty array when none). */
export function entryUids(p: Pass): UidTree {
  return p.acc.length > 0 ? p.acc : NO_UIDS;
}

/**
 * Ends a cache entry's write: back to the enclosing entry's uids, which hold this entry's, and
 * the enclosing entry is volatile when this one was.
 */
export function closeEntry(
  p: Pass,
  outerAcc: (string | UidTree)[],
  outerVolatile: boolean,
  uids: UidTree,
): void {
  p.acc = outerAcc;
  p.volatile = p.volatile || outerVolatile;
  if (uids.length > 0) p.acc.push(uids);
}

/** The whitespace-collapsed text of a text node, cached on the node until its text changes. */
export function collapsedText(n: MNode): string {
  if (n.cacheFor !== n.text) {
    n.cacheFor = n.text;
    n.cacheText = collapse(n.text);
  }
  return n.cacheText;
}
