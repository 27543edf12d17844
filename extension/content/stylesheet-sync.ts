/**
 * CSS-in-JS libraries add rules with `sheet.insertRule` from page scripts, which rrweb in our
 * isolated world cannot hook. The CSSOM itself is shared between worlds, so at each trusted action
 * we compare every <style> sheet's rules with what the recording last saw, and when they differ
 * emit one rrweb StyleSheetRule event that appends the current rules and removes the old ones
 * (the replayer applies adds, then removes).
 */
import type { eventWithTime } from '@rrweb/types';

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

  sync(): void {
    for (const { el, sheet } of this.sheets()) {
      const now = rulesOf(sheet);
      const before = this.known.get(sheet);
      this.known.set(sheet, now);
      if (!before || sameRules(before, now)) continue;
      const id = this.idOf(el);
      if (id < 0) continue;
      this.emit({
        type: 3,
        timestamp: Date.now(),
        data: {
          source: 8,
          id,
          adds: now.map((rule, i) => ({ rule, index: before.length + i })),
          removes: before.map((_, i) => ({ index: before.length - 1 - i })),
        },
      });
    }
  }

  private *sheets(): Generator<{ el: HTMLStyleElement; sheet: CSSStyleSheet }> {
    for (const el of this.doc.querySelectorAll('style')) {
      const sheet = el.sheet;
      if (sheet) yield { el, sheet };
    }
  }
}

function rulesOf(sheet: CSSStyleSheet): string[] {
  try {
    return Array.from(sheet.cssRules, (r) => r.cssText);
  } catch {
    return []; // cross-origin sheet: not readable, and rrweb could not record it either
  }
}

function sameRules(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((r, i) => r === b[i]);
}
