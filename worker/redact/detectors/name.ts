/**
 * Person names from text alone, only where a cue says a name follows or precedes: greetings
 * ("Dear", "Hi"), titles ("Mr.", "Dr."), labels ("Name:", "Owner:"), attributions ("Created by",
 * "Assigned to") and activity lines ("... commented"). A bare "Firstname Lastname" string is
 * indistinguishable from a product or song title without a name dictionary, so it is left to
 * field context and reported as not covered.
 */
import type { Sink } from '../types';
import {
  FNV_BASIS,
  FNV_PRIME,
  FOLD,
  finishHash,
  INITIAL as INITIAL_,
  shapes as shapes_,
  sharedTokens as sharedTokens_,
  titleTokens as titleTokens_,
} from './title-tokens';

// Local bindings: module imports compiled to CommonJS (tsx, tests, bench) read through getters.
const INITIAL = INITIAL_;
const sharedTokens = sharedTokens_;
const shapes = shapes_;
const titleTokens = titleTokens_;

const TOKEN = "\\p{Lu}[\\p{Ll}\\p{Lm}'’]*(?:\\p{Lu}[\\p{Ll}'’]+)*(?:-\\p{Lu}?[\\p{Ll}'’]+)*";
const CJK =
  '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]{1,5}(?: [\\p{Script=Han}\\p{Script=Hangul}]{1,4})?';
const PARTICLE = '(?:de|da|di|do|dos|das|du|del|della|der|den|van|von|le|la|bin|ibn|al|el|ter|ten|mac|st\\.)';
const LATIN = `${TOKEN}(?:\\s+(?:${PARTICLE}\\s+){0,2}${TOKEN}){0,3}`;
const PERSON = `(?:${LATIN}|${CJK})`;

const VERBS_SRC =
  'commented|replied|wrote|reacted|is typing|mentioned you|invited you|assigned you|joined the|left the|signed up|liked your|reviewed your|requested your review';

// Cue words, in the order the cue regex tries them.
const GREETINGS = [
  'Dear',
  'Hi',
  'Hello',
  'Hey',
  'Hallo',
  'Bonjour',
  'Hola',
  'Ciao',
  'Welcome(?: back)?',
  'Thanks',
  'Thank you',
  'Regards',
  'Cheers',
  'Sincerely',
];
const ACTIONS = [
  'Created',
  'Assigned',
  'Reported',
  'Requested',
  'Submitted',
  'Approved',
  'Reviewed',
  'Edited',
  'Updated',
  'Modified',
  'Posted',
  'Written',
  'Shared',
  'Invited',
  'Added',
  'Sent',
  'Signed',
  'Authored',
  'Uploaded',
  'Closed',
  'Opened',
  'Merged',
  'Deleted',
];
const LOGINS = ['Signed', 'Logged'];
const LABELS = [
  'Owner',
  'Author',
  'Assignee',
  'Reporter',
  'Reviewer',
  'Contact',
  'Customer',
  'Patient',
  'Employee',
  'Manager',
  'Recipient',
  'Sender',
  'Name',
  'Full name',
  'First name',
  'Last name',
  'Cardholder',
  'Account holder',
  'Holder',
  'Attn',
  'Attention',
  'Client',
  'Guest',
  'Passenger',
  'Member',
  'User',
  'Student',
  'Teacher',
  'Doctor',
  'Applicant',
  'Candidate',
  'Tenant',
  'Landlord',
  'Beneficiary',
  'Payee',
  'Nom',
  'Nombre',
  'Vorname',
  'Nachname',
  '姓名',
  '氏名',
  '名前',
];
const TITLES = [
  'Mr',
  'Mrs',
  'Ms',
  'Miss',
  'Mx',
  'Dr',
  'Prof',
  'Sr',
  'Sra',
  'Srta',
  'Mme',
  'Mlle',
  'Herr',
  'Frau',
  'Msc',
  'Sir',
  'Dame',
];
const TITLE = `(?:${TITLES.join('|')})`;
const CUE_SRC = `(?:(?:(?:${GREETINGS.join('|')})[ ,]+|(?:${ACTIONS.join('|')}) (?:by|to) |(?:${LOGINS.join('|')}) in as |(?:[Mm]y|[Hh]er|[Hh]is|[Tt]heir|[Mm]aiden|[Ff]ull|[Ff]irst|[Ll]ast|[Mm]iddle|[Ll]egal) name is |(?:${LABELS.join('|')})\\s*:\\s*)(?:${TITLE}\\.?\\s+)?|${TITLE}\\.?\\s+)(${PERSON})`;
const CUED = new RegExp(CUE_SRC, 'gu');

/**
 * Hashes (as title-tokens.ts computes them for a capitalised word) of every word a Latin cue
 * starts with. A cue word ends at a blank, comma, colon or full stop, so a match can only start at
 * a token whose whole word is one of these: other tokens skip the regex.
 */
