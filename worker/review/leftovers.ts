/**
 * "Possible personal data left" for the review page: in a session's stored (already redacted)
 * texts, the candidates the detectors were not sure enough about: name-like word runs the name
 * detectors rejected (unlisted words, no cue), single listed given names, address-like lines and
 * long digit runs that could be ids or phone numbers. Computed in the review worker from the
 * texts it already has, never stored; ranked by kind, then by how often each occurs, each with the
 * places (`at`: the caller's index, e.g. a step or event) where it occurs. Redacting one goes
 * through the existing "Redact more" path (rewrite.ts) with the term.
 */
import { evidence, GIVEN } from '../redact/detectors/name-lists';
import { titleTokens, WORD } from '../redact/detectors/title-tokens';
import { PLACEHOLDER_RE } from '../redact/pseudonym';

export type LeftoverKind = 'name' | 'address' | 'number';

export interface Leftover {
  term: string;
  kind: LeftoverKind;
  count: number;
  /** Caller indices where the term occurs, ascending, without repeats. */
  at: number[];
}

const KIND_RANK: Record<LeftoverKind, number> = { name: 0, address: 1, number: 2 };
/** House number then a capitalised word, to the end of the line or sentence. */
const ADDRESS = /(?<![\p{L}\p{N}])\d{1,6}[A-Za-z]? (?:\p{Lu}[\p{L}'’.-]*\s?){1,4}(?=$|[,\n.])/gmu;
/** 7 to 15 digits, perhaps grouped by blanks, dots or dashes: ids and phone numbers. */
const NUMBER = /(?<![\p{L}\p{N}])\+?\d(?:[ .-]?\d){6,14}(?![\p{L}\p{N}])/gu;

const tokens: number[] = [];

function nameCandidates(s: string, found: string[]): void {
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
    if (words.length >= 2 && grades.every((g) => g >= 0)) found.push(words.join(' '));
    else if (words.length === 1 && grades[0] === 2 && GIVEN.has(words[0]!)) found.push(words[0]!);
    x = y - 1;
  }
}

/** Candidates in `texts` (each with the caller's index), most likely personal data first. */
export function leftovers(texts: readonly { text: string; at: number }[], limit = 50): Leftover[] {
  const byTerm = new Map<string, Leftover>();
  const add = (term: string, kind: LeftoverKind, at: number) => {
    const key = `${kind}\u0000${term}`;
    let item = byTerm.get(key);
    if (!item) {
      item = { term, kind, count: 0, at: [] };
      byTerm.set(key, item);
    }
    item.count++;
    if (item.at.at(-1) !== at) item.at.push(at);
  };
  const found: string[] = [];
  for (const { text, at } of texts) {
    // Placeholders are what was redacted; they are not candidates and must not glue words.
    const s = text.indexOf('[') === -1 ? text : text.replace(PLACEHOLDER_RE, (m) => ' '.repeat(m.length));
    found.length = 0;
    nameCandidates(s, found);
    for (const term of found) add(term, 'name', at);
    for (const m of s.matchAll(ADDRESS)) add(m[0].trim(), 'address', at);
    for (const m of s.matchAll(NUMBER)) add(m[0], 'number', at);
  }
  const items = [...byTerm.values()];
  for (const it of items) it.at.sort((a, b) => a - b);
  items.sort(
    (a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind] || b.count - a.count || (a.term < b.term ? -1 : 1),
  );
  return items.slice(0, limit);
}
