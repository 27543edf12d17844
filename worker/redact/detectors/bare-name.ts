/**
 * Names without a cue word: runs of two to four Title-case tokens that the census gazetteer
 * (name-lists.ts) knows as given names or surnames. A product title ("Elegant Granite Chicken"),
 * a song ("Hungry Heart") or a UI phrase ("Grant Access") fails because one of its tokens is not
 * a listed name, or because every listed token is also an ordinary word. Particles ("van der",
 * "Di") and middle initials ("Faina D. Yefremova") may sit inside a run.
 */
import type { Sink } from '../types';
import {
  FREQUENT_FAMILY as FREQUENT_FAMILY_,
  GIVEN as GIVEN_,
  surnameShaped as surnameShaped_,
  tokenEvidence as tokenEvidence_,
} from './name-lists';
import {
  INITIAL as INITIAL_,
  LOWER as LOWER_,
  sharedTokens as sharedTokens_,
  titleTokens as titleTokens_,
  WORD as WORD_,
} from './title-tokens';

// Local bindings: module imports compiled to CommonJS (tsx, tests, bench) read through getters
// on every use, which the per-token loops would pay for.
const tokenEvidence = tokenEvidence_;
const surnameShaped = surnameShaped_;
const FREQUENT_FAMILY = FREQUENT_FAMILY_;
const GIVEN = GIVEN_;
const INITIAL = INITIAL_;
const LOWER = LOWER_;
const sharedTokens = sharedTokens_;
const titleTokens = titleTokens_;
const WORD = WORD_;

const PARTICLES = new Set([
  'de',
  'da',
  'di',
  'do',
  'dos',
  'das',
  'du',
  'del',
  'della',
  'der',
  'den',
  'van',
  'von',
  'le',
  'la',
  'bin',
  'ibn',
  'al',
  'el',
  'ter',
  'ten',
  'y',
]);

/** First letters of the particles, lowercased: most short words need no slice to be ruled out. */
const PARTICLE_INITIAL = new Set([...PARTICLES].map((p) => p.charCodeAt(0)));

// Token roles inside a run.
const NAME = 1;
const UNKNOWN = 2;
const INIT = 3;
const PARTICLE = 4;

const DIACRITIC = /[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]/u;

const roles: number[] = [];
const evs: number[] = [];

/** Pushes PERSON_NAME spans for runs of listed names in `s`. */
export function findBareNames(s: string, out: Sink): void {
  const t = titleTokens(s, sharedTokens);
  const count = t.length / 4;
  let a = 0;
  while (a < count) {
    if (t[a * 4 + 2] === LOWER) {
      a++;
      continue;
    }
    // A run: tokens joined by single blanks; lowercase words only as particles inside it.
    let b = a + 1;
    // A possessive ends the name: "Faina D. Yefremova's Cautionary Tales".
    while (b < count && t[b * 4 + 3] === 1 && !possessive(s, t[(b - 1) * 4 + 1]!)) {
      const kind = t[b * 4 + 2];
      // A lowercase word continues a run as a particle, or as the surname right after one
      // ("Mireille Le roux", "Yassir van den Pol").
      if (kind === LOWER && !isParticle(s, t[b * 4]!, t[b * 4 + 1]!) && !afterParticle(s, t, b)) break;
      b++;
    }
    if (b - a >= 2) judge(s, t, a, b, out);
    a = b;
  }
}

function possessive(s: string, end: number): boolean {
  const q = s.charCodeAt(end - 2);
  return s.charCodeAt(end - 1) === 115 && (q === 39 || q === 0x2019);
}

/** PARTICLES.has(s.slice(a, b)): particles are one to five lowercase letters, most words are not sliced. */
function isParticle(s: string, a: number, b: number): boolean {
  return b - a <= 5 && PARTICLE_INITIAL.has(s.charCodeAt(a)) && PARTICLES.has(s.slice(a, b));
}

function afterParticle(s: string, t: number[], x: number): boolean {
  if (x === 0) return false;
  const a = t[(x - 1) * 4]!;
  const b = t[(x - 1) * 4 + 1]!;
  // Lowercasing never shortens a word, and no other letter lowercases to a particle's first.
  return (
    b - a <= 5 && PARTICLE_INITIAL.has(s.charCodeAt(a) | 32) && PARTICLES.has(s.slice(a, b).toLowerCase())
  );
}

