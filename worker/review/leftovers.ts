/**
 * "Possible personal data left" for the review page: in a session's stored (already redacted)
 * texts, the candidates the detectors were not sure enough about: name-like word runs the name
 * detectors rejected (unlisted words, no cue), single listed given names, the account name a page
 * shows in its header ("Signed in as jdoe", the text of a user menu), address-like lines and long
 * digit runs that could be ids or phone numbers. Computed in the review worker from the texts it
 * already has, never stored; ranked by kind, then by how often each occurs, each with the places
 * (`at`: the caller's index, e.g. a step or event) where it occurs. Redacting one goes through the
 * existing "Redact more" path (rewrite.ts) with the term.
 *
 * Placeholders are blanked before anything is matched, so what was redacted is never a candidate
 * and a placeholder never glues two words into one.
 */
import { evidence, GIVEN } from '../redact/detectors/name-lists';
import { titleTokens, WORD } from '../redact/detectors/title-tokens';
import { PLACEHOLDER_RE } from '../redact/pseudonym';

export type LeftoverKind = 'name' | 'account' | 'address' | 'number';

export interface Leftover {
  term: string;
  kind: LeftoverKind;
  count: number;
  /** Caller indices where the term occurs, ascending, without repeats. */
  at: number[];
}

export interface LeftoverText {
  text: string;
  at: number;
  /**
   * 'account': the text is all an element of the page's account area holds (a user menu, a
   * "signed in" badge), so a short one is the account name itself.
   */
  hint?: 'account';
}

const KIND_RANK: Record<LeftoverKind, number> = { name: 0, account: 1, address: 2, number: 3 };

