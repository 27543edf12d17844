/**
 * One-word names, which the run detector (bare-name.ts) cannot take: a given name in an
 * enumeration of people ("Gaetane, Hannah, Anthony and Derek"), a speaker at the start of a line
 * ("Nicole: ..."), a possessive ("Amanda's song"), a given name addressed ("Leif, can I") or inside
 * a sentence ("my kid Lukas from"), a name after a word that introduces one ("directed by",
 * "says"). Then the words of every name found in the string are taken wherever else they stand
 * in it, so a surname seen once in full ("Bonifacy Kaczmarek") is also caught alone ("Kaczmarek
 * was influenced"). Only listed names that are not ordinary words qualify (see name-lists.ts).
 */
import type { Sink } from '../types';
import { evidence as evidence_, GIVEN as GIVEN_ } from './name-lists';
import {
  classOf as classOf_,
  isLetterCode as isLetterCode_,
  LOWER as LOWER_,
  sharedTokens as sharedTokens_,
  titleTokens as titleTokens_,
  UPPER as UPPER_,
  WORD as WORD_,
} from './title-tokens';

// Local bindings: module imports compiled to CommonJS (tsx, tests, bench) read through getters
// on every use, which the per-token loops would pay for.
const classOf = classOf_;
const evidence = evidence_;
const GIVEN = GIVEN_;
const isLetterCode = isLetterCode_;
const LOWER = LOWER_;
const sharedTokens = sharedTokens_;
const titleTokens = titleTokens_;
const UPPER = UPPER_;
const WORD = WORD_;

/** Words that introduce a person by name, matched on the text just before a Title-case word. */
const INTRO =
  /(?:^|[^\p{L}])(?:(?:directed|written|sung|performed|produced|composed|played|painted|signed|approved|assigned|reported) by|starring|named (?:him|her|them|it)|called|call me|says|said|assistant to|player|producer|songwriter|singer|author|actor|actress|CEO|CTO|CFO|founder) $/u;
