/**
 * A value typed one key at a time passes through partial states no detector recognises
 * ("jane@exa"). The values of one field are held until the field commits (blur, focus moving,
 * Enter, input elsewhere, idle timeout, flush) and then redacted together, so spans found in any
 * of them are masked in all. Batches holding an open group are not written, hence not acked.
 *
 * An editing host (`contenteditable`) is one field: the text nodes its editor changes or inserts
 * are pieces of one text, so the group keeps the host's whole text (from the field index's tree)
 * as its values, and holds every piece. At commit the whole texts are redacted together; each
 * piece then gets the placeholders of the spans it holds part of (echo-guard `maskRuns`), and the
 * usual text redaction for the rest. Only snapshots that matter are kept: the latest, and the one
 * before each deletion (an entity typed and then deleted exists whole only there).
 *
 * While a group is open, its values feed the session's echo guard (strings elsewhere that repeat
 * what is being typed are held with the group), and at commit the group tells the guard which
 * spans it masked.
 */
import { SECRET_MASK } from '../../shared/events';
import type { Redactor } from '../redact/index';
import { type EchoEntity, type EchoGuard, entitiesOf, maskRuns } from './echo-guard';
import type { FieldIndex } from './field-index';
import type { Slot } from './walker';

interface Group {
  /** The host's id when the group is an editing host, else null (a form field). */
  host: number | null;
  /** Field: its successive values. Host: the pieces (text-node strings) it holds. */
  slots: Slot[];
  /** Host only: snapshots of its whole text. */
  texts: string[];
  /** Host only: text changed since the last snapshot. */
  dirty: boolean;
  seqs: Set<number>;
  lastAt: number;
}

export class TypingGroups {
  private readonly open = new Map<number, Group>();
  /** seq -> number of open groups (and echoes) holding a string of that batch */
  private readonly holds = new Map<number, number>();

  /**
   * @param echo the session's echo guard (shared by every stream of the session), if any
   * @param streamId names this stream's groups in the guard
   */
  constructor(
    private readonly fields: FieldIndex,
    private readonly redactor: () => Redactor,
    private readonly echo: EchoGuard | null = null,
    private readonly streamId = '',
  ) {}

  /**
   * A field value (input event, textarea text) or a piece of an editing host's text (a text node
   * inside a host, by id): held until its group commits.
   */
  add(nodeId: number, slot: Slot, seq: number, now: number): void {
    const host = this.fields.hostOf(nodeId);
    const id = host ?? nodeId;
    let group = this.open.get(id);
    if (!group) {
      group = { host: host ?? null, slots: [], texts: [], dirty: false, seqs: new Set(), lastAt: now };
      this.open.set(id, group);
    }
    group.slots.push(slot);
    group.lastAt = now;
    this.holdFor(group, seq);
    if (group.host !== null) group.dirty = true;
    else {
      const value = slot.holder[slot.key];
      if (typeof value === 'string' && value !== SECRET_MASK) this.echo?.typed(this.key(id), value);
    }
  }

  /**
   * Takes a snapshot of every host whose text changed. Called after each event, so the echo guard
   * knows what was typed before the next event's strings are checked.
   */
  settle(): void {
    for (const [id, group] of this.open) if (group.dirty) this.snapshot(id, group);
  }

  /**
   * Closes every open group but `keep`'s (input, focus or a click moved elsewhere), and those
   * `spare` says to keep (fields the page is filling while the user types elsewhere).
   */
  closeOthers(keep: number, spare?: (id: number) => boolean): void {
    const k = this.fields.hostOf(keep) ?? keep;
    for (const id of [...this.open.keys()]) if (id !== k && !spare?.(id)) this.close(id);
  }

  /** Whether `nodeId` (or its editing host) has a group open. */
  isOpen(nodeId: number): boolean {
    return this.open.has(nodeId) || this.open.has(this.fields.hostOf(nodeId) ?? nodeId);
  }

  /** Enter on `target`: commits a form field or a single-line host; a new line elsewhere. */
  enter(target: number): void {
    const host = this.fields.hostOf(target);
    if (host === undefined) this.close(target);
    else if (this.fields.isSingleLine(host)) this.close(host);
  }

  close(nodeId: number): void {
    const id = this.open.has(nodeId) ? nodeId : (this.fields.hostOf(nodeId) ?? nodeId);
    const group = this.open.get(id);
    if (!group) return;
    this.open.delete(id);
    const entities = group.host === null ? this.commitField(id, group) : this.commitHost(id, group);
    for (const seq of group.seqs) this.release(seq);
    this.echo?.commit(this.key(id), entities);
  }

  closeIdle(now: number, idleMs: number): void {
    for (const [id, group] of [...this.open]) if (now - group.lastAt >= idleMs) this.close(id);
  }

  closeAll(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }

  /** Holds a batch for a string outside any group (an echo waiting in the guard). */
  hold(seq: number): void {
    this.holds.set(seq, (this.holds.get(seq) ?? 0) + 1);
  }

  release(seq: number): void {
    const n = (this.holds.get(seq) ?? 1) - 1;
    if (n <= 0) this.holds.delete(seq);
    else this.holds.set(seq, n);
  }

  isHeld(seq: number): boolean {
    return this.holds.has(seq);
  }

  get size(): number {
    return this.open.size;
  }

  private key(id: number): string {
    return `${this.streamId}\u0000${id}`;
  }

  private holdFor(group: Group, seq: number): void {
    if (group.seqs.has(seq)) return;
    group.seqs.add(seq);
    this.hold(seq);
  }

  private snapshot(id: number, group: Group): void {
    group.dirty = false;
    const text = this.fields.hostText(id);
    const last = group.texts.at(-1);
    if (text === last) return;
    // Keep the text before a deletion; a text that only grew replaces the one before it.
    if (last !== undefined && text.length >= last.length) group.texts[group.texts.length - 1] = text;
    else group.texts.push(text);
    this.echo?.typed(this.key(id), text);
  }

  private commitField(id: number, group: Group): EchoEntity[] {
    // Values masked in the page (the secret sentinel) stay as they are; the rest are redacted together.
    const slots = group.slots.filter((s) => s.holder[s.key] !== SECRET_MASK);
    const values = slots.map((s) => String(s.holder[s.key] ?? ''));
    const redacted = this.redactor().group(values, this.fields.context(id));
    slots.forEach((s, i) => {
      s.holder[s.key] = redacted[i] ?? '';
    });
    return entitiesOf(values, redacted);
  }

  private commitHost(id: number, group: Group): EchoEntity[] {
    if (group.dirty) this.snapshot(id, group);
    const r = this.redactor();
    const texts = group.texts.filter((t) => t.trim() !== '');
    const entities = entitiesOf(texts, r.group(texts, this.fields.context(id)));
    for (const s of group.slots) {
      const piece = s.holder[s.key];
      if (typeof piece !== 'string' || piece === SECRET_MASK) continue;
      s.holder[s.key] = r.text(maskRuns(piece, entities));
    }
    return entities;
  }
}