/** House number then up to four capitalised words, to the end of the line or sentence. */
const ADDRESS = /(?<![\p{L}\p{N}])\d{1,6}[A-Za-z]? (?:\p{Lu}[\p{L}'’.-]*\s?){1,4}(?=$|[,\n.])/gmu;
/**
 * A street word must be among them: "3 New Messages" is UI text, "12 Quayside Wharf" an address.
 * Lowercase, without a final dot.
 */
const STREET = new Set(
  (
    'street st road rd avenue ave lane ln drive dr way court ct place pl boulevard blvd square sq ' +
    'terrace close crescent wharf hill row park gardens grove mews parade walk highway hwy parkway ' +
    'pkwy circle cir alley quay embankment rue via calle avenida strasse straße weg platz gasse allee'
  ).split(' '),
);
/** Street name then house number, as German-speaking countries write it ("Hauptstraße 5"). */
const STREET_FIRST =
  /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+(?:straße|strasse|weg|platz|gasse|allee) \d{1,4}[a-z]?(?![\p{L}\p{N}])/gu;
/** "Springfield, IL 62704": a town, a state code and a ZIP code. */
const TOWN_ZIP =
  /(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){0,2}, [A-Z]{2} \d{5}(?:-\d{4})?(?![\p{L}\p{N}])/gu;
/** A UK postcode ("SW1A 1AA"). */
const POSTCODE = /(?<![\p{L}\p{N}])[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}(?![\p{L}\p{N}])/gu;
/**
 * 7 to 15 digits, perhaps grouped by blanks, dots or dashes, perhaps after a "+" or an area code
 * in parentheses: ids and phone numbers. Dates are left out below.
 */
const NUMBER = /(?<![\p{L}\p{N}+(])(?:\+|\(\d{1,5}\)[ .-]?)?\d(?:[ .-]?\d){5,14}(?![\p{L}\p{N}])/gu;
const DATE = /^(?:\d{4}[.-]\d{1,2}[.-]\d{1,2}|\d{1,2}[.-]\d{1,2}[.-]\d{2,4})$/;
/** A letter prefix glued to six or more digits ("X1234567", "AB123456"): passport, member, staff ids. */
const LETTERED_ID = /(?<![\p{L}\p{N}])[A-Z]{1,3}\d{6,12}(?![\p{L}\p{N}])/gu;
/** "Signed in as jdoe", "Logged in as: Mara K", "Welcome back, Ole": the account name follows. */
const ACCOUNT_CUE =
  /\b(?:(?:signed|logged) in as:?|welcome back,?|account:|user(?:name)?:) +([\p{L}\p{N}][\p{L}\p{N}._@-]{1,40}(?: \p{Lu}[\p{L}.'’-]*)?)/giu;
/** What an account area holds besides the name: its controls. */
const ACCOUNT_UI = new Set(
  (
    'sign out|sign in|log out|log in|logout|login|sign up|profile|my profile|account|my account|settings|' +
    'preferences|help|menu|user|user menu|notifications|switch account|admin|me|you|guest|open menu|' +
    'account settings|your account|edit profile|support'
  ).split('|'),
);

interface Found {
  term: string;
  kind: LeftoverKind;
}

/**
 * Places that are also listed given names: alone ("France" in a country picker) they are far more
 * often the place. A name run that holds one ("Georgia Reyes") is still listed.
 */
const PLACE_NAMES = new Set(
  (
    'France Georgia Jordan Chad India Israel Kenya Chile Cuba Peru Mali Niger Malta Jamaica Lebanon ' +
    'Virginia Carolina Dakota Montana Nevada Florida Indiana Arizona Alabama Tennessee Kansas ' +
    'Austin Dallas Houston Denver Phoenix Sydney Paris Florence Victoria Madison Regina Adelaide ' +
    'Brooklyn Chelsea Savannah Charlotte Orlando Lincoln Albany Troy Vienna Helena Sofia Lima'
  ).split(' '),
);

const tokens: number[] = [];

function nameCandidates(s: string, found: Found[]): void {
  const t = titleTokens(s, tokens);
  const n = t.length / 4;
  for (let x = 0; x < n; x++) {
    if (t[x * 4 + 2] !== WORD) continue;
    // A run of Title-case words joined by single blanks, none an ordinary word.
    let y = x + 1;
    while (y < n && y - x < 4 && t[y * 4 + 2] === WORD && t[y * 4 + 3] === 1) y++;
    const words: string[] = [];
    for (let k = x; k < y; k++) words.push(s.slice(t[k * 4]!, t[k * 4 + 1]!));
    const grades = words.map((w) => evidence(w));
    if (words.length >= 2 && grades.every((g) => g >= 0)) found.push({ term: words.join(' '), kind: 'name' });
    else if (words.length === 1 && grades[0] === 2 && GIVEN.has(words[0]!) && !PLACE_NAMES.has(words[0]!))
      found.push({ term: words[0]!, kind: 'name' });
    x = y - 1;
  }
}

function accountCandidates(s: string, hint: LeftoverText['hint'], found: Found[]): void {
  for (const m of s.matchAll(ACCOUNT_CUE)) {
    const term = m[1]!.replace(/[._@-]+$/, '');
    if (term.length >= 3 && !ACCOUNT_UI.has(term.toLowerCase())) found.push({ term, kind: 'account' });
  }
  if (hint !== 'account') return;
  const whole = s.replace(/\s+/g, ' ').trim();
  if (whole.length < 3 || whole.length > 40 || whole.split(' ').length > 3) return;
  if (!/\p{L}/u.test(whole) || ACCOUNT_UI.has(whole.toLowerCase())) return;
  if (found.some((f) => f.term === whole)) return;
  found.push({ term: whole, kind: 'account' });
}

function otherCandidates(s: string, found: Found[]): void {
  for (const m of s.matchAll(ADDRESS)) {
    const term = m[0].trim().replace(/\.$/, '');
    const words = term.split(' ').slice(1);
    if (words.some((w) => STREET.has(w.replace(/\.$/, '').toLowerCase())))
      found.push({ term, kind: 'address' });
  }
  for (const re of [STREET_FIRST, TOWN_ZIP, POSTCODE])
    for (const m of s.matchAll(re)) found.push({ term: m[0], kind: 'address' });
  for (const m of s.matchAll(NUMBER)) {
    const digits = m[0].replace(/\D/g, '').length;
    if (digits >= 7 && digits <= 15 && !DATE.test(m[0])) found.push({ term: m[0], kind: 'number' });
  }
  for (const m of s.matchAll(LETTERED_ID)) found.push({ term: m[0], kind: 'number' });
}

/** The candidates in one text (placeholders blanked first). */
function candidatesIn(text: string, hint: LeftoverText['hint']): Found[] {
  // Placeholders are what was redacted; they are not candidates and must not glue words.
  const s = text.indexOf('[') === -1 ? text : text.replace(PLACEHOLDER_RE, (m) => ' '.repeat(m.length));
  const found: Found[] = [];
  if (!/[\p{Lu}\p{N}]/u.test(s)) return found; // every kind starts with a capital or a digit
  nameCandidates(s, found);
  accountCandidates(s, hint, found);
  otherCandidates(s, found);
  return found;
}

/** Candidates in `texts` (each with the caller's index), most likely personal data first. */
export function leftovers(texts: Iterable<LeftoverText>, limit = 50): Leftover[] {
  const byTerm = new Map<string, Leftover>();
  // A page repeats its texts (every snapshot, every re-render): each distinct one is read once.
  const memo = new Map<string, Found[]>();
  for (const { text, at, hint } of texts) {
    const key = hint ? `${hint}\u0000${text}` : text;
    let found = memo.get(key);
    if (!found) {
      found = candidatesIn(text, hint);
      memo.set(key, found);
    }
    for (const { term, kind } of found) {
      const k = `${kind}\u0000${term}`;
      let item = byTerm.get(k);
      if (!item) {
        item = { term, kind, count: 0, at: [] };
        byTerm.set(k, item);
      }
      item.count++;
      if (item.at.at(-1) !== at) item.at.push(at);
    }
  }
  const items = [...byTerm.values()];
  for (const it of items) it.at = [...new Set(it.at)].sort((a, b) => a - b);
  items.sort(
    (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.count - a.count || (a.term < b.term ? -1 : 1),
  );
  return items.slice(0, limit);
}
