/**
 * Raw events -> actions, by shift-reduce: each event either extends the action being built (typing
 * into the same field, scrolling the same element, repeating a key), reduces recent actions into
 * one (click+click+dblclick -> dblclick; click on a checkbox or its label + change -> check; click
 * on a field + typing -> type; Enter + submit -> submit; Ctrl+V + paste -> paste), or starts a new
 * one. The observation of an action is captured when it starts, before its event touches the mirror.
 *
 * This class only routes events to the action families, each a file of plain functions over one
 * explicit state (state.ts) with its own decisions: pointer (clicks), typing, choice (check,
 * select), keys, paste, submit, scroll, navigation, tabs; drafts.ts is what they share (making,
 * extending and merging drafts), layout.ts joins capture's layouts to drafts.
 */
import type { CustomPayloads, LayoutPayload } from '../../../shared/events';
import type { Page, Pages } from '../pages';
import { onCheck, onSelect } from './choice';
import { finishPaste, noteActive } from './drafts';
import { fieldKind } from './elements';
import { onKey } from './keys';
import { attachLayout } from './layout';
import { onNavigation, onPageLoad } from './navigation';
import { onPaste } from './paste';
import { onClick, onDblClick, onMouse } from './pointer';
import { onScroll } from './scroll';
import { createState, type Draft, type EventRef, type SegmenterOptions, type SegState } from './state';
import { onSubmit } from './submit';
import { onTab } from './tabs';
import { afterInput, afterMutation, closeType, onLayoutInput, onPageInput, onUserInput } from './typing';

export class Segmenter {
  private readonly s: SegState;

  constructor(pages: Pages, opts: SegmenterOptions, hasNavEvents: boolean) {
    this.s = createState(pages, opts, hasNavEvents);
  }

  // ---- rrweb events ----

  /** Before an Input event is applied to the mirror. */
  onInput(
    page: Page,
    id: number,
    text: string,
    isChecked: boolean,
    user: boolean,
    t: number,
    ref: EventRef,
  ): void {
    const node = page.mirror.get(id);
    if (!node) return;
    const kind = fieldKind(node);
    if (!user) {
      onPageInput(this.s, node, kind === 'text', t, ref);
      return;
    }
    noteActive(this.s, page);
    if (kind === 'check') onCheck(this.s, page, node, isChecked, t, ref);
    else if (kind === 'select') onSelect(this.s, page, node, text, t, ref);
    else onUserInput(this.s, page, node, t, ref);
  }

  /** After an Input event was applied. */
  afterInput(page: Page, id: number, user: boolean): void {
    afterInput(this.s, page, id, user);
  }

  afterMutation(page: Page, touched: number[], t: number, ref: EventRef): void {
    afterMutation(this.s, page, touched, t, ref);
  }

  onMouse(
    page: Page,
    type: number,
    id: number,
    x: number | null,
    y: number | null,
    t: number,
    ref: EventRef,
  ): void {
    onMouse(this.s, page, type, id, x, y, t, ref);
  }

  onScroll(page: Page, id: number, x: number, y: number, t: number, ref: EventRef): void {
    onScroll(this.s, page, id, x, y, t, ref);
  }

  /** A page load is about to replace the mirror of `page`. */
  beforeSnapshot(page: Page): void {
    const s = this.s;
    if (s.open && s.open.page === page) closeType(s, 'other_action');
    finishPaste(s);
    if (s.pointer?.page === page) s.pointer = null;
  }

  /** Meta of a new page load (used as navigation only when the session has no navigation events). */
  onPageLoad(page: Page, href: string, t: number, ref: EventRef): void {
    onPageLoad(this.s, page, href, t, ref);
  }

  // ---- capture events ----

  onCustom<T extends keyof CustomPayloads>(
    page: Page,
    tag: T,
    payload: CustomPayloads[T],
    t: number,
    ref: EventRef,
  ): void {
    const s = this.s;
    switch (tag) {
      case 'rec/layout':
        this.onLayout(page, payload as LayoutPayload, t, ref);
        return;
      case 'rec/keystroke':
        onKey(s, page, payload as CustomPayloads['rec/keystroke'], t, ref);
        return;
      case 'rec/focus': {
        const p = payload as CustomPayloads['rec/focus'];
        if (s.open && s.open.page === page && s.open.node.id !== p.targetId) closeType(s, 'focus_change');
        return;
      }
      case 'rec/clipboard': {
        const p = payload as CustomPayloads['rec/clipboard'];
        if (p.op === 'paste') onPaste(s, page, p.targetId, p.text ?? '', t, ref);
        return;
      }
      default:
        return;
    }
  }

  private onLayout(page: Page, layout: LayoutPayload, t: number, ref: EventRef): void {
    const s = this.s;
    const node = page.mirror.get(layout.targetId);
    switch (layout.action) {
      case 'click':
        if (node) onClick(s, page, node, 'left', t, ref, layout);
        return;
      case 'contextmenu':
        if (node) onClick(s, page, node, 'right', t, ref, layout);
        return;
      case 'dblclick':
        if (node) onDblClick(s, page, node, t, ref, layout);
        return;
      case 'submit':
        if (node) onSubmit(s, page, node, t, ref, layout);
        return;
      case 'input':
        onLayoutInput(s, page, node, layout, t, ref);
        return;
      default:
        attachLayout(s, page, layout, t, ref);
    }
  }

  // ---- session events ----

  onTab(p: CustomPayloads['rec/tab'], t: number, ref: EventRef): void {
    onTab(this.s, p, t, ref);
  }

  onNavigation(p: CustomPayloads['rec/navigation'], t: number, ref: EventRef): void {
    onNavigation(this.s, p, t, ref);
  }

  /** Commits what is still open; the drafts that stand, in the order they were made. */
  finish(): Draft[] {
    closeType(this.s, 'end');
    finishPaste(this.s);
    return this.s.drafts.filter((d) => !d.dropped);
  }
}
