/**
 * Editing hosts are fields: the field index knows which host a node is in (child-list insertions
 * at any depth, shadow roots, same-origin frames, contenteditable set later), and a typing group
 * per host holds its pieces until commit, then masks them consistently with the host's whole text.
 */
import type { serializedNodeWithId } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../redact/index';
import { EchoGuard, type HeldString } from './echo-guard';
import { FieldIndex } from './field-index';
import { TypingGroups } from './typing-groups';
import type { Slot } from './walker';

const key = new Uint8Array(32).fill(3);
const windows = (s: string): string[] =>
  Array.from({ length: Math.max(0, s.length - 5) }, (_, i) => s.slice(i, i + 6));

type N = serializedNodeWithId;
const el = (id: number, tagName: string, attributes: Record<string, string> = {}, childNodes: N[] = []): N =>
  ({ type: 2, id, tagName, attributes, childNodes }) as N;
const txt = (id: number, textContent: string): N => ({ type: 3, id, textContent }) as N;

/**
 * Page: #10 input "Email"; #20 bare host; #25 single-line host; #30 <note-editor> whose shadow
 * child #31 is a host; #40 an iframe (its document is attached later); #60 a div that becomes
 * editable later, with text #61.
 */
function page(): FieldIndex {
  const fields = new FieldIndex();
  fields.snapshot({
    type: 0,
    id: 1,
    childNodes: [
      el(2, 'html', {}, [
        el(3, 'body', {}, [
          el(10, 'input', { type: 'text', 'aria-label': 'Email' }),
          el(20, 'div', { contenteditable: 'true', 'aria-label': 'Reply' }),
          el(25, 'div', { contenteditable: 'true', 'aria-multiline': 'false' }),
          el(30, 'note-editor', {}, [{ ...el(31, 'div', { contenteditable: 'true' }), isShadow: true } as N]),
          el(40, 'iframe'),
          el(60, 'div', {}, [txt(61, 'Click to edit')]),
        ]),
      ]),
    ],
  } as N);
  return fields;
}

/** A string inside an event, as the walker hands it over. */
const slot = (value: string): Slot => ({ holder: { textContent: value }, key: 'textContent' });
const stringIn = (s: Slot): string => String(s.holder[s.key]);

/** Types `text` into text node `id` key by key, as characterData mutations; returns the slots. */
function typeInto(
  fields: FieldIndex,
  groups: TypingGroups,
  id: number,
  text: string,
  seq: number,
  from = '',
): Slot[] {
  const out: Slot[] = [];
  for (let i = 1; i <= text.length; i++) {
    const v = from + text.slice(0, i);
    fields.setText(id, v);
    const s = slot(v);
    groups.add(id, s, seq, 0);
    groups.settle();
    out.push(s);
  }
  return out;
}

describe('FieldIndex: editing hosts', () => {
  it('knows the host of text inserted by child-list mutations at any depth', () => {
    const fields = page();
    fields.addChild(20, null, el(21, 'p', {}, [el(22, 'span', {}, [txt(23, 'j')])]));
    expect(fields.hostOf(23)).toBe(20);
    expect(fields.hostOf(21)).toBe(20);
    expect(fields.isEditableText(23)).toBe(true);
    expect(fields.hostOf(61)).toBeUndefined();
  });

  it('follows hosts inside a shadow root and inside a same-origin frame document', () => {
    const fields = page();
    fields.addChild(31, null, txt(32, 'x'));
    expect(fields.hostOf(32)).toBe(31);
    // rrweb attaches a frame's document as a child of the <iframe> element.
    fields.addChild(40, null, {
      type: 0,
      id: 50,
      childNodes: [el(51, 'html', {}, [el(52, 'body', {}, [el(53, 'div', { contenteditable: '' })])])],
    } as N);
    fields.addChild(53, null, txt(54, 'in frame'));
    expect(fields.hostOf(54)).toBe(53);
    expect(fields.hostText(53)).toBe('in frame');
  });

  it('makes an element a host when contenteditable is set later, and forgets removed subtrees', () => {
    const fields = page();
    fields.setAttribute(60, 'contenteditable', 'true');
    expect(fields.hostOf(61)).toBe(60);
    expect(fields.context(61)).toMatchObject({ tag: 'div' });
    fields.setAttribute(60, 'contenteditable', 'false');
    expect(fields.hostOf(61)).toBeUndefined();
    fields.addChild(20, null, el(21, 'p', {}, [txt(22, 'gone')]));
    fields.remove(20, 21);
    expect(fields.hostOf(22)).toBeUndefined();
    expect(fields.hostText(20)).toBe('');
  });

  it('reads a host text in document order, blocks on their own lines, islands left out', () => {
    const fields = page();
    fields.addChild(20, null, el(21, 'p', {}, [txt(22, 'second')]));
    fields.addChild(20, 21, el(23, 'p', {}, [txt(24, 'first '), el(25, 'b', {}, [txt(26, 'bold')])]));
    fields.addChild(20, null, el(27, 'span', { contenteditable: 'false' }, [txt(28, '@mention chip')]));
    expect(fields.hostText(20)).toBe('first bold\nsecond');
  });
});