const CUE_FIRST = new Int32Array(512);
const CUE_FIRST_USED = new Uint8Array(512);
function addCueFirst(h: number): void {
  let k = h & 511;
  while (CUE_FIRST_USED[k] === 1 && CUE_FIRST[k] !== h) k = (k + 1) & 511;
  CUE_FIRST[k] = h;
  CUE_FIRST_USED[k] = 1;
}
/** Whether `h` is the hash of a cue's first word: an open-addressing probe, cheaper than a Set. */
function isCueFirst(h: number): boolean {
  for (let k = h & 511; CUE_FIRST_USED[k] === 1; k = (k + 1) & 511) if (CUE_FIRST[k] === h) return true;
  return false;
}
for (const alt of [
  ...GREETINGS,
  ...ACTIONS,
  ...LOGINS,
  ...LABELS,
  ...TITLES,
  'My',
  'Her',
  'His',
  'Their',
  'Maiden',
  'Full',
  'First',
  'Last',
  'Middle',
  'Legal',
]) {
  const w = /^[A-Za-z]+/.exec(alt)?.[0];
  if (w === undefined) continue;
  let h = FNV_BASIS;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ FOLD[w.charCodeAt(i)]!, FNV_PRIME);
  addCueFirst(finishHash(h, w.length));
}
// The same pattern tried at one position: every match starts with a cue word, so the text is
// walked for those words and the regex runs only where one begins.
const CUED_AT = new RegExp(CUE_SRC, 'uy');

/** The cue words that are not capitalised (CJK name labels). */
const CJK_LABEL = /姓名|氏名|名前/;
const CJK_LABEL_G = /姓名|氏名|名前/g;

// Activity lines are found from the verb, then the name is read backwards from it. The same scan
// notes " name is " (a two-character match, " n"), which decides how the cue scan runs.
const ACTIVITY_VERB = new RegExp(` (?:${VERBS_SRC}|n(?=ame is ))`, 'g');
const NAME_BEFORE = new RegExp(`(?:^|[^\\p{L}\\p{N}])(${PERSON})$`, 'u');

// Role words that follow greetings and labels but are not names.
const NOT_NAMES = new Set(
  'customer customers sir madam team all everyone everybody there user users friend friends colleague colleagues member members admin administrator support valued guest guests folks partner partners hiring recruiter me you us them unassigned nobody none someone anyone automation bot system owner reviewer assignee sales marketing engineering finance hr it ops dev developers subscriber visitor student students teacher parent parents ladies gentlemen world again back yourself unknown anonymous n/a na tbd private public shared default manager the a an this that my your our their new mr mrs ms miss mx dr prof sr sra srta mme mlle herr frau msc sir dame'.split(
    ' ',
  ),
);

function emitName(out: Sink, start: number, name: string): void {
  const words = name.split(/\s+/);
  if (NOT_NAMES.has((words[0] ?? '').toLowerCase())) return;
  // Trailing generational/professional suffixes stay part of the span; nothing else to strip.
  out.push({ start, end: start + name.length, type: 'PERSON_NAME' });
}

function letterBefore(s: string, i: number): boolean {
  return i > 0 && /\p{L}/u.test(s[i - 1] ?? '');
}

function cued(s: string, out: Sink, m: RegExpExecArray): void {
  const name = m[1];
  if (name === undefined || letterBefore(s, m.index)) return;
  emitName(out, m.index + m[0].length - name.length, name);
}

export function findNames(s: string, out: Sink): void {
  // Verbs first (their names are emitted last, as before): the scan also says whether " name is "
  // occurs. Verbs never end in a space, so a verb match cannot hide the " n" of " name is ".
  let verbs: number[] | undefined;
  let nameIs = false;
  ACTIVITY_VERB.lastIndex = 0;
  for (let m = ACTIVITY_VERB.exec(s); m !== null; m = ACTIVITY_VERB.exec(s)) {
    if (m[0].length === 2) nameIs = true;
    else {
      verbs ??= [];
      verbs.push(m.index);
    }
  }
  if (nameIs) {
    CUED.lastIndex = 0;
    for (let m = CUED.exec(s); m !== null; m = CUED.exec(s)) cued(s, out, m);
  } else {
    // Same matches as the global scan: a match can only start where a cue word does, and every
    // cue word but the CJK labels starts with a capital after a non-letter, which is where a
    // title token starts (the tokens are shared with the gazetteer detectors that run next).
    // A match that started inside a word would be dropped by cued() anyway.
    const t = titleTokens(s, sharedTokens);
    const hash = shapes.hash;
    let from = 0;
    for (let x = 0; x < t.length; x += 4) {
      const at = t[x]!;
      if (at < from || (s.charCodeAt(at) | 32) === s.charCodeAt(at)) continue;
      // Latin cue words start with an ASCII capital; other tokens (CJK labels) try the regex.
      const c0 = s.charCodeAt(at);
      if (c0 >= 65 && c0 <= 90 && (t[x + 2] === INITIAL || !isCueFirst(hash[x >> 2]!))) continue;
      CUED_AT.lastIndex = at;
      const m = CUED_AT.exec(s);
      if (m === null) continue;
      cued(s, out, m);
      from = at + m[0].length;
    }
    if (CJK_LABEL.test(s)) {
      CJK_LABEL_G.lastIndex = 0;
      for (let lead = CJK_LABEL_G.exec(s); lead !== null; lead = CJK_LABEL_G.exec(s)) {
        CUED_AT.lastIndex = lead.index;
        const m = CUED_AT.exec(s);
        if (m === null) continue;
        cued(s, out, m);
        CJK_LABEL_G.lastIndex = lead.index + m[0].length;
      }
    }
  }
  if (verbs === undefined) return;
  for (const at of verbs) {
    const hit = NAME_BEFORE.exec(s.slice(Math.max(0, at - 80), at));
    const name = hit?.[1];
    if (name !== undefined) emitName(out, at - name.length, name);
  }
}
