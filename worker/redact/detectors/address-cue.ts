/**
 * Street addresses the street-line shapes in address.ts miss (street types the lists lack,
 * "Puruntie 82", "PSC 0413, Box 8144"): taken from context instead.
 * - After an address cue ("address:", "lives at", "sent to", "located at", "meet me at"), the rest
 *   of the clause, when it holds a number and a Title-case word.
 * - A printed address block: a line that starts with a house number and a Title-case word, whose
 *   next line is a unit ("Suite 501", "Apt. 595"); the block runs to the first blank line or a line
 *   that is a label ("Mobile: ...").
 */
import type { Sink } from '../types';
import type { Runs } from './runs';

const CUE =
  /(?:address(?:es)?(?: is| to| with|, here they are:?|\s*:)|address of [^,.:\n]{1,40}? is|(?:lives?|lived|living) (?:at|on|in)|located at|(?:office|offices|restaurant|station) (?:is|are) (?:at|on|in)|sent to|send (?:it |this |a new one )?to|deliver(?:ed)? to|ship(?:ped)? to|return to|arrived at|meet (?:me|you) at|drops? you off at|stop at|enter on|taxi to|(?:is|it's) in|corner of|the following\?|it is)\s+/gi;
// A full stop ends the clause unless it ends a street abbreviation ("11 Botley Road St. and",
// "ul. Grochowa 80", "Király u. 15").
const CLAUSE_END =
  /(?<!(?:^|[\s.])(?:St|Ave|Rd|Dr|Blvd|Ln|Ct|Pl|Sq|Hwy|Mt|Ft|ul|al|os|pl|u|Apt|Ste|No|Nr|P\.O|O|P))[.?!](?=\s|$)|\n\s*\n|,? (?:in case|last night|after the|for (?:post|this)|the first|I am|please|and I)\b|\n(?=\s*[\p{L}>]+:)/u;

function takeClause(s: string, from: number, out: Sink): void {
  // A placeholder (blanked to \u0001 by the engine) where the clause starts: already redacted.
  if (s.charCodeAt(from) === 1) return;
  const rest = s.slice(from, from + 120);
  // The clause is a prefix of `rest` and must hold a digit: most cues ("it is", "sent to") are
  // followed by none, and the clause end is not looked for.
  if (!DIGIT.test(rest)) return;
  const stop = CLAUSE_END.exec(rest);
  let text = stop ? rest.slice(0, stop.index) : rest;
  text = text.replace(/[\s,;]+$/u, '');
  // A street line found by shape right where the clause starts already says where the address
  // is; the clause adds nothing but the risk of eating the sentence after it. One found inside
  // the clause ("6750 Koskikatu 25 Apt. 864") leaves the house number and unit to the clause.
  for (const sp of out) if (sp.type === 'STREET_ADDRESS' && sp.start === from) return;
  // An address clause holds a number and a capitalised word; "it is fine" and "at noon" do not.
  if (!/\d/.test(text) || !/\p{Lu}\p{L}/u.test(text) || text.length < 6) return;
  out.push({ start: from, end: from + text.length, type: 'STREET_ADDRESS' });
}

// A house number (perhaps two: "935 69 Gordon Terrace"), then a capitalised word. Placeholders from
// an earlier pass are not read as street names: the line was taken whole then, or not at all.
const STREET_LINE = /^[ \t>?*-]*(\d{1,6}[A-Za-z]?(?: \d{1,6})? \p{L}[^\n]{2,60})$/gmu;
/** "Estonia 62488": a country or city with its postal code, which may follow a blank line. */
const POSTAL_LINE = /^[ \t>?*-]*\p{Lu}[\p{L} ]{1,30} [\dA-Z][\dA-Z -]{2,8}\s*$/u;
const UNIT_LINE =
  /^[ \t>?*-]*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Fl\.?|Floor|Room|#)\s*[\p{L}\p{N}-]{1,6}\s*$/iu;
const LABEL_LINE = /^[ \t>?*-]*[\p{L} ]{1,20}:|^\s*$|\[/u;

function findBlocks(s: string, out: Sink): void {
  STREET_LINE.lastIndex = 0;
  for (let m = STREET_LINE.exec(s); m !== null; m = STREET_LINE.exec(s)) {
    const lineEnd = m.index + m[0].length;
    const nextEnd = s.indexOf('\n', lineEnd + 1);
    const next = s.slice(lineEnd + 1, nextEnd === -1 ? s.length : nextEnd);
    if (!UNIT_LINE.test(next) && !/(?:Apt\.?|Suite|Unit) \d/i.test(m[0])) continue;
    const start = m.index + m[0].length - (m[1]?.length ?? 0);
    let end = lineEnd;
    // Up to four more lines: unit, city, region, country and postal code.
    for (let k = 0, at = lineEnd; k < 4 && at < s.length; k++) {
      const e = s.indexOf('\n', at + 1);
      const line = s.slice(at + 1, e === -1 ? s.length : e);
      if (line.trim() === '' && k < 3) {
        const e2 = s.indexOf('\n', e + 1);
        const after = s.slice(e + 1, e2 === -1 ? s.length : e2);
        if (e !== -1 && POSTAL_LINE.test(after)) {
          end = e2 === -1 ? s.length : e2;
          at = end;
          k++;
          continue;
        }
      }
      if (LABEL_LINE.test(line) || line.length > 60) break;
      end = e === -1 ? s.length : e;
      at = end;
    }
    out.push({ start, end: start + s.slice(start, end).trimEnd().length, type: 'STREET_ADDRESS' });
    STREET_LINE.lastIndex = end;
  }
}

/**
 * Addresses with no street: post-office boxes and US military mail ("P.O. Box 287", "PSC 0413, Box
 * 8144", "Unit 1009 Box 0219", "USNS Bergman", "FPO AE 09876"), with a delivery number before them.
 */
const BOX =
  /(?:\d{1,6} )?(?:\b(?:P\.? ?O\.? ?Box|Post Office Box|(?:PSC|Unit|CMR) \d{1,5},? Box) \d{1,6}|\b(?:USNS|USNV|USS|USCGC) \p{Lu}\p{L}+|\b[AFD]PO (?:AA|AE|AP) \d{5})/giu;

/**
 * "Box 12" / "box 12", or the capitals of a military or ship address: literal probes first. A box
 * number is a digit run right after "ox ", so with the digit runs at hand no scan is needed for it.
 */
function mayHoldBox(s: string, runs: Runs | undefined): boolean {
  if (runs === undefined) {
    for (let i = s.indexOf('ox '); i !== -1; i = s.indexOf('ox ', i + 3)) {
      const d = s.charCodeAt(i + 3);
      if (d >= 48 && d <= 57) return true;
    }
  } else {
    for (let k = 0; k < runs.length; k += 2) {
      const r = runs[k]!;
      if (r >= 3 && s.startsWith('ox ', r - 3)) return true;
    }
  }
  if (s.indexOf('PO A') !== -1) return true;
  if (s.indexOf('US') === -1) return false;
  return (
    s.indexOf('USNS ') !== -1 ||
    s.indexOf('USS ') !== -1 ||
    s.indexOf('USCGC ') !== -1 ||
    s.indexOf('USNV ') !== -1
  );
}

const DIGIT = /\d/;
const BLANK = /\s/;

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What `\s` matches (the cue's trailing blanks). */
function isBlank(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c > 127 && BLANK.test(String.fromCharCode(c));
}

function findBoxes(s: string, out: Sink): void {
  BOX.lastIndex = 0;
  for (let m = BOX.exec(s); m !== null; m = BOX.exec(s)) {
    // "USS"/"PSC" shapes are capitals in print; lowercase text keeps only the box forms.
    if (/^(?:\d+ )?(?:us|[afd]po )/.test(m[0])) continue;
    out.push({ start: m.index, end: m.index + m[0].length, type: 'STREET_ADDRESS' });
  }
}

/** `runs`: the digit runs of `s` (runs.ts), when the caller has them. */
export function findCuedAddresses(s: string, out: Sink, runs?: Runs): void {
  if (mayHoldBox(s, runs)) findBoxes(s, out);
  // A cued clause holds a digit within its 120 characters, and a cue is at most ~70 long: the
  // prose before that reach of the first digit cannot hold a cue that matters.
  const d = runs === undefined ? s.search(DIGIT) : runs.length > 0 ? runs[0]! : -1;
  if (d === -1) return;
  // Likewise nothing after the last digit matters: a clause that starts past it holds no digit,
  // and later matches start later still. The cue scan reads a prefix that ends at least 80
  // characters past that digit (every cue word is shorter than 60) on a character that is not
  // blank (so the cue's trailing blanks end where they end in the whole text): each match that
  // starts before the digit is the same match in the prefix.
  let last = s.length - 1;
  if (runs === undefined) while (last > d && !isDigitCode(s.charCodeAt(last))) last--;
  else last = runs[runs.length - 1]! - 1;
  let cut = Math.min(s.length, last + 81);
  while (cut < s.length && isBlank(s.charCodeAt(cut - 1))) cut++;
  const hay = cut === s.length ? s : s.slice(0, cut);
  CUE.lastIndex = Math.max(0, d - 200);
  for (let m = CUE.exec(hay); m !== null && m.index <= last; m = CUE.exec(hay))
    takeClause(s, m.index + m[0].length, out);
  if (s.indexOf('\n') !== -1) findBlocks(s, out);
}
