import type { eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { customEvent } from '../../shared/events';
import { CANARY, canaryRedactor } from '../testing/canary-redactor';
import { FieldIndex } from './field-index';
import { redactEvent, type Slot } from './walker';
import { everyEvent } from './walker-fixtures';

const C = CANARY;
const t = 1700000000000;

describe('redactEvent', () => {
  it('routes every string value of every event type through the redactor', () => {
    const r = canaryRedactor();
    const fields = new FieldIndex();
    const events = everyEvent();
    for (const e of events) redactEvent(e, { redactor: r, fields, defer: () => false });
    const out = JSON.stringify(events);
    expect(out).not.toContain(C);
    expect(r.calls.url).toBeGreaterThan(0);
    expect(r.calls.field).toBeGreaterThan(0);
  });

  it('hands input values to defer with their field context known', () => {
    const r = canaryRedactor();
    const fields = new FieldIndex();
    const deferred: [number, Slot][] = [];
    const [, , , snapshot, , , , , , input] = everyEvent();
    redactEvent(snapshot!, { redactor: r, fields, defer: () => false });
    redactEvent(input!, {
      redactor: r,
      fields,
      defer: (id, slot) => {
        deferred.push([id, slot]);
        return true;
      },
    });
    expect(deferred).toHaveLength(1);
    expect(deferred[0]![0]).toBe(8);
    expect(fields.context(8)).toMatchObject({ tag: 'input', type: 'text', name: 'email' });
    expect(JSON.stringify(input)).toContain(C); // left for the group to redact
  });

  it('keeps printable keystrokes free of characters by construction', () => {
    const r = canaryRedactor();
    const e = customEvent(
      'rec/keystroke',
      {
        kind: 'shortcut',
        key: 'é-ç',
        targetId: 1,
        modifiers: { ctrl: true, alt: false, shift: false, meta: false },
        repeat: false,
      },
      t,
    );
    redactEvent(e as unknown as eventWithTime, { redactor: r, fields: new FieldIndex(), defer: () => false });
    expect(e.data.payload).toMatchObject({ key: '?' });
  });

  it('leaves a string the echo guard holds raw until its finish runs, which redacts it', () => {
    const r = canaryRedactor();
    const fields = new FieldIndex();
    const held: [Slot, (s: string) => string][] = [];
    const events = everyEvent();
    for (const e of events)
      redactEvent(e, {
        redactor: r,
        fields,
        defer: () => false,
        hold: (slot, finish) => {
          held.push([slot, finish]);
          return true;
        },
      });
    expect(held.length).toBeGreaterThan(10);
    expect(JSON.stringify(events)).toContain(C);
    for (const [slot, finish] of held) slot.holder[slot.key] = finish(String(slot.holder[slot.key]));
    expect(JSON.stringify(events)).not.toContain(C);
  });
});
