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
import {
  evidence as evidence_,
  surnameShaped as surnameShaped_,
  tokenEvidence as tokenEvidence_,
  tokenGiven as tokenGiven_,
} from './name-lists';
import {
  classOf as classOf_,
  isLetterCode as isLetterCode_,
  LETTER as LETTER_,
  LOWER as LOWER_,
  sharedTokens as sharedTokens_,
  titleTokens as titleTokens_,
  UPPER as UPPER_,
  WORD as WORD_,
} from './title-tokens';

// Local bindings: module imports compiled to CommonJS (tsx, tests, bench) read through getters
// on every use, which the per-token loops would pay for.
const classOf = classOf_;
const LETTER = LETTER_;
const evidence = evidence_;
const tokenEvidence = tokenEvidence_;
const tokenGiven = tokenGiven_;
const surnameShaped = surnameShaped_;
const isLetterCode = isLetterCode_;
const LOWER = LOWER_;
const sharedTokens = sharedTokens_;
const titleTokens = titleTokens_;
const UPPER = UPPER_;
const WORD = WORD_;

/**
 * Words that introduce a person by name, matched on the text just before a Title-case word: after
 * them even a word no list holds is taken when it stands alone ("says Hartvigsson.").
 */
const INTRO =
  /(?:^|[^\p{L}])(?:(?:directed|written|sung|performed|produced|composed|played|painted|signed|approved|assigned|reported|arranged|recorded|founded) by|starring|featuring|named (?:him|her|them|it)|called|call me|says|said|asks|asked|replied|told|assistant to|[Pp]layer|[Pp]roducer|[Ss]ongwriter|[Ss]inger|[Aa]uthor|[Aa]ctor|[Aa]ctress|[Ww]riter|[Pp]oet|[Nn]ovelist|[Dd]irector|[Cc]omposer|[Rr]apper|CEO|CTO|CFO|[Ff]ounder|(?:my|our|his|her|their|your) (?:kids?|sons?|daughters?|child|wife|husband|mother|father|mom|mum|dad|brother|sister|uncle|aunt|cousin|nephew|niece|grandson|granddaughter|grandmother|grandfather|friend|boyfriend|girlfriend|fianc[ée]e?|partner|colleague|boss|neighbou?r|roommate|coworker|classmate)|(?:[Mm]r|[Mm]rs|[Mm]s|[Dd]r)\.|ex-\p{Lu}\p{L}+) $/u;
/**
 * Verbs and prepositions after which a listed name that is no ordinary word, or two name-like
 * words, are a person ("follow up with Jan Jílek", "add Edvard Petrussen as").
 */
const INTRO_WEAK =
  /(?:^|[^\p{L}])(?:follow(?:ed)? up with|(?:meet|met|speak|spoke|talk|talked|chat|chatted) (?:to|with)|heard|(?:ask|tell|thank|invite|add|remove|email|text|ping|contact|cc) ?|with|(?:change|update|correct) it to|early|late|young|old|poor) $/u;
