/**
 * Echoes of typing. Pages copy what the user types into other nodes on every key (a label edited
 * in place, a live preview, a "To:" chip, a search header, the title, the URL), so the prefixes
 * the typing group hides in the field ("jane.doe@exa") reappear as plain text elsewhere, where no
 * detector recognises them.
 *
 * The rule (docs/decisions.md, "Echoes of typing"): while a typing group is open, any string
 * captured in the session that shares a run of GRAM (4) characters with a value typed so far in
 * that group is held with the group. When the group commits, every run of at least GRAM
 * characters of a held string that also occurs in a span the redactor masked in any of the
 * group's values is replaced with that span's placeholder; then the string gets its usual
 * redaction. Matching ignores ASCII case (headers and chips often change it).
 *
 * Cost: with no open group, `match` is one counter check. With open groups it hashes each 4-char
 * window of the string once (rolling hash over char codes, no allocation) and only on a hash hit
 * builds the window to confirm it: linear in the string, whatever the number of open groups.
 */
import { PLACEHOLDER_RE } from '../redact/pseudonym';

export const GRAM = 4;
/** Stands for characters of existing placeholders while matching (a noncharacter: never typed). */
const BLOCK = '\uffff';

/** A span of typed text the redactor masked, and the placeholder it got. */
export interface EchoEntity {
  raw: string;
  placeholder: string;
}

/** Hash buckets of the gram filter (a power of two; 256 KB of counters per guard). */
const BUCKETS = 1 << 16;
const NONE: ReadonlySet<never> = new Set();

const lowerCode = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