/** Cues after which one word is a name even when no list holds it ("call me Piusz"). */
const NAMING =
  /(?:^|[^\p{L}])(?:call me|named (?:him|her|them)|(?:[Ll]ast |[Ff]irst |[Mm]aiden |[Ff]ull )?name\?|I'm|I am) $/u;
/** Verbs that follow a person at the start of a sentence ("Kevin had given", "Nora is very"). */
const PERSON_VERB =
  /^ (?:is|was|has|had|will|began|said|says|shouted|wrote|writes|lives|lived|works|worked|joined|left|asked|replied|called|spent|from)\b/;
/** Enumeration joints: ", ", " and ", ", and ", " or ", " & ". */
const JOINT = /^(?:, |,? and |,? or |,? & )$/;
const ARTICLE = /(?:^|[^\p{L}])(?:[Tt]he|[Aa]n?|[Oo]ur|[Yy]our|[Tt]his|[Tt]hat) $/u;

/** The enumeration being read: flattened [start, end, given(0|1)] per item. */
const list: number[] = [];

/** Emits the enumeration if it names people; returns whether it did, and empties it. */
function closeList(out: Sink): boolean {
  let given = 0;
  for (let k = 2; k < list.length; k += 3) given += list[k]!;
  // Mostly surnames ("Daugherty, Russel and Torphy") are as often a firm as people: two given
  // names are needed.
  const take = list.length >= 9 && given >= 2;
  if (take)
    for (let k = 0; k < list.length; k += 3)
      out.push({ start: list[k]!, end: list[k + 1]!, type: 'PERSON_NAME' });
  list.length = 0;
  return take;
}

export function findSingleNames(s: string, out: Sink): void {
  const t = titleTokens(s, sharedTokens);
  const count = t.length / 4;
  list.length = 0;
  let found = false;
  for (let x = 0; x < count; x++) {
    const start = t[x * 4]!;
    const end = t[x * 4 + 1]!;
    const kind = t[x * 4 + 2];
    const prevEnd = list.length > 0 ? list[list.length - 2] : undefined;
    if (kind !== WORD) {
      // A lowercase "and"/"or" inside an enumeration is its joint, not its end.
      if (kind === LOWER && prevEnd !== undefined && JOINT.test(s.slice(prevEnd, t[(x + 1) * 4] ?? end)))
        continue;
      if (closeList(out)) found = true;
      continue;
    }
    if (prevEnd !== undefined && !JOINT.test(s.slice(prevEnd, start)) && closeList(out)) found = true;
    const c = s.charCodeAt(end);
    const b1 = s.charCodeAt(start - 1);
    // Every rule below needs one of these around the word; most capitalised words (a sentence's
    // first, a product's) have none, and skip the lookups.
    const maybe =
      list.length > 0 ||
      c === 44 || // , (enumeration, "Leif, can I")
      c === 58 || // : (speaker)
      c === 39 ||
      c === 0x2019 || // ' (possessive)
      c === 63 ||
      c === 33 || // ? ! (addressed)
      (b1 === 32 && (isLetterCode(s.charCodeAt(start - 2)) || s.charCodeAt(start - 2) === 63)) || // after a word or "name?"
      (c === 32 && (start === 0 || b1 === 32 || b1 === 10)); // sentence start then a verb
    if (!maybe) {
      if (closeList(out)) found = true;
      continue;
    }
    const w = s.slice(start, end);
    const e = evidence(w);
    if (e < 0) {
      if (closeList(out)) found = true;
      continue;
    }
    const given = e === 2 && GIVEN.has(w);
    list.push(start, end, given ? 1 : 0);
    const before = s.slice(Math.max(0, start - 24), start);
    const nextIsWord = t[(x + 1) * 4 + 2] === WORD && t[(x + 1) * 4 + 3] === 1;
    // Multi-word names are the run detector's; a one-word rule must not take half of one.
    const prevIsWord = x > 0 && t[(x - 1) * 4 + 2] === WORD && t[x * 4 + 3] === 1;
    if (nextIsWord && !prevIsWord && (INTRO.test(before) || NAMING.test(before))) {
      // "directed by Johannes Varvio": two unlisted words are a name after such a word.
      const end2 = t[(x + 1) * 4 + 1]!;
      if (
        evidence(s.slice(t[(x + 1) * 4]!, end2)) >= 0 &&
        (t[(x + 2) * 4 + 2] !== WORD || t[(x + 2) * 4 + 3] !== 1)
      ) {
        out.push({ start, end: end2, type: 'PERSON_NAME' });
        found = true;
      }
    }
    if (nextIsWord || prevIsWord) continue;
    if (
      // "Kevin said", "starring Key": a word that introduces a name, then a listed one.
      (e === 2 && INTRO.test(before)) ||
      (e >= 0 && NAMING.test(before)) ||
      // "Kevin had given", "Nora is very reliable": a given name opening a sentence about a person.
      (given && (start === 0 || /(?:[.!?] |\n)$/.test(before)) && PERSON_VERB.test(s.slice(end, end + 10))) ||
      // "Nicole: Remember me" at the start of a line.
      (e === 2 && (start === 0 || s.charCodeAt(start - 1) === 10) && c === 58) ||
      // "Amanda's song" (a surname's possessive is as often a firm's: "Miller's technology").
      (given &&
        (c === 39 || c === 0x2019) &&
        s.charCodeAt(end + 1) === 115 &&
        !/\p{L}/u.test(s[end + 2] ?? '')) ||
      // A given name inside a sentence, not after an article ("the Chadd Soap").
      (given && /\p{Ll} $/u.test(before) && !ARTICLE.test(before)) ||
      // "Leif, can I" / "Remember me, Mary?": a given name addressed.
      (given && (c === 44 || c === 63 || c === 33) && (start === 0 || /(?:[,.!?] |\n)$/.test(before)))
    ) {
      out.push({ start, end, type: 'PERSON_NAME' });
      found = true;
    }
  }
  if (closeList(out)) found = true;
  if (found || hasName(out)) echoNames(s, out);
}

function hasName(out: Sink): boolean {
  for (const sp of out) if (sp.type === 'PERSON_NAME') return true;
  return false;
}

/** Each word of the names found so far, wherever else it stands in `s`. */
function echoNames(s: string, out: Sink): void {
  const words = new Set<string>();
  for (const sp of out) {
    if (sp.type !== 'PERSON_NAME') continue;
    for (const w of s.slice(sp.start, sp.end).split(/[\s,.]+/)) {
      if (w.length < 3 || (classOf(w.charCodeAt(0)) & UPPER) === 0) continue;
      // A listed name that is no ordinary word (2), or an unlisted word (0); evidence is memoised.
      const e = evidence(w);
      if (e === 2 || e === 0) words.add(w);
    }
  }
  for (const w of words) {
    for (let at = s.indexOf(w); at !== -1; at = s.indexOf(w, at + w.length)) {
      if (isLetterOrDigit(s.charCodeAt(at - 1)) || isLetterOrDigit(s.charCodeAt(at + w.length))) continue;
      out.push({ start: at, end: at + w.length, type: 'PERSON_NAME' });
    }
  }
}

function isLetterOrDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || isLetterCode(c);
}