/** Cues after which one word is a name even when no list holds it ("call me Piusz"). */
const NAMING =
  /(?:^|[^\p{L}])(?:call me|named (?:him|her|them)|(?:[Ll]ast |[Ff]irst |[Mm]aiden |[Ff]ull )?name\?|I'm|I am) $/u;
/**
 * What follows a person who opens a sentence even when no list holds the name ("Shovda is very
 * reliable", "Mehrudin shouted at", "Järvilehto began writing").
 */
const PERSON_VERB_STRONG =
  /^ (?:is (?:very|so|from|not|a (?:great|good|nice|kind))|was born|shouted|whispered|screamed|began|had given|has given|lives|lived|said|says|asked|replied|told|wrote|explained|listed|just has|will be talking|works (?:at|for|as)|worked (?:at|for|as))\b/;
/** Verbs that follow a person at the start of a sentence ("Kevin had given", "Nora is very"). */
const PERSON_VERB =
  /^ (?:is|was|has|had|will|began|said|says|shouted|wrote|writes|lives|lived|works|worked|joined|left|asked|replied|called|spent|from)\b/;
/** Enumeration joints: ", ", " and ", ", and ", " or ", " & ". */
/** Whether s[a, b) is an enumeration joint (", ", " and ", ", and ", " or ", " & "...), unsliced. */
function isJoint(s: string, a: number, b: number): boolean {
  let i = a;
  if (s.charCodeAt(i) === 44) i++;
  if (s.charCodeAt(i) !== 32) return false;
  if (i + 1 === b) return i > a;
  const n = b - i;
  return (
    (n === 5 && s.startsWith(' and ', i)) ||
    (n === 4 && s.startsWith(' or ', i)) ||
    (n === 3 && s.startsWith(' & ', i))
  );
}
const ARTICLE = /(?:^|[^\p{L}])(?:[Tt]he|[Aa]n?|[Oo]ur|[Yy]our|[Tt]his|[Tt]hat) $/u;
/** Nouns a person's possessive takes ("Franciska's kid", "Matej's address"), not a firm's. */
const KIN_AFTER =
  /^(?:kids?|sons?|daughters?|child|children|wife|husband|mother|father|mom|mum|dad|parents|brother|sister|family|friends?|boyfriend|girlfriend|fianc[ée]e?|widow|birthday|wedding|funeral|killers?|murder|grave|home|house|address|phone|email|cousin|uncle|aunt)\b/;
/** What follows a name addressed at the start of a sentence ("Warrane, can I please ..."). */
const ADDRESSED_AFTER =
  /^, (?:can|could|would|will|please|I|I'm|you|we|do|did|are|have|thanks|thank|how|what|where|when|why|let's|listen|look|come|wait|stop|don't|is|it's)\b/;
/** A plural of people right before an enumeration ("our 3 founders: Kónya, Becker and Vasquez"). */
const PEOPLE_BEFORE =
  /(?:founders|co-founders|partners|members|authors|speakers|winners|children|kids|siblings|guests|players|hosts|employees|friends|brothers|sisters|sons|daughters|parents|students|engineers|people|attendees|participants|witnesses|candidates)(?: were| are| include| included)?:? (?:\p{Ll}+ )?$/u;
/** What follows an enumeration of people ("Marrero and Murphy were precision engineers"). */
const PEOPLE_AFTER = /^ (?:were|are both|have been|had been|met|married|founded|co-founded|wrote)\b/;

const C_INTRO = 1;
const C_NAMING = 2;
const C_WEAK = 4;
const C_ARTICLE = 8;
/** '.', '!' or '?'. */
function isSentenceEnd(c: number): boolean {
  return c === 46 || c === 33 || c === 63;
}
/**
 * Last words of the cue phrases above (INTRO, NAMING, INTRO_WEAK, ARTICLE), lowercased: the cue
 * regexes run only when the word before a name is one of these, which most words are not.
 */
const CUE_LAST = new Set(
  `by starring featuring him her them it called me says said asks asked replied told to player producer
  songwriter singer author actor actress writer poet novelist director composer rapper ceo cto cfo founder
  kid kids son sons daughter daughters child wife husband mother father mom mum dad brother sister uncle
  aunt cousin nephew niece grandson granddaughter grandmother grandfather friend boyfriend girlfriend
  fiancé fiancée fiance fiancee partner colleague boss neighbor neighbour roommate coworker classmate mr. mrs.
  ms. dr. name? i'm am with heard ask tell thank invite add remove email text ping contact cc early late
  young old poor the a an our your this that`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

/**
 * The last words of each cue regex's phrases, lowercased: a regex is tried only when the word
 * before the name ends one of its phrases (a phrase's last word is the whole word read back from
 * the name, since every phrase starts after a blank or a non-letter that is no word character).
 */
const CUE_OF = new Map<string, number>();
for (const [bit, words] of [
  [
    C_INTRO,
    `by starring featuring him her them it called me says said asks asked replied told to player producer
    songwriter singer author actor actress writer poet novelist director composer rapper ceo cto cfo founder
    kid kids son sons daughter daughters child wife husband mother father mom mum dad brother sister uncle
    aunt cousin nephew niece grandson granddaughter grandmother grandfather friend boyfriend girlfriend
    fiancé fiancée fiance fiancee partner colleague boss neighbor neighbour roommate coworker classmate mr.
    mrs. ms. dr.`,
  ],
  [C_NAMING, `me him her them name? i'm am`],
  [
    C_WEAK,
    'with to heard ask tell thank invite add remove email text ping contact cc early late young old poor',
  ],
  [C_ARTICLE, 'the a an our your this that'],
] as const) {
  for (const w of words.split(/\s+/)) if (w !== '') CUE_OF.set(w, (CUE_OF.get(w) ?? 0) | bit);
}

/** Per word length, a bit per first letter (a-z) of the CUE_LAST words: most words are ruled out unsliced. */
const CUE_SHAPES = new Int32Array(14);
for (const w of CUE_LAST) {
  const c = w.charCodeAt(0) - 97;
  if (w.length < 14 && c >= 0 && c < 26) CUE_SHAPES[w.length]! |= 1 << c;
}

/** Which cues end right before `start` (a bit set of C_*), read from the word before it. */
function cuesBefore(s: string, start: number): number {
  if (s.charCodeAt(start - 1) !== 32) return 0;
  let a = start - 1;
  while (a > 0) {
    const c = s.charCodeAt(a - 1);
    if (isLetterCode(c) || c === 46 || c === 39 || c === 0x2019 || c === 45 || c === 63) a--;
    else break;
  }
  const len = start - 1 - a;
  if (len === 0) return 0;
  const ex =
    (s.charCodeAt(a) | 32) === 101 && (s.charCodeAt(a + 1) | 32) === 120 && s.charCodeAt(a + 2) === 45;
  if (!ex && (len > 13 || (CUE_SHAPES[len]! & (1 << ((s.charCodeAt(a) | 32) - 97))) === 0)) return 0;
  const w = s.slice(a, start - 1).toLowerCase();
  // Which of the four cue regexes have a phrase ending in this word ("ex-..." may end any).
  const may = w.startsWith('ex-') ? C_INTRO | C_NAMING | C_WEAK | C_ARTICLE : (CUE_OF.get(w) ?? 0);
  if (may === 0) return 0;
  const before = s.slice(Math.max(0, start - 40), start);
  return (
    ((may & C_INTRO) !== 0 && INTRO.test(before) ? C_INTRO : 0) |
    ((may & C_NAMING) !== 0 && NAMING.test(before) ? C_NAMING : 0) |
    ((may & C_WEAK) !== 0 && INTRO_WEAK.test(before) ? C_WEAK : 0) |
    ((may & C_ARTICLE) !== 0 && ARTICLE.test(before) ? C_ARTICLE : 0)
  );
}

/** The enumeration being read: flattened [start, end, given(0|1)] per item. */
const list: number[] = [];
/** Line-start speakers ("Ubul: What a wife."): flattened [start, end, given(0|1)]. */
const speakers: number[] = [];

/** Emits the enumeration if it names people; returns whether it did, and empties it. */
function closeList(s: string, out: Sink): boolean {
  if (list.length === 0) return false;
  let given = 0;
  for (let k = 2; k < list.length; k += 3) given += list[k]!;
  // Mostly surnames ("Daugherty, Russel and Torphy") are as often a firm as people: two given
  // names are needed, or words around the list that say it is people.
  const take =
    (list.length >= 9 && given >= 2) ||
    (list.length >= 6 &&
      (PEOPLE_BEFORE.test(s.slice(Math.max(0, list[0]! - 40), list[0]!)) ||
        PEOPLE_AFTER.test(s.slice(list[list.length - 2]!, list[list.length - 2]! + 16))));
  if (take)
    for (let k = 0; k < list.length; k += 3)
      out.push({ start: list[k]!, end: list[k + 1]!, type: 'PERSON_NAME' });
  list.length = 0;
  return take;
}

export function findSingleNames(s: string, out: Sink): void {
  const t = titleTokens(s, sharedTokens);
  const count = t.length / 4;
  // Emptied only when not empty: an array length store is a builtin call, paid per string.
  if (list.length !== 0) list.length = 0;
  if (speakers.length !== 0) speakers.length = 0;
  let found = false;
  for (let x = 0; x < count; x++) {
    const kind = t[x * 4 + 2];
    // Most tokens are lowercase words and initials outside any enumeration: nothing to close.
    if (kind !== WORD && list.length === 0) continue;
    const start = t[x * 4]!;
    const end = t[x * 4 + 1]!;
    const prevEnd = list.length > 0 ? list[list.length - 2] : undefined;
    if (kind !== WORD) {
      // A lowercase "and"/"or" inside an enumeration is its joint, not its end.
      if (kind === LOWER && prevEnd !== undefined && isJoint(s, prevEnd, t[(x + 1) * 4] ?? end)) continue;
      if (closeList(s, out)) found = true;
      continue;
    }
    if (prevEnd !== undefined && !isJoint(s, prevEnd, start) && closeList(s, out)) found = true;
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
      if (closeList(s, out)) found = true;
      continue;
    }
    const e = tokenEvidence(s, t, x);
    if (e < 0) {
      if (closeList(s, out)) found = true;
      continue;
    }
    // "Amanda's" is one token; the name is what comes before the apostrophe.
    const q = s.charCodeAt(end - 2);
    const poss = s.charCodeAt(end - 1) === 115 && (q === 39 || q === 0x2019);
    const nameEnd = poss ? end - 2 : end;
    const given = tokenGiven(x);
    list.push(start, end, given ? 1 : 0);
    const lineStart =
      start === 0 || b1 === 10 || (b1 === 62 && (start === 1 || s.charCodeAt(start - 2) === 10));
    // "Ubul: What a wife." — judged with the other speakers of the text once all are seen.
    if (lineStart && c === 58) {
      const n1 = s.charCodeAt(end + 1);
      if (n1 === 34 || (n1 === 32 && (isLetterCode(s.charCodeAt(end + 2)) || s.charCodeAt(end + 2) === 34)))
        speakers.push(start, end, given ? 1 : 0);
    }
    const cue = cuesBefore(s, start);
    const nextIsWord = t[(x + 1) * 4 + 2] === WORD && t[(x + 1) * 4 + 3] === 1;
    // Multi-word names are the run detector's; a one-word rule must not take half of one. A cue
    // word right before ("I'm Abelardo Trevisano") is no part of the name.
    const prevIsWord =
      x > 0 && t[(x - 1) * 4 + 2] === WORD && t[x * 4 + 3] === 1 && (cue & (C_INTRO | C_NAMING)) === 0;
    if (nextIsWord && !prevIsWord && (cue & (C_INTRO | C_NAMING | C_WEAK)) !== 0) {
      // "directed by Johannes Varvio": two unlisted words are a name after such a word.
      const end2 = t[(x + 1) * 4 + 1]!;
      if (tokenEvidence(s, t, x + 1) >= 0 && (t[(x + 2) * 4 + 2] !== WORD || t[(x + 2) * 4 + 3] !== 1)) {
        out.push({ start, end: end2, type: 'PERSON_NAME' });
        found = true;
      }
    }
    if (nextIsWord || prevIsWord) continue;
    const intro = (cue & C_INTRO) !== 0;
    // After a sentence end or at a line start ("Kevin had given", "Warrane, can I").
    const opens = start === 0 || b1 === 10 || (b1 === 32 && isSentenceEnd(s.charCodeAt(start - 2)));
    const afterLower = b1 === 32 && classOf(s.charCodeAt(start - 2)) === LETTER;
    const alone = !isLetterCode(c) && (c !== 32 || (classOf(s.charCodeAt(end + 1)) & UPPER) === 0);
    if (
      // "Kevin said", "starring Key": a word that introduces a name, then a listed one; an
      // unlisted one when it stands alone ("says Hartvigsson.", "my kid Tadzio from").
      (e === 2 && intro) ||
      (e >= 0 && alone && intro) ||
      (e === 2 && (cue & C_WEAK) !== 0 && (cue & C_ARTICLE) === 0) ||
      // An unlisted word shaped like a surname ("the Sokolov novel", "early Ryhänen").
      // Not inside an enumeration, which is as often a firm ("Baumbach, Gusikowski and Miller").
      (e === 0 &&
        list.length === 3 &&
        c !== 44 &&
        !s.startsWith(' and ', end) &&
        !s.startsWith(' & ', end) &&
        // Next to a redacted name (blanked placeholder), it was half of a longer name.
        s.charCodeAt(end + 1) !== 1 &&
        s.charCodeAt(start - 2) !== 1 &&
        surnameShaped(s, start, end)) ||
      // A person's possessive ("Franciska's kid", "Matej's address").
      (e >= 0 && poss && c === 32 && KIN_AFTER.test(s.slice(end + 1, end + 12))) ||
      // "Shovda is very reliable", "Mehrudin shouted at": a sentence about a person.
      (e >= 0 && (opens || (start === 1 && b1 === 34)) && PERSON_VERB_STRONG.test(s.slice(end, end + 20))) ||
      // "Warrane, can I please": addressed at the start of a sentence.
      (e >= 0 && c === 44 && opens && ADDRESSED_AFTER.test(s.slice(end, end + 9))) ||
      (e >= 0 && (cue & C_NAMING) !== 0) ||
      // "Kevin had given", "Nora is very reliable": a given name opening a sentence about a person.
      (given && opens && PERSON_VERB.test(s.slice(end, end + 10))) ||
      // "Nicole: Remember me" at the start of a line.
      (e === 2 && (start === 0 || s.charCodeAt(start - 1) === 10) && c === 58) ||
      // "Amanda's song" (a surname's possessive is as often a firm's: "Miller's technology").
      (given && poss) ||
      // A given name inside a sentence, not after an article ("the Chadd Soap").
      (given && afterLower && (cue & C_ARTICLE) === 0) ||
      // "Leif, can I" / "Remember me, Mary?": a given name addressed.
      (given &&
        (c === 44 || c === 63 || c === 33) &&
        (opens || (b1 === 32 && s.charCodeAt(start - 2) === 44)))
    ) {
      out.push({ start, end: nameEnd, type: 'PERSON_NAME' });
      found = true;
    }
  }
  if (closeList(s, out)) found = true;
  if (speakers.length >= 6) {
    let given = 0;
    for (let k = 2; k < speakers.length; k += 3) given += speakers[k]!;
    // A dialogue: two speaker lines or more, one of them a listed given name.
    if (given >= 1) {
      for (let k = 0; k < speakers.length; k += 3)
        out.push({ start: speakers[k]!, end: speakers[k + 1]!, type: 'PERSON_NAME' });
      found = true;
    }
  }
  if (found || hasName(out)) echoNames(s, out);
}

function hasName(out: Sink): boolean {
  for (const sp of out) if (sp.type === 'PERSON_NAME') return true;
  return false;
}

/** Each word of the names found so far, wherever else it stands in `s`. */
/** What `\s`, ',' and '.' match: the separators between the words of a name. */
const WORD_SEP = new Set([
  9, 10, 11, 12, 13, 32, 44, 46, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
  0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);

/** WORD_SEP.has(c), with the ASCII letters (most characters of a name) decided without a lookup. */
function isWordSep(c: number): boolean {
  if (c > 46 && c < 0xa0) return false;
  return WORD_SEP.has(c);
}

function echoNames(s: string, out: Sink): void {
  const words = new Set<string>();
  for (const sp of out) {
    if (sp.type !== 'PERSON_NAME') continue;
    // The span's words, split at blanks, commas and full stops, without a regex split.
    for (let i = sp.start; i < sp.end; ) {
      let j = i;
      while (j < sp.end && !isWordSep(s.charCodeAt(j))) j++;
      const a = i;
      i = j + 1;
      if (j - a < 3 || (classOf(s.charCodeAt(a)) & UPPER) === 0) continue;
      const w = s.slice(a, j);
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
