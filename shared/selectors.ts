/**
 * Mask and block selectors come from user settings and the admin policy: text from outside that
 * the recorder hands to rrweb and to `closest()`. One invalid selector is dangerous both ways: rrweb
 * swallows a throwing `matches()` in its text masking (the text is then recorded unmasked) and a
 * throwing `matches()` elsewhere ends `record()` with only a console warning, while the badge still
 * says REC. So selectors are checked one by one wherever a DOM exists (the content script before
 * recording, the options page and popup to warn); the service worker has no DOM and passes them on.
 *
 * Each selector is also brought to the browser's own serialization before the list is joined:
 * `a /* x` or `[title="x` parse alone (a comment or string may run to the end), but joined with
 * `, .rr-mask` they would swallow the built-in selectors after them.
 */

export interface SelectorProblem {
  selector: string;
  reason: string;
}

export interface CheckedSelectors {
  /** The usable selectors, each in the browser's canonical form (safe to join). */
  valid: string[];
  invalid: SelectorProblem[];
}

/** Returns the canonical text of one selector list, or throws when it is not one. */
export type SelectorParser = (selector: string) => string;

/** The parser of the DOM at hand: `querySelector` throws a SyntaxError on what it cannot parse. */
export function domSelectorParser(doc: Document = document): SelectorParser {
  return (selector) => {
    try {
      doc.createDocumentFragment().querySelector(selector);
    } catch {
      throw new SyntaxError('not a valid CSS selector'); // the browser's message repeats the selector
    }
    // A style rule round trip gives the canonical form and proves the text ends where it seems to:
    // `{}` appended must close exactly one style rule.
    if (typeof CSSStyleSheet !== 'function' || typeof CSSStyleRule !== 'function') return selector;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`${selector}{}`);
    const rule = sheet.cssRules[0];
    if (sheet.cssRules.length !== 1 || !(rule instanceof CSSStyleRule))
      throw new SyntaxError('not one complete selector (an open comment, string or bracket?)');
    return rule.selectorText;
  };
}

export function checkSelectors(
  selectors: readonly string[],
  parse: SelectorParser = domSelectorParser(),
): CheckedSelectors {
  const valid: string[] = [];
  const invalid: SelectorProblem[] = [];
  for (const selector of selectors) {
    if (selector.trim() === '') {
      invalid.push({ selector, reason: 'empty selector' });
      continue;
    }
    try {
      const canonical = parse(selector);
      if (!valid.includes(canonical)) valid.push(canonical);
    } catch (e) {
      invalid.push({ selector, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return { valid, invalid };
}

/** One selector list for rrweb and `closest()`; '' when there is none (rrweb's "no selector"). */
export function joinSelectors(valid: readonly string[]): string {
  return valid.join(', ');
}
