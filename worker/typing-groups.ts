/**
 * A value typed one key at a time passes through partial states no detector recognises
 * ("jane@exa"). The values of one field are held until the field commits (blur, focus moving,
 * Enter, input elsewhere, idle timeout, flush) and then redacted together, so spans found in any
 * of them are masked in all. Batches holding an open group are not written, hence not acked.
 */
import { SECRET_MASK } from '../shared/events';
import type { FieldIndex } from './field-index';
import type { Redactor } from './redact/index';
import type { Slot } from './walker';

interface Group {
  slots: Slot[];
  seqs: Set<number>;
  lastAt: number;
}

export class TypingGroups {
  private readonly open = new Map<number, Group>();
  /** seq -> number of open groups holding a value of that batch */
  private readonly holds = new Map<number, number>();

  constructor(
    private readonly fields: FieldIndex,
    private readonly redactor: () => Redactor,
  ) {}

  add(nodeId: number, slot: Slot, seq: number, now: number): void {
    let group = this.open.get(nodeId);
    if (!group) {
      group = { slots: [], seqs: new Set(), lastAt: now };
      this.open.set(nodeId, group);
    }
    group.slots.push(slot);
    group.lastAt = now;
    if (!group.seqs.has(seq)) {
      group.seqs.add(seq);
      this.holds.set(seq, (this.holds.get(seq) ?? 0) + 1);
    }
  }

  /** Closes every open group but `keep` (input moved to another field). */
  closeOthers(keep: number): void {
    for (const id of [...this.open.keys()]) if (id !== keep) this.close(id);
  }

  close(nodeId: number): void {
    const group = this.open.get(nodeId);
    if (!group) return;
    this.open.delete(nodeId);
    // Values masked in the page (the secret sentinel) stay as they are; the rest are redacted together.
    const slots = group.slots.filter((s) => s.holder[s.key] !== SECRET_MASK);
    const values = slots.map((s) => String(s.holder[s.key] ?? ''));
    const redacted = this.redactor().group(values, this.fields.context(nodeId));
    slots.forEach((s, i) => {
      s.holder[s.key] = redacted[i] ?? '';
    });
    for (const seq of group.seqs) {
      const n = (this.holds.get(seq) ?? 1) - 1;
      if (n <= 0) this.holds.delete(seq);
      else this.holds.set(seq, n);
    }
  }

  closeIdle(now: number, idleMs: number): void {
    for (const [id, group] of [...this.open]) if (now - group.lastAt >= idleMs) this.close(id);
  }

  closeAll(): void {
    for (const id of [...this.open.keys()]) this.close(id);
  }

  isHeld(seq: number): boolean {
    return this.holds.has(seq);
  }

  get size(): number {
    return this.open.size;
  }
}
