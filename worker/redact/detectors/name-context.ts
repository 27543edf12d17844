/**
 * Names told by what stands around them rather than by their spelling:
 * - text typed without capitals ("follow up with patricia desrosiers"): a copy in which the words
 *   that may be names are capitalised, for the gazetteer and cue detectors to read;
 * - the name an e-mail address spells ("Einojuhani Pyysalo ... EinojuhaniPyysalo@gustr.com");
 * - the addressee on the first line of a printed address block ("Gyala Antall\n3369 24 Clarke
 *   Avenue\nApt. 805").
 */
import type { Sink } from '../types';
import { evidenceAt as evidenceAt_ } from './name-lists';
import { isLetterCode as isLetterCode_ } from './title-tokens';

const evidenceAt = evidenceAt_;
const isLetterCode = isLetterCode_;

/** Lowercase cue words the cue detector (name.ts) reads capitalised ("name:", "mr.", "dear"). */
const CUE_WORDS = new Set(['name', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'dear', 'hi', 'hello', 'hey']);

function wordEnd(s: string, i: number): number {
  const n = s.length;
  let j = i + 1;
  while (j < n) {
    const d = s.charCodeAt(j);
    if (isLetterCode(d)) j++;
    else if ((d === 45 || d === 39 || d === 0x2019) && j + 1 < n && isLetterCode(s.charCodeAt(j + 1))) j += 2;
    else break;
  }
  return j;
}

/** Word bounds [start, end] of the current string, reused between calls. */
const words: number[] = [];
const caps: number[] = [];

/**
 * `s` (which holds no capital letter) with the first letter of every word that may be a name
 * capitalised: listed names and unlisted words that are not ordinary English, the cue words, and
 * a one-letter initial between two such words ("benjamin a seiler"). Same length, so spans found
 * in the copy are spans of `s`. Null when no word qualifies.
 */
export function capitalisedCopy(s: string): string | null {
  if (words.length !== 0) words.length = 0;
  if (caps.length !== 0) caps.length = 0;
  const n = s.length;
  for (let i = 0; i < n; ) {
    const c = s.charCodeAt(i);
    if (!isLetterCode(c)) {
      i++;
      continue;
    }
    const j = wordEnd(s, i);
    const p = s.charCodeAt(i - 1);
    // Inside a token with digits ("2nd", "abc123def") a word is no name.
    const glued = (p >= 48 && p <= 57) || (s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57);
    let cap = 0;
    if (!glued) {
      // The cue words are two to five letters long: longer ordinary words are not sliced.
      if (j - i >= 2 && (evidenceAt(s, i, j) >= 0 || (j - i <= 5 && CUE_WORDS.has(s.slice(i, j))))) cap = 1;
      else if (j - i === 1) cap = 2;
    }
    words.push(i, j);
    caps.push(cap);
    i = j;
  }
  let buf: Uint16Array | undefined;
  for (let k = 0; k < caps.length; k++) {
    let cap = caps[k]!;
    // An initial counts only between two capitalised words.
    if (cap === 2) cap = k > 0 && caps[k - 1] === 1 && caps[k + 1] === 1 ? 1 : 0;
    if (cap !== 1) continue;
    const i = words[k * 2]!;
    const up = s[i]!.toUpperCase();
    if (up.length !== 1) continue;
    if (buf === undefined) {
      buf = new Uint16Array(n);
      for (let x = 0; x < n; x++) buf[x] = s.charCodeAt(x);
    }
    buf[i] = up.charCodeAt(0);
  }
  // Decoded in one piece: a flat string, not a chain of concatenations that every char loop of
  // the detectors would walk through.
  return buf === undefined ? null : UTF16.decode(buf);
}

const UTF16 = new TextDecoder('utf-16le');

/** Letters of `s` lowercased without diacritics ("Jørgensen" -> "jorgensen"). */
function plain(s: string): string {
  if (/^[A-Za-z]+$/.test(s)) return s.toLowerCase();
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(
      /[øœæßđłþð]/g,
      (c) => ({ ø: 'o', œ: 'oe', æ: 'ae', ß: 'ss', đ: 'd', ł: 'l', þ: 'th', ð: 'd' })[c] ?? c,
    )
    .replace(/[^a-z]/g, '');
}