describe('TypingGroups: one group per editing host', () => {
  const email = 'ingrid.tamaseo@rivetlark.net';

  it('holds every piece typed into a host (new text nodes and their changes) until the host commits', () => {
    const fields = page();
    const groups = new TypingGroups(fields, () => r);
    const r = createRedactor({ key });
    // The editor inserts a paragraph with the first key, then changes its text node.
    fields.addChild(20, null, el(21, 'p', {}, [txt(22, 'F')]));
    const first = slot('F');
    groups.add(22, first, 1, 0);
    groups.settle();
    const rest = typeInto(fields, groups, 22, `orklift at nine, ask ${email}`, 2, 'F');
    expect(groups.size).toBe(1);
    expect(groups.isHeld(1) && groups.isHeld(2)).toBe(true);
    groups.close(20);
    expect(groups.isHeld(1) || groups.isHeld(2)).toBe(false);
    const stored = [first, ...rest].map(stringIn);
    const leaks = windows(email).filter((w) => stored.some((s) => s.includes(w)));
    expect(leaks).toEqual([]);
    // The final piece reads as the host's whole text redacted, with the same placeholder.
    const whole = r.group([`Forklift at nine, ask ${email}`])[0];
    expect(stored.at(-1)).toBe(whole);
    expect(stored.at(-1)).toMatch(/^Forklift at nine, ask \[EMAIL:[0-9A-Za-z]{6}\]$/);
  });

  it('masks an e-mail split over two text nodes (formatting) with one placeholder', () => {
    const fields = page();
    const r = createRedactor({ key });
    const groups = new TypingGroups(fields, () => r);
    fields.addChild(
      20,
      null,
      el(21, 'p', {}, [txt(22, 'ask ingrid.tam'), el(23, 'b', {}, [txt(24, 'aseo@rivetlark.net')])]),
    );
    const a = slot('ask ingrid.tam');
    const b = slot('aseo@rivetlark.net');
    groups.add(22, a, 1, 0);
    groups.add(24, b, 1, 0);
    groups.close(22);
    const ph = /\[EMAIL:[0-9A-Za-z]{6}\]/.exec(stringIn(a))?.[0];
    expect(stringIn(a)).toBe(`ask ${ph}`);
    expect(stringIn(b)).toBe(ph);
  });

  it('keeps a host open when the click or focus lands on a node inside it', () => {
    const fields = page();
    const groups = new TypingGroups(fields, () => createRedactor({ key }));
    fields.addChild(20, null, el(21, 'p', {}, [txt(22, 'abc')]));
    groups.add(22, slot('abc'), 1, 0);
    groups.closeOthers(21);
    expect(groups.size).toBe(1);
    groups.closeOthers(10);
    expect(groups.size).toBe(0);
  });

  it('commits a single-line host on Enter, but not a multi-line one', () => {
    const fields = page();
    const groups = new TypingGroups(fields, () => createRedactor({ key }));
    fields.addChild(20, null, txt(21, 'multi'));
    fields.addChild(25, null, txt(26, 'single'));
    groups.add(21, slot('multi'), 1, 0);
    groups.add(26, slot('single'), 1, 0);
    groups.enter(20);
    groups.enter(25);
    expect(groups.size).toBe(1);
    groups.close(20);
    expect(groups.size).toBe(0);
  });

  it('masks an e-mail typed and then deleted before the commit', () => {
    const fields = page();
    const r = createRedactor({ key });
    const groups = new TypingGroups(fields, () => r);
    fields.addChild(20, null, txt(21, ''));
    const typed = typeInto(fields, groups, 21, email, 1);
    const deleted: Slot[] = [];
    for (let n = email.length - 1; n >= 0; n--) {
      fields.setText(21, email.slice(0, n));
      const s = slot(email.slice(0, n));
      groups.add(21, s, 2, 0);
      groups.settle();
      deleted.push(s);
    }
    deleted.push(...typeInto(fields, groups, 21, 'see you', 3));
    groups.close(20);
    const stored = [...typed, ...deleted].map(stringIn);
    expect(windows(email).filter((w) => stored.some((s) => s.includes(w)))).toEqual([]);
    expect(stored.at(-1)).toBe('see you');
  });

  it('a host typed into feeds the echo guard, and its echoes get the placeholder of its pieces', () => {
    const fields = page();
    const r = createRedactor({ key });
    const echo = new EchoGuard();
    const groups = new TypingGroups(fields, () => r, echo, 'tab1');
    fields.addChild(31, null, txt(32, ''));
    const pieces = typeInto(fields, groups, 32, email, 1);
    // A preview elsewhere (another stream's string, say) repeats what was typed so far.
    const holder: Record<string, unknown> = { v: `Preview: ${email.slice(0, 18)}` };
    let released = 0;
    const preview: HeldString = { holder, key: 'v', finish: (s) => r.text(s), released: () => released++ };
    expect(echo.hold(preview)).toBe(true);
    groups.close(31);
    expect(released).toBe(1);
    expect(holder.v).toBe(`Preview: ${stringIn(pieces.at(-1)!)}`);
    expect(echo.size).toBe(0);
  });

  it('a form field feeds the echo guard too, and its commit releases what it held', () => {
    const fields = page();
    const r = createRedactor({ key });
    const echo = new EchoGuard();
    const groups = new TypingGroups(fields, () => r, echo, 'tab1');
    const values = ['ximena.okonkwo@plumb', 'ximena.okonkwo@plumbrook.io'];
    const slots = values.map((v) => ({ holder: { text: v } as Record<string, unknown>, key: 'text' }));
    groups.add(10, slots[0]!, 1, 0);
    const label: Record<string, unknown> = { v: values[0] };
    expect(echo.hold({ holder: label, key: 'v', finish: (s) => r.text(s), released: () => {} })).toBe(true);
    groups.add(10, slots[1]!, 2, 0);
    groups.close(10);
    expect(label.v).toBe(slots[1]!.holder.text);
    expect(label.v).toMatch(/^\[EMAIL:[0-9A-Za-z]{6}\]$/);
  });
});
