/**
 * The Title-case tokens of a string ("Kellie", "D.", "O'Neil", "Namboothiri-Prajapat"), found in
 * one pass over its characters with a class table, for the gazetteer name detectors. Most text is
 * lowercase, so a string costs one table lookup per character and a few slices per capital.
 * Letters beyond Latin Extended-B count as lowercase letters: the name lists are Latin-script, and
 * CJK names are left to the cue detector (name.ts).
 */

const LETTER = 1;
export const UPPER = 2;
const CLASS = new Uint8Array(0x250);
for (let c = 0; c < 0x250; c++) {
  const ch = String.fromCharCode(c);
  if (/\p{Lu}/u.test(ch)) CLASS[c] = LETTER | UPPER;
  else if (/\p{L}/u.test(ch)) CLASS[c] = LETTER;
}

export function classOf(c: number): number {
  if (c < 0x250) return CLASS[c] ?? 0;
  // NaN (charCodeAt past either end) is no letter.
  if (!(c >= 0x250)) return 0;
  // Punctuation and symbol blocks, CJK punctuation, surrogates (emoji): not letters.
  if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xd800 && c <= 0xdfff)) return 0;
  return LETTER;
}

export function isLetterCode(c: number): boolean {
  return (classOf(c) & LETTER) !== 0;
}

/** Token kinds. */
export const WORD = 1;
export const INITIAL = 2;
/** A lowercase word: only its position matters (it ends runs; particles are checked by text). */
export const LOWER = 3;

/**
 * "McDonald", "MacArthur": a name, not a camel-case word. Tested only on words that start with M:
 * most words with an inner capital are ALL-CAPS, and a slice plus a regex for each was a
 * measurable share of the tokenizer.
 */
const MAC = /^Ma?c\p{Lu}\p{Ll}/u;

/**
 * Tokens in order, flattened: [start, end, kind, gapBefore] per token, where gapBefore is 1 when
 * exactly one blank (space or no-break space) separates it from the previous token, else 0.
 * Lowercase words matter only between two capitals, as particles or joints ("van",
 * "and", up to three short words), else as one LOWER break, and right after a capitalised
 * particle ("Le roux").
 */
export function titleTokens(s: string, into: number[]): number[] {
  if (s === lastString && into === lastInto) return into;
  into.length = 0;
  let prevEnd = -1;
  const n = s.length;
  // One tight pass like the engine's feature scan: spaces, digits and punctuation below 'A' cost
  // one compare; a capital that starts a word starts a token.
  let prevLetter = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 65) {
      prevLetter = false;
      continue;
    }
    const k = c < 0x250 ? CLASS[c]! : classOf(c);
    if ((k & UPPER) === 0 || prevLetter) {
      prevLetter = k !== 0;
      continue;
    }
    if (prevEnd >= 0) between(s, prevEnd, i, into);
    const j = wordEnd(s, i);
    const gap = adjacent(s, i, into) ? 1 : 0;
    if (j === i + 1) {
      // An initial keeps its full stop ("D.").
      const end = s.charCodeAt(j) === 46 ? j + 1 : j;
      into.push(i, end, INITIAL, gap);
      prevEnd = end;
    } else {
      const camel = innerCapital(s, i, j) && !(s.charCodeAt(i) === 77 && MAC.test(s.slice(i, j)));
      into.push(i, j, camel ? LOWER : WORD, gap);
      prevEnd = j;
      // "Le roux", "De la cruz": lowercase words right after a capitalised particle.
      if (
        j - i <= 3 &&
        s.charCodeAt(j) === 32 &&
        (classOf(s.charCodeAt(j + 1)) & (LETTER | UPPER)) === LETTER
      ) {
        const k2 = wordEnd(s, j + 1);
        into.push(j + 1, k2, LOWER, 1);
        prevEnd = k2;
      }
    }
    i = prevEnd - 1;
    prevLetter = true;
  }
  if (prevEnd >= 0 && prevEnd < s.length) between(s, prevEnd, s.length, into);
  lastString = s;
  lastInto = into;
  return into;
}

function wordEnd(s: string, i: number): number {
  const n = s.length;
  let j = i + 1;
  while (j < n) {
    const d = s.charCodeAt(j);
    if (((d < 0x250 ? CLASS[d]! : classOf(d)) & LETTER) !== 0) j++;
    else if ((d === 45 || d === 39 || d === 0x2019) && j + 1 < n && isLetterCode(s.charCodeAt(j + 1))) j += 2;
    else break;
  }
  return j;
}

function adjacent(s: string, i: number, into: number[]): boolean {
  const n = into.length;
  if (n === 0 || into[n - 3] !== i - 1) return false;
  const b = s.charCodeAt(i - 1);
  return b === 32 || b === 0xa0;
}

/**
 * The text between two capitals: short lowercase words joined by single blanks become LOWER
 * tokens (particles and joints); anything else with a letter in it becomes one LOWER break.
 */
function between(s: string, from: number, to: number, into: number[]): void {
  let x = from;
  if (to - from > 20) {
    // Too long for three short words: only whether it holds a letter matters (it almost always
    // does), so the scan stops at the first one instead of reading the prose.
    while (x < to && !isLetterCode(s.charCodeAt(x))) x++;
    if (x < to && into[into.length - 2] !== LOWER) into.push(x, x + 1, LOWER, 0);
    return;
  }
  let words = 0;
  while (x < to) {
    const c = s.charCodeAt(x);
    if (!isLetterCode(c)) {
      x++;
      continue;
    }
    const e = wordEnd(s, x);
    const gap = adjacent(s, x, into) ? 1 : 0;
    if (e - x > 5 || words >= 3 || e > to) {
      if (into[into.length - 2] !== LOWER) into.push(x, Math.min(e, to), LOWER, gap);
      return;
    }
    into.push(x, e, LOWER, gap);
    words++;
    x = e;
  }
}

/** The token array both gazetteer detectors pass, so the second reuses the first's tokens. */
export const sharedTokens: number[] = [];

// The two gazetteer detectors tokenize the same string one after the other: the second reuses
// the first's tokens when it passes the same array.
let lastString: string | undefined;
let lastInto: number[] | undefined;

/** "IBM", "McDonald", "iPhone" shapes: an inner capital not right after a hyphen or apostrophe. */
function innerCapital(s: string, i: number, j: number): boolean {
  for (let x = i + 1; x < j; x++) {
    if ((classOf(s.charCodeAt(x)) & UPPER) === 0) continue;
    const p = s.charCodeAt(x - 1);
    if (p !== 45 && p !== 39 && p !== 0x2019) return true;
  }
  return false;
}
