/**
 * The Title-case tokens of a string ("Kellie", "D.", "O'Neil", "Namboothiri-Prajapat"), found in
 * one pass over its characters with a class table, for the gazetteer name detectors. Most text is
 * lowercase, so a string costs one table lookup per character and a few slices per capital.
 * Letters beyond Latin Extended-B count as lowercase letters: the name lists are Latin-script, and
 * CJK names are left to the cue detector (name.ts).
 */

export const LETTER = 1;
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
  if (s === lastString && into === shapes.last) return into;
  shapes.version++;
  if (into.length !== 0) into.length = 0;
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
    const j = measureWord(s, i);
    const gap = adjacent(s, i, into) ? 1 : 0;
    if (j === i + 1) {
      // An initial keeps its full stop ("D.").
      const end = s.charCodeAt(j) === 46 ? j + 1 : j;
      into.push(i, end, INITIAL, gap);
      prevEnd = end;
    } else {
      const camel = wInner && !(s.charCodeAt(i) === 77 && MAC.test(s.slice(i, j)));
      const x = into.length >> 2;
      if (x >= shapes.hash.length) {
        const h2 = new Int32Array(shapes.hash.length * 2);
        h2.set(shapes.hash);
        shapes.hash = h2;
        const m2 = new Uint8Array(shapes.meta.length * 2);
        m2.set(shapes.meta);
        shapes.meta = m2;
      }
      shapes.hash[x] = finishHash(wHash, j - i);
      shapes.meta[x] = (wSep ? HAS_SEP : 0) | (wUpper ? HAS_UPPER : 0);
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
  shapes.last = into;
  return into;
}

/** Lowercase for Latin letters (the name lists are Latin-script); other code units stay as they are. */
export const FOLD = new Uint16Array(0x250);
for (let c = 0; c < 0x250; c++) FOLD[c] = String.fromCharCode(c).toLowerCase().charCodeAt(0);
export const HASH_BITS = 18;
/** FNV-1a over folded characters: short words do not collide by construction as with a x31 hash. */
export const FNV_BASIS = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;
/** The gazetteer's full hash of a word of `len` characters from its folded-character hash. */
export function finishHash(h: number, len: number): number {
  let x = h ^ len;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return x ^ (x >>> 16);
}
/**
 * Per WORD token of the latest tokenization: its hash (finishHash), and HAS_SEP / HAS_UPPER. One
 * constant object rather than two exported `let`s: modules compiled to CommonJS (tsx, the bench)
 * read a `let` import through a getter on every use, and the gazetteer reads these per token.
 */
export const shapes = {
  hash: new Int32Array(256),
  meta: new Uint8Array(256),
  version: 0,
  last: null as number[] | null,
};
/** A hyphen or apostrophe inside ("O'Neil", "Amanda's"). */
export const HAS_SEP = 1;
/** A capital after the first letter ("KEVIN", "McDonald"). */
export const HAS_UPPER = 2;
let wHash = 0;
let wSep = false;
let wInner = false;
let wUpper = false;

/**
 * wordEnd for a capitalised word, which also folds its characters into a hash for the gazetteer
 * lookup and notes what the later steps ask about (inner capital, hyphen or apostrophe), so the
 * word is read once.
 */
function measureWord(s: string, i: number): number {
  const n = s.length;
  const c0 = s.charCodeAt(i);
  let h = Math.imul(FNV_BASIS ^ (c0 < 0x250 ? FOLD[c0]! : c0), FNV_PRIME);
  let sep = false;
  let inner = false;
  let upper = false;
  let j = i + 1;
  while (j < n) {
    const d = s.charCodeAt(j);
    const k = d < 0x250 ? CLASS[d]! : classOf(d);
    if ((k & LETTER) !== 0) {
      // An inner capital right after a hyphen or apostrophe is taken in the branch below.
      if ((k & UPPER) !== 0) {
        upper = true;
        inner = true;
      }
      h = Math.imul(h ^ (d < 0x250 ? FOLD[d]! : d), FNV_PRIME);
      j++;
    } else if ((d === 45 || d === 39 || d === 0x2019) && j + 1 < n && isLetterCode(s.charCodeAt(j + 1))) {
      const e = s.charCodeAt(j + 1);
      if ((classOf(e) & UPPER) !== 0) upper = true;
      sep = true;
      h = Math.imul(h ^ d, FNV_PRIME);
      h = Math.imul(h ^ (e < 0x250 ? FOLD[e]! : e), FNV_PRIME);
      j += 2;
    } else break;
  }
  wHash = h;
  wSep = sep;
  wInner = inner;
  wUpper = upper;
  return j;
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

/**
 * Bumped on every fresh tokenization, so a per-token cache can tell a new token array from the
 * one it graded without comparing strings (a string compare is a full scan when two long strings
 * are equal but distinct).
 */
export function tokensVersion(): number {
  return shapes.version;
}

/** The token array both gazetteer detectors pass, so the second reuses the first's tokens. */
export const sharedTokens: number[] = [];

// The two gazetteer detectors tokenize the same string one after the other: the second reuses
// the first's tokens when it passes the same array.
let lastString: string | undefined;

/** Whether `into` holds the latest tokenization, the one wordHash and wordMeta describe. */
export function isLatest(into: number[]): boolean {
  return into === shapes.last;
}