function judge(s: string, t: number[], a0: number, b0: number, out: Sink): void {
  if (roles.length !== 0) roles.length = 0;
  if (evs.length !== 0) evs.length = 0;
  for (let x = a0; x < b0; x++) {
    const kind = t[x * 4 + 2];
    const ta = t[x * 4]!;
    const tb = t[x * 4 + 1]!;
    if (kind === INITIAL) {
      roles.push(INIT);
      evs.push(0);
    } else if (
      tb - ta <= 5 &&
      x > a0 &&
      PARTICLE_INITIAL.has(s.charCodeAt(ta) | 32) &&
      PARTICLES.has(s.slice(ta, tb).toLowerCase())
    ) {
      roles.push(PARTICLE);
      evs.push(0);
    } else if (kind === LOWER) {
      // Only a surname after a particle gets here (see findBareNames).
      roles.push(UNKNOWN);
      evs.push(0);
      roles.push(PARTICLE);
      evs.push(0);
    } else {
      const e = kind === WORD ? tokenEvidence(s, t, x) : -1;
      // -1: an ordinary word that no list holds; it breaks the run like a lowercase word.
      roles.push(e > 0 ? NAME : e === 0 ? UNKNOWN : PARTICLE);
      evs.push(e);
    }
  }
  // Ordinary words split the run into pieces judged on their own.
  let p = 0;
  const n = roles.length;
  while (p < n) {
    if (evs[p] === -1) {
      p++;
      continue;
    }
    let q = p;
    while (q < n && evs[q] !== -1) q++;
    judgePiece(s, t, a0, p, q, out);
    p = q;
  }
}

/** A role that is a word of the name itself (not an initial or particle). */
function part(r: number | undefined): boolean {
  return r === NAME || r === UNKNOWN;
}

function token(s: string, t: number[], x: number): string {
  return s.slice(t[x * 4]!, t[x * 4 + 1]!);
}

function judgePiece(s: string, t: number[], a0: number, p: number, q: number, out: Sink): void {
  let a = p;
  let b = q;
  // Pieces start and end on a name, never on an initial or particle.
  while (a < b && !part(roles[a])) a++;
  while (b > a && !part(roles[b - 1])) b--;
  // An ordinary word that the surname list also holds is the sentence, not the name, unless it
  // can stand where it is ("Dear Ana" loses "Dear"; "Rose Byrne" keeps "Rose", a given name;
  // "Emily Green" keeps "Green", a frequent surname, while "Bill Payment" loses "Payment").
  while (a < b && evs[a] === 1 && !GIVEN.has(token(s, t, a0 + a))) a++;
  while (b > a && evs[b - 1] === 1 && !FREQUENT_FAMILY.has(token(s, t, a0 + b - 1))) b--;
  while (a < b && !part(roles[a])) a++;
  while (b > a && !part(roles[b - 1])) b--;
  let listed = 0;
  let strong = 0;
  let initials = 0;
  let parts = 0;
  for (let x = a; x < b; x++) {
    if (roles[x] === NAME) {
      listed++;
      if (evs[x] === 2) strong++;
    } else if (roles[x] === INIT) initials++;
    if (part(roles[x])) parts++;
  }
  if (listed >= 2) {
    // Unlisted words at the edges of a run of listed names are the sentence around it ("Meet").
    while (a < b && roles[a] !== NAME) a++;
    while (b > a && roles[b - 1] !== NAME) b--;
  }
  const span = b - a;
  const take =
    initials <= 1 &&
    span <= 5 &&
    strong >= 1 &&
    parts >= 2 &&
    // Two listed names, or one listed name and one unlisted word ("Gregory Kudryashov").
    (listed >= 2 || parts === 2);
  // A middle initial between two Title-case words is a name shape of its own ("Faina D. Yefremova").
  const initialShape = span === 3 && roles[a + 1] === INIT && part(roles[a]) && part(roles[a + 2]);
  // Two name-like words, at least one unlisted, with a Latin diacritic ("Miklós Hajdu", "Jan
  // Jílek") or an unlisted word shaped like a surname ("Hedvig Arvidsson", "Satsita Umkhayev"):
  // names the census lists lack; English UI and product words rarely carry either.
  const foreignPair =
    span === 2 &&
    part(roles[a]) &&
    part(roles[a + 1]) &&
    (roles[a] === UNKNOWN || roles[a + 1] === UNKNOWN) &&
    (DIACRITIC.test(s.slice(t[(a0 + a) * 4]!, t[(a0 + a + 1) * 4 + 1]!)) ||
      (roles[a + 1] === UNKNOWN && surnameShaped(s, t[(a0 + a + 1) * 4]!, t[(a0 + a + 1) * 4 + 1]!)) ||
      (roles[a] === UNKNOWN && surnameShaped(s, t[(a0 + a) * 4]!, t[(a0 + a) * 4 + 1]!)));
  if (take || initialShape || foreignPair) {
    out.push({ start: t[(a0 + a) * 4]!, end: t[(a0 + b - 1) * 4 + 1]!, type: 'PERSON_NAME' });
  }
}