function foldAscii(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Hash of the GRAM chars of `s` at `i` (ASCII case folded); a 31-bit integer. */
function gramHash(s: string, i: number): number {
  let h = 0;
  for (let k = 0; k < GRAM; k++) h = (Math.imul(h, 31) + lowerCode(s.charCodeAt(i + k))) | 0;
  return h & 0x7fffffff;
}

/** Which open groups' typed values share a GRAM-char run with a string. */
export class GramIndex<K> {
  /** (group, gram) entries per hash bucket: a zero bucket rejects a window without a map lookup. */
  private readonly buckets = new Uint32Array(BUCKETS);
  private entries = 0;
  private readonly groupsOf = new Map<string, Set<K>>(); // folded gram -> groups
  private readonly gramsOf = new Map<K, Set<string>>();

  get size(): number {
    return this.gramsOf.size;
  }

  /** Adds every GRAM-char window of `value` to group `key` (values typed so far accumulate). */
  add(key: K, value: string): void {
    if (value.length < GRAM) {
      if (!this.gramsOf.has(key)) this.gramsOf.set(key, new Set());
      return;
    }
    let grams = this.gramsOf.get(key);
    if (!grams) {
      grams = new Set();
      this.gramsOf.set(key, grams);
    }
    const folded = foldAscii(value);
    for (let i = 0; i + GRAM <= folded.length; i++) {
      const g = folded.slice(i, i + GRAM);
      if (grams.has(g)) continue;
      grams.add(g);
      let groups = this.groupsOf.get(g);
      if (!groups) {
        groups = new Set();
        this.groupsOf.set(g, groups);
      }
      groups.add(key);
      const b = gramHash(g, 0) & (BUCKETS - 1);
      this.buckets[b] = (this.buckets[b] ?? 0) + 1;
      this.entries++;
    }
  }

  delete(key: K): void {
    const grams = this.gramsOf.get(key);
    if (!grams) return;
    this.gramsOf.delete(key);
    for (const g of grams) {
      const groups = this.groupsOf.get(g);
      groups?.delete(key);
      if (groups?.size === 0) this.groupsOf.delete(g);
      const b = gramHash(g, 0) & (BUCKETS - 1);
      this.buckets[b] = Math.max(0, (this.buckets[b] ?? 0) - 1);
      this.entries--;
    }
  }

  /** The groups `s` shares a GRAM-char run with (empty when none). */
  match(s: string): ReadonlySet<K> {
    if (this.entries === 0 || s.length < GRAM) return NONE;
    let out: Set<K> | null = null;
    let h = 0;
    let pow = 1; // 31^(GRAM-1), for the rolling hash
    for (let k = 0; k < GRAM - 1; k++) pow = Math.imul(pow, 31);
    const buckets = this.buckets;
    for (let i = 0; i < s.length; i++) {
      if (i >= GRAM) h = (h - Math.imul(lowerCode(s.charCodeAt(i - GRAM)), pow)) | 0;
      h = (Math.imul(h, 31) + lowerCode(s.charCodeAt(i))) | 0;
      if (i < GRAM - 1 || buckets[h & 0x7fffffff & (BUCKETS - 1)] === 0) continue;
      const groups = this.groupsOf.get(foldAscii(s.slice(i - GRAM + 1, i + 1)));
      if (!groups) continue;
      out ??= new Set();
      for (const g of groups) out.add(g);
    }
    return out ?? NONE;
  }
}

/**
 * The masked spans of a group: each value aligned with its redacted form. A redacted value is the
 * value with some spans replaced by placeholders, so the text between placeholders is found in
 * the value in order and what lies between is what a placeholder stands for.
 */
export function entitiesOf(values: readonly string[], redacted: readonly string[]): EchoEntity[] {
  const seen = new Set<string>();
  const out: EchoEntity[] = [];
  values.forEach((value, i) => {
    const r = redacted[i];
    if (typeof value !== 'string' || typeof r !== 'string' || r === value) return;
    for (const e of align(value, r)) {
      const k = `${e.placeholder}\u0000${e.raw}`;
      if (e.raw.trim().length === 0 || seen.has(k)) continue;
      seen.add(k);
      out.push(e);
    }
  });
  return out;
}

function align(value: string, redacted: string): EchoEntity[] {
  const out: EchoEntity[] = [];
  const phs = [...redacted.matchAll(PLACEHOLDER_RE)];
  const first = redacted.slice(0, phs[0]?.index ?? redacted.length);
  if (!value.startsWith(first)) return out; // not a masking of this value: nothing to learn
  let vi = first.length; // where the pending masked text starts in value
  let pending: string | null = null; // placeholder of the pending masked text
  for (const [n, m] of phs.entries()) {
    pending ??= m[0]; // touching placeholders: their text is attributed to the first
    const next = phs[n + 1];
    const lit = redacted.slice(m.index + m[0].length, next ? next.index : redacted.length);
    if (next && lit === '') continue;
    // The masked text ends where the next literal resumes; after the last mask it ends the value.
    const end = next ? value.indexOf(lit, vi + 1) : value.length - lit.length;
    if (end <= vi || (!next && !value.endsWith(lit))) return out;
    out.push({ raw: value.slice(vi, end), placeholder: pending });
    pending = null;
    vi = end + lit.length;
  }
  return out;
}

interface Mask {
  start: number;
  end: number;
  placeholder: string;
}

/**
 * Replaces every run of at least `minRun` characters of a string that also occurs in an entity
 * with the entity's placeholder (ASCII case ignored). Runs of one entity separated by at most
 * GRAM - 1 non-space characters (a typo, a reformatting) become one mask. Placeholders already in
 * the string are left alone. Built once per commit, applied to every string the group held.
 */
export class RunMasker {
  private readonly compiled: { raw: string; placeholder: string; starts: Map<string, number[]> }[] = [];

  constructor(
    entities: readonly EchoEntity[],
    private readonly minRun = GRAM,
  ) {
    for (const e of entities) {
      const raw = foldAscii(e.raw);
      if (raw.length < minRun) continue;
      // Where each minRun-gram starts in the entity.
      const starts = new Map<string, number[]>();
      for (let p = 0; p + minRun <= raw.length; p++) {
        const g = raw.slice(p, p + minRun);
        const list = starts.get(g);
        if (list) list.push(p);
        else starts.set(g, [p]);
      }
      this.compiled.push({ raw, placeholder: e.placeholder, starts });
    }
  }

  get empty(): boolean {
    return this.compiled.length === 0;
  }

  mask(s: string): string {
    const minRun = this.minRun;
    if (this.compiled.length === 0 || s.length < minRun) return s;
    // Placeholders already in the string never match (their characters become BLOCK here).
    const folded = foldAscii(s.replace(PLACEHOLDER_RE, (m) => BLOCK.repeat(m.length)));
    const masks: Mask[] = [];
    for (const { raw, placeholder, starts } of this.compiled) {
      let coveredTo = 0;
      for (let i = 0; i + minRun <= folded.length; i++) {
        const positions = starts.get(folded.slice(i, i + minRun));
        if (!positions) continue;
        let best = 0;
        for (const p of positions) {
          let l = minRun;
          while (i + l < folded.length && p + l < raw.length && folded[i + l] === raw[p + l]) l++;
          if (l > best) best = l;
        }
        if (i + best <= coveredTo) continue;
        masks.push({ start: i, end: i + best, placeholder });
        coveredTo = i + best;
      }
    }
    if (masks.length === 0) return s;
    masks.sort((a, b) => a.start - b.start || b.end - a.end);
    const merged: Mask[] = [];
    for (const m of masks) {
      const last = merged.at(-1);
      const gap = last ? folded.slice(last.end, m.start) : '';
      const bridge =
        last?.placeholder === m.placeholder && gap.length < GRAM && !/\s/.test(gap) && !gap.includes(BLOCK);
      if (last && (m.start <= last.end || bridge)) last.end = Math.max(last.end, m.end);
      else merged.push({ ...m });
    }
    let out = '';
    let at = 0;
    for (const m of merged) {
      out += s.slice(at, m.start) + m.placeholder;
      at = m.end;
    }
    return out + s.slice(at);
  }
}

/** One-off `RunMasker` use. */
export function maskRuns(s: string, entities: readonly EchoEntity[], minRun = GRAM): string {
  return new RunMasker(entities, minRun).mask(s);
}

/** A string the guard holds: where it lives, and what to do once no group holds it any more. */
export interface HeldString {
  holder: Record<string, unknown>;
  key: string;
  /** The string's usual redaction (text, URL, attribute value...), applied once it is released. */
  finish(s: string): string;
  /** Called once, after `finish`: the batch the string belongs to may be written. */
  released(): void;
}

interface Held {
  slot: HeldString;
  waiting: number;
}

/**
 * The session's guard: one per session, shared by all its streams (every frame's recorder and the
 * service worker's streams), since a page's title or URL echoes a field typed in a frame.
 * Group keys are opaque strings (stream id + node id).
 */
export class EchoGuard {
  private readonly index = new GramIndex<string>();
  private readonly held = new Map<string, Held[]>();

  /** Open groups. */
  get size(): number {
    return this.index.size;
  }

  /** A value typed so far in group `key` (a field value, or an editing host's whole text). */
  typed(key: string, value: string): void {
    this.index.add(key, value);
  }

  /**
   * Holds `slot` if its string repeats a run of GRAM characters of a value being typed; then it is
   * released (masked and finished) when every group it repeats has committed. False: not held,
   * the caller redacts it now.
   */
  hold(slot: HeldString): boolean {
    if (this.index.size === 0) return false;
    const s = slot.holder[slot.key];
    if (typeof s !== 'string') return false;
    const groups = this.index.match(s);
    if (groups.size === 0) return false;
    const entry: Held = { slot, waiting: groups.size };
    for (const g of groups) {
      const list = this.held.get(g);
      if (list) list.push(entry);
      else this.held.set(g, [entry]);
    }
    return true;
  }

  /** Group `key` committed; `entities` are the spans its redaction masked. */
  commit(key: string, entities: readonly EchoEntity[]): void {
    this.index.delete(key);
    const list = this.held.get(key);
    this.held.delete(key);
    if (!list) return;
    const masker = new RunMasker(entities);
    for (const entry of list) {
      const { slot } = entry;
      const s = slot.holder[slot.key];
      if (typeof s === 'string' && !masker.empty) slot.holder[slot.key] = masker.mask(s);
      if (--entry.waiting > 0) continue;
      slot.holder[slot.key] = slot.finish(String(slot.holder[slot.key] ?? ''));
      slot.released();
    }
  }
}
