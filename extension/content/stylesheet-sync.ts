/**
 * CSS-in-JS libraries add rules with `sheet.insertRule` from page scripts, which rrweb in our
 * isolated world cannot hook. The CSSOM itself is shared between worlds, so we compare a `<style>`
 * sheet's rules with what the recording last saw, and when they differ emit one rrweb
 * StyleSheetRule event with the rules between the unchanged head and tail: the new ones added
 * before the old ones, which are then removed (the replayer applies adds, then removes). So a
 * CSS-in-JS sheet growing at its end costs its new rules, not the whole sheet. Compared: every sheet of the document at each trusted action
 * (`sync`), and one sheet when the main-world hook signals a change at its owner (`syncOwner`,
 * see freshness.ts).
 *
 * What the recording "last saw" of a sheet starts as its rules when rrweb serialized its `<style>`:
 * at the full snapshot (`baseline`) or when the element was added (`serialized`, called from the
 * recorder's emit for each added style node, so in the same task as rrweb's serialization). A
 * sheet met for the first time without either is taken as recorded (rrweb serialized it, we
 * cannot know with which rules).
 */

import type { eventWithTime } from '@rrweb/types';
import { EventType, Source } from '../../shared/events';

export class StyleSheetSync {
  private readonly known = new WeakMap<CSSStyleSheet, string[]>();

  constructor(
    private readonly doc: Document,
    private readonly idOf: (n: Node) => number,
    private readonly emit: (e: eventWithTime) => void,
  ) {}

  /** Takes the current rules as already recorded (right after a full snapshot). */
  baseline(): void {
    for (const { sheet } of this.sheets()) this.known.set(sheet, rulesOf(sheet));
  }

  /** rrweb has just serialized this `<style>` (a mutation's add): its rules now are recorded. */
  serialized(el: Node): void {
    const sheet = styleSheetOf(el);
    if (sheet) this.known.set(sheet, rulesOf(sheet));
  }

  sync(): void {
    for (const { el, sheet } of this.sheets()) this.syncSheet(el, sheet);
  }

  /** The sheet owned by `owner` (a `<style>`); a document means all of its sheets. */
  syncOwner(owner: Element | Document): void {
    if (owner.nodeType === 9) {
      if (owner === this.doc) this.sync();
      else for (const el of owner.querySelectorAll('style')) this.syncOne(el);
      return;
    }
    this.syncOne(owner as Element);
  }

  private syncOne(el: Element): void {
    const sheet = styleSheetOf(el);
    if (sheet) this.syncSheet(el, sheet);
  }

  private syncSheet(el: Element, sheet: CSSStyleSheet): void {
    const now = rulesOf(sheet);
    const before = this.known.get(sheet);
    this.known.set(sheet, now);
    if (!before || sameRules(before, now)) return;
    const id = this.idOf(el);
    if (id < 0) return;
    this.emit({
      type: EventType.IncrementalSnapshot,
      timestamp: Date.now(),
      data: { source: Source.StyleSheetRule, id, ...ruleDiff(before, now) },
    });
  }

  private *sheets(): Generator<{ el: HTMLStyleElement; sheet: CSSStyleSheet }> {
    for (const el of this.doc.querySelectorAll('style')) {
      const sheet = el.sheet;
      if (sheet) yield { el, sheet };
    }
  }
}

/** A `<style>` element's sheet, of any realm (same-origin frames' nodes fail `instanceof`). */
function styleSheetOf(n: Node): CSSStyleSheet | null {
  if (n.nodeType !== 1 || (n as Element).localName !== 'style') return null;
  return (n as HTMLStyleElement).sheet ?? null;
}

function rulesOf(sheet: CSSStyleSheet): string[] {
  try {
    return Array.from(sheet.cssRules, (r) => r.cssText);
  } catch {
    return []; // cross-origin sheet: not readable, and rrweb could not record it either
  }
}

/**
 * Adds and removes that turn `before` into `now`: the rules between their common head and tail.
 * The adds go in at the head's end (the old middle moves after them), then the old middle is
 * removed, last index first, so each index is valid when it is applied.
 */
export function ruleDiff(
  before: readonly string[],
  now: readonly string[],
): { adds: { rule: string; index: number }[]; removes: { index: number }[] } {
  let head = 0;
  while (head < before.length && head < now.length && before[head] === now[head]) head++;
  let tail = 0;
  while (
    tail < before.length - head &&
    tail < now.length - head &&
    before[before.length - 1 - tail] === now[now.length - 1 - tail]
  )
    tail++;
  const added = now.slice(head, now.length - tail);
  const removed = before.length - head - tail;
  return {
    adds: added.map((rule, i) => ({ rule, index: head + i })),
    removes: Array.from({ length: removed }, (_, j) => ({ index: head + added.length + removed - 1 - j })),
  };
}

function sameRules(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