const NAME_WORD = /[\p{L}][\p{L}'’-]*\.?/gu;

/**
 * Two to four consecutive words whose letters spell the local part of an e-mail address found in
 * the same text ("Lara Fiorentino" / LaraFiorentino@, "bertram m. jørgensen" / bertrammjorgensen@).
 */
export function findMailNames(s: string, out: Sink): void {
  const locals: string[] = [];
  for (const sp of out) {
    if (sp.type !== 'EMAIL') continue;
    const at = s.indexOf('@', sp.start);
    if (at === -1 || at >= sp.end) continue;
    const local = plain(s.slice(sp.start, at));
    if (local.length >= 5) locals.push(local);
  }
  if (locals.length === 0) return;
  // Word bounds; a word is spelled out (plain() is not cheap) only where a local part could start
  // with it or goes on with it.
  bounds.length = 0;
  NAME_WORD.lastIndex = 0;
  for (let m = NAME_WORD.exec(s); m !== null; m = NAME_WORD.exec(s)) {
    if (m.index > 0 && /[@.\w]/u.test(s[m.index - 1] ?? '')) continue;
    bounds.push(m.index, m.index + m[0].length);
  }
  for (let a = 0; a < bounds.length; a += 2) {
    const c = s.charCodeAt(bounds[a]!) | 32;
    if (c < 128 && !locals.some((l) => l.charCodeAt(0) === c)) continue;
    let spelled = '';
    for (let b = a; b < bounds.length && b < a + 8; b += 2) {
      // Words of one name stand on one line, a few blanks apart.
      if (b > a && /[^ \t]/.test(s.slice(bounds[b - 1]!, bounds[b]!))) break;
      spelled += plain(s.slice(bounds[b]!, bounds[b + 1]!));
      if (!locals.some((l) => l.startsWith(spelled))) break;
      if (b > a && locals.includes(spelled))
        out.push({ start: bounds[a]!, end: bounds[b + 1]!, type: 'PERSON_NAME' });
    }
  }
}

const bounds: number[] = [];

const LINE_NAME = /^[ \t>?*-]*((?:[\p{L}][\p{L}'’-]*\.?)(?:[ \t]+[\p{L}][\p{L}'’-]*\.?){1,3})[ \t]*$/u;
const PARTICLE_WORDS = new Set([
  'de',
  'da',
  'di',
  'do',
  'dos',
  'du',
  'del',
  'van',
  'von',
  'der',
  'den',
  'le',
  'la',
  'ten',
  'ter',
  'bin',
  'al',
  'el',
]);

/**
 * The first line of a text that holds a street address, when it reads as a person's name: two to
 * four words (two at least not initials or particles), no digit, no ordinary English word. Other lines with
 * the same text are taken too (a label printed twice).
 */
export function findAddressees(s: string, out: Sink): void {
  let first = -1;
  for (const sp of out)
    if (sp.type === 'STREET_ADDRESS' && (first === -1 || sp.start < first)) first = sp.start;
  if (first === -1) return;
  const nl = s.indexOf('\n');
  if (nl === -1 || nl >= first) return;
  const m = LINE_NAME.exec(s.slice(0, nl));
  const name = m?.[1];
  if (name === undefined) return;
  const start = s.indexOf(name);
  let words = 0;
  for (const w of name.split(/[ \t]+/)) {
    const bare = w.replace(/\.$/, '');
    if (bare.length === 1 || PARTICLE_WORDS.has(bare)) continue;
    const at = start + name.indexOf(w);
    if (evidenceAt(s, at, at + bare.length) < 0) return;
    words++;
  }
  if (words < 2) return;
  for (let at = s.indexOf(name); at !== -1; at = s.indexOf(name, at + name.length)) {
    if (isLetterCode(s.charCodeAt(at - 1)) || isLetterCode(s.charCodeAt(at + name.length))) continue;
    out.push({ start: at, end: at + name.length, type: 'PERSON_NAME' });
  }
}
