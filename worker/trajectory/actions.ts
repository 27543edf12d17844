/**
 * Raw events -> actions, by shift-reduce: each event either extends the action being built (typing
 * into the same field, scrolling the same element, repeating a key), reduces recent actions into
 * one (click+click+dblclick -> dblclick; click on a checkbox or its label + change -> check; click
 * on a field + typing -> type; Enter + submit -> submit; Ctrl+V + paste -> paste), or starts a new
 * one. The observation of an action is captured when it starts, before its event touches the mirror.
 *
 * Decisions (the e2e expectations follow these):
 * - Trusted clicks come from capture's `rec/layout` click events; rrweb's Click is used for
 *   coordinates, and alone only where capture does not listen (same-origin iframe documents,
 *   streams without capture events). A scripted `el.click()` therefore makes no step.
 * - The observation of a click is taken at its mousedown (menus often open on mousedown).
 * - A click on the field that is then typed into, on a select that then changes, or on a checkbox
 *   (or its label) that then toggles, is absorbed: one `type` / `select` / `check` step, observed
 *   before the click. Clicks inside the field being typed into (moving the caret) are absorbed too.
 * - `type` ends when focus leaves, on Enter (single-line fields; Ctrl/Cmd+Enter in multi-line
 *   ones), when another action starts, or when the page goes away; the value is the field's value
 *   at that moment, so typing committed with Enter is never lost. Enter then becomes a `keypress`,
 *   or a `submit` (`via: 'enter'`) when the form submits.
 * - A click that submits a form gets `effects.submit`; a click the browser synthesizes for implicit
 *   submission (no mousedown, right after Enter) is folded into the Enter. Enter/Space on a focused
 *   button becomes a `click` with `via: 'keyboard'`.
 * - Navigations caused by the previous action (link, form_submit, history_state within 2.5 s, in
 *   the same tab or a tab that action just opened) become `effects.navigation` of that action; a
 *   step `navigate` is made only for navigations the user made directly (typed, reload, back and
 *   forward, bookmarks) or that follow no action. Redirects and script route changes make none.
 * - Keys: printable keys are typing (never reconstructed), arrows/Home/End inside text fields move
 *   the caret (no step), Backspace/Delete in fields are typing, other named keys and shortcuts are
 *   `keypress` steps; a repeated key on the same element merges (`count`).
 * - Scrolls within 300 ms of another action's events are its consequence (focus, scrollIntoView);
 *   scrolls of one element less than 1.5 s apart merge.
 */
import type { CustomPayloads, LayoutPayload, Modifiers } from '../../shared/events';
import type { Action, EventRange, Friction, Modifier, Target } from '../../shared/trajectory';
import { DOCUMENT, ELEMENT, editableHostOf, editableText, isField, type MNode } from './mirror';
import { type Capture, capture } from './observe';
import type { Page, Pages } from './pages';
import { applyLayout } from './targets';

export interface EventRef {
  stream: string;
  index: number;
}

export interface Draft {
  seq: number;
  action: Action;
  page: Page;
  tabId: number | null;
  node: MNode | null;
  target: Target | null;
  capture: Capture;
  /** Page key at capture time (candidate uids). */
  pageKey: string;
  layout: LayoutPayload | null;
  startedAt: number;
  endedAt: number;
  refs: Map<string, EventRange>;
  dropped: boolean;
  corrections: number;
  backtrack: Friction['backtrack'];
  tabSwitches: number;
  /** A value the page set in the field before the user edited it. */
  proposal: { value: string; after: Draft | null } | null;
  /** The user's own text just before their first deletion. */
  typedBeforeCorrection: string | null;
  /** Submitted a form and then navigated (a heuristic task end). */
  submitNavigation: boolean;
  /** The click a `type` absorbed, restored if nothing is typed after all. */
  restore: { action: Action; node: MNode | null; target: Target | null } | null;
}

interface OpenType {
  draft: Draft;
  page: Page;
  node: MNode;
  ce: boolean;
  lastValue: string;
  checkpoints: string[];
  dir: 'ins' | 'del' | null;
  changed: boolean;
}

interface Observed {
  capture: Capture;
  target: Target | null;
  node: MNode | null;
  at: number;
}

export interface SegmenterOptions {
  observations: boolean;
}

const NAV_CAUSE_MS = 2500;
const SCROLL_CONSEQUENCE_MS = 300;
const SCROLL_MERGE_MS = 1500;
const KEY_REPEAT_MS = 1000;
const USER_TRANSITIONS = new Set([
  'typed',
  'auto_bookmark',
  'generated',
  'keyword',
  'keyword_generated',
  'reload',
  'start_page',
  'auto_toplevel',
]);
const CARET_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);
const TEXT_INPUT_TYPES = new Set([
  '',
  'text',
  'email',
  'tel',
  'url',
  'search',
  'password',
  'number',
  'date',
  'datetime-local',
  'month',
  'week',
  'time',
]);
const CLOSE_NAMES = /^(?:close|cancel|dismiss|no thanks|not now|×|✕|x)$/i;

export class Segmenter {
  readonly drafts: Draft[] = [];
  private open: OpenType | null = null;
  private pointer: { page: Page; node: MNode; t: number; obs: Observed; ref: EventRef } | null = null;
  private rrwebClick: { page: Page; id: number; x: number; y: number; t: number } | null = null;
  private lastEnter: { draft: Draft; node: MNode; t: number } | null = null;
  private lastKeyAt = new WeakMap<MNode, number>();
  private fieldSetBy = new WeakMap<MNode, { by: 'page' | 'user'; after: Draft | null }>();
  private paste: { draft: Draft; node: MNode; t: number; gotInput: boolean } | null = null;
  private pendingLayouts: { page: Page; layout: LayoutPayload; t: number }[] = [];
  private switches = 0;
  private dialogActs = new WeakMap<MNode, number>();
  private lastActionAt = new WeakMap<Page, number>();
  private tabHistory = new Map<number, string[]>();
  private tabCreatedAt = new Map<number, number>();
  private seq = 0;

  constructor(
    private readonly pages: Pages,
    private readonly opts: SegmenterOptions,
    /** Session has navigation events from the service worker (else page loads stand in). */
    private readonly hasNavEvents: boolean,
  ) {}

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
      if (kind === 'text') this.fieldSetBy.set(node, { by: 'page', after: this.last() ?? null });
      if (this.open?.node === node) this.touch(this.open.draft, t, ref);
      return;
    }
    this.noteActive(page);
    if (kind === 'check') {
      const prev = this.last();
      if (prev && this.isClickOn(prev, page, node, t, 1500)) {
        prev.action = { type: 'check', checked: isChecked };
        this.retarget(prev, node);
        this.touch(prev, t, ref);
        return;
      }
      this.newDraft(page, { type: 'check', checked: isChecked }, node, t, ref);
      return;
    }
    if (kind === 'select') {
      const label = optionLabel(node, text);
      const prev = this.last();
      if (prev && this.isClickOn(prev, page, node, t, 30_000)) {
        prev.action = { type: 'select', value: text, label };
        this.retarget(prev, node);
        this.touch(prev, t, ref);
        return;
      }
      this.newDraft(page, { type: 'select', value: text, label }, node, t, ref);
      return;
    }
    if (this.paste && this.paste.node === node && !this.paste.gotInput && t - this.paste.t < 1000) {
      this.paste.gotInput = true;
      this.touch(this.paste.draft, t, ref);
      return;
    }
    this.lastKeyAt.set(node, t);
    const open = this.ensureType(page, node, t, ref);
    open.draft.endedAt = t;
  }

  /** After an Input event was applied. */
  afterInput(page: Page, id: number, user: boolean): void {
    const open = this.open;
    if (!user || !open || open.page !== page || open.node.id !== id) return;
    this.pushValue(open, open.node.value ?? '');
  }

  afterMutation(page: Page, touched: number[], t: number, ref: EventRef): void {
    const open = this.open;
    if (open && open.page === page) {
      if (page.mirror.get(open.node.id) !== open.node) {
        this.closeType('other_action');
      } else if (open.ce) {
        const v = editableText(open.node);
        if (v !== open.lastValue) {
          this.pushValue(open, v);
          this.touch(open.draft, t, ref);
        }
      }
    }
    if (page.mirror.editableHosts.size === 0) return;
    for (const id of touched) {
      const host = editableHostOf(page.mirror, page.mirror.get(id));
      if (!host || this.open?.node === host) continue;
      const lastKey = this.lastKeyAt.get(host) ?? Number.NEGATIVE_INFINITY;
      if (t - lastKey < 1000) continue; // the user's own edit
      this.fieldSetBy.set(host, { by: 'page', after: this.last() ?? null });
    }
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
    const node = page.mirror.get(id);
    if (!node) return;
    const trustedAlone = !page.hasCapture || inSubDocument(node);
    switch (type) {
      case 1: // MouseDown
        if (this.open && this.open.page === page && contains(this.open.node, node)) return;
        this.pointer = { page, node, t, obs: this.observe(page, node, t), ref };
        return;
      case 2: // Click
        if (x !== null && y !== null) this.rrwebClick = { page, id, x, y, t };
        if (trustedAlone) this.click(page, node, 'left', t, ref, null);
        return;
      case 3: // ContextMenu
        if (trustedAlone) this.click(page, node, 'right', t, ref, null);
        return;
      case 4: // DblClick
        if (trustedAlone) this.dblclick(page, node, t, ref, null);
        return;
      case 5: // Focus
        if (this.open && this.open.node !== node && !page.hasCapture) this.closeType('focus_change');
        return;
      case 6: // Blur
        if (this.open && this.open.node === node) this.closeType('focus_change');
        return;
      default:
        return;
    }
  }

  onScroll(page: Page, id: number, x: number, y: number, t: number, ref: EventRef): void {
    const before = page.scrolls.get(id) ?? { x: 0, y: 0 };
    page.scrolls.set(id, { x, y });
    if (this.open && this.open.page === page && this.open.node.id === id) return;
    const lastAction = this.lastActionAt.get(page) ?? Number.NEGATIVE_INFINITY;
    const prev = this.last();
    if (prev && prev.action.type === 'scroll' && prev.page === page && t - prev.endedAt < SCROLL_MERGE_MS) {
      const sameNode = prev.node ? prev.node.id === id : isDocumentId(page, id);
      if (sameNode) {
        prev.action.deltaX += x - prev.action.x;
        prev.action.deltaY += y - prev.action.y;
        prev.action.x = x;
        prev.action.y = y;
        this.touch(prev, t, ref);
        return;
      }
    }
    if (t - lastAction < SCROLL_CONSEQUENCE_MS) return;
    const node = page.mirror.get(id);
    const target = node && node.type === ELEMENT && node.tag !== 'html' && node.tag !== 'body' ? node : null;
    this.newDraft(page, { type: 'scroll', x, y, deltaX: x - before.x, deltaY: y - before.y }, target, t, ref);
  }

  /** A page load is about to replace the mirror of `page`. */
  beforeSnapshot(page: Page): void {
    this.closeOpenIfOn(page, () => true);
    this.finishPaste();
    if (this.pointer?.page === page) this.pointer = null;
  }

  /** Meta of a new page load (used as navigation only when the session has no navigation events). */
  onPageLoad(page: Page, href: string, t: number, ref: EventRef): void {
    if (this.hasNavEvents || page.isFrame || page.tabId === null) return;
    if (page.url === null || page.url === href) return;
    this.navigation(page.tabId, href, 'unknown', [], t, ref);
  }

  // ---- capture events ----

  onCustom<T extends keyof CustomPayloads>(
    page: Page,
    tag: T,
    payload: CustomPayloads[T],
    t: number,
    ref: EventRef,
  ): void {
    switch (tag) {
      case 'rec/layout':
        this.onLayout(page, payload as LayoutPayload, t, ref);
        return;
      case 'rec/keystroke':
        this.onKey(page, payload as CustomPayloads['rec/keystroke'], t, ref);
        return;
      case 'rec/focus': {
        const p = payload as CustomPayloads['rec/focus'];
        if (this.open && this.open.page === page && this.open.node.id !== p.targetId)
          this.closeType('focus_change');
        return;
      }
      case 'rec/clipboard': {
        const p = payload as CustomPayloads['rec/clipboard'];
        if (p.op === 'paste') this.onPaste(page, p.targetId, p.text ?? '', t, ref);
        return;
      }
      default:
        return;
    }
  }

  private onLayout(page: Page, layout: LayoutPayload, t: number, ref: EventRef): void {
    const node = page.mirror.get(layout.targetId);
    switch (layout.action) {
      case 'click':
        if (node) this.click(page, node, 'left', t, ref, layout);
        return;
      case 'contextmenu':
        if (node) this.click(page, node, 'right', t, ref, layout);
        return;
      case 'dblclick':
        if (node) this.dblclick(page, node, t, ref, layout);
        return;
      case 'submit':
        if (node) this.submit(page, node, t, ref, layout);
        return;
      case 'input':
        if (node && (fieldKind(node) === 'text' || editableHostOf(page.mirror, node))) {
          const host = fieldKind(node) === 'text' ? node : editableHostOf(page.mirror, node)!;
          this.lastKeyAt.set(host, t);
          if (!(this.paste && this.paste.node === host)) this.ensureType(page, host, t, ref);
        }
        this.attachLayout(page, layout, t, ref);
        return;
      default:
        this.attachLayout(page, layout, t, ref);
    }
  }

  private onKey(page: Page, p: CustomPayloads['rec/keystroke'], t: number, ref: EventRef): void {
    if (p.kind === 'modifier') return;
    const node = page.mirror.get(p.targetId);
    if (!node) return;
    const editable = editTarget(page, node);
    if (editable) this.lastKeyAt.set(editable, t);
    const open = this.open && this.open.page === page && this.open.node === editable ? this.open : null;
    if (p.kind === 'printable') {
      if (editable) this.ensureType(page, editable, t, ref);
      else this.lastKeyAt.set(node, t);
      return;
    }
    if (p.kind === 'shortcut') {
      const mod = p.modifiers.ctrl || p.modifiers.meta;
      const undo = mod && (p.key === 'z' || p.key === 'y');
      if (open) {
        this.touch(open.draft, t, ref);
        if (undo) {
          open.draft.corrections++;
          open.draft.backtrack = 'undo';
        }
        return;
      }
      if (editable && mod && p.key === 'v') return; // the paste event makes the step
      const d = this.keypress(page, node, p.key, p.modifiers, t, ref);
      if (undo && p.key === 'z' && !p.modifiers.shift) d.backtrack = 'undo';
      return;
    }
    const key = p.key;
    if (editable && (key === 'Backspace' || key === 'Delete')) {
      this.ensureType(page, editable, t, ref);
      return;
    }
    if (editable && CARET_KEYS.has(key) && node.attrs.role !== 'combobox') {
      if (open) this.touch(open.draft, t, ref);
      return;
    }
    if (key === 'Enter') {
      const multiline = editable !== null && (editable.tag === 'textarea' || !isField(editable));
      const withMod = p.modifiers.ctrl || p.modifiers.meta;
      if (editable && multiline && !withMod) {
        this.ensureType(page, editable, t, ref); // a new line is typing
        return;
      }
      if (open) this.closeType('enter');
      const d = this.keypress(page, node, 'Enter', p.modifiers, t, ref);
      this.lastEnter = { draft: d, node, t };
      return;
    }
    if (key === 'Tab' && this.open) this.closeType('focus_change');
    const d = this.keypress(page, node, key, p.modifiers, t, ref);
    if (key === 'Escape' && this.dialogOf(node) && this.isFirstInDialog(d)) d.backtrack = 'dialog_dismissed';
  }

  private onPaste(page: Page, targetId: number, text: string, t: number, ref: EventRef): void {
    const raw = page.mirror.get(targetId);
    if (!raw) return;
    const node = editTarget(page, raw) ?? raw;
    this.lastKeyAt.set(node, t);
    if (this.open) this.closeType('other_action');
    const prev = this.last();
    let draft: Draft;
    if (
      prev &&
      prev.page === page &&
      ((prev.action.type === 'keypress' && prev.action.key === 'v' && t - prev.endedAt < 1000) ||
        (prev.action.type === 'click' &&
          prev.node &&
          (contains(node, prev.node) || labelControl(page, prev.node) === node)))
    ) {
      prev.action = { type: 'paste', text, value: '' };
      this.retarget(prev, node);
      this.touch(prev, t, ref);
      draft = prev;
    } else {
      draft = this.newDraft(page, { type: 'paste', text, value: '' }, node, t, ref);
    }
    this.paste = { draft, node, t, gotInput: false };
    this.takePendingLayout(draft);
  }

  // ---- session events ----

  onTab(p: CustomPayloads['rec/tab'], t: number, ref: EventRef): void {
    if (p.op === 'window-focus') {
      this.switches++;
      return;
    }
    if (p.op === 'created') {
      this.tabCreatedAt.set(p.tabId, t);
      return;
    }
    if (p.op !== 'activated') return;
    const from = this.pages.activeTabId;
    if (from === p.tabId) return;
    const toPage = this.pages.tabs.get(p.tabId);
    if (!toPage) {
      // A tab we do not record (another site, the extension's own page): friction, not a step,
      // and coming back to the recorded tab is no switch of work.
      this.switches++;
      return;
    }
    this.pages.activeTabId = p.tabId;
    if (from === null) return;
    this.switches++;
    if (this.open) this.closeType('other_action');
    const fromPage = this.pages.tabs.get(from) ?? toPage;
    const action: Action = { type: 'tab_switch', tabId: p.tabId, fromTabId: from, url: toPage?.url ?? null };
    if (fromPage) this.newDraft(fromPage, action, null, t, ref, p.tabId);
  }

  onNavigation(p: CustomPayloads['rec/navigation'], t: number, ref: EventRef): void {
    if (p.frameId !== 0) return;
    const page = this.pages.tabs.get(p.tabId);
    if (page && p.transition === 'history_state') page.url = p.url;
    this.navigation(p.tabId, p.url, p.transition, p.qualifiers, t, ref);
  }

  private navigation(
    tabId: number,
    url: string,
    transition: string,
    qualifiers: string[],
    t: number,
    ref: EventRef,
  ): void {
    const history = this.tabHistory.get(tabId) ?? [];
    this.tabHistory.set(tabId, history);
    const current = this.pages.tabs.get(tabId)?.url;
    if (history.length === 0 && current && current !== url) history.push(current);
    const back =
      qualifiers.includes('forward_back') && history.length >= 2 && history[history.length - 2] === url;
    if (back) history.pop();
    else if (history[history.length - 1] !== url) history.push(url);
    const redirect = qualifiers.includes('client_redirect') || qualifiers.includes('server_redirect');
    const userMade =
      USER_TRANSITIONS.has(transition) ||
      qualifiers.includes('forward_back') ||
      qualifiers.includes('from_address_bar');
    if (!userMade) {
      const cause = this.navigationCause(tabId, t);
      if (cause) {
        cause.action.effects = { ...cause.action.effects, navigation: { url, transition } };
        if (cause.action.type === 'submit' || cause.action.effects.submit) cause.submitNavigation = true;
        this.touch(cause, cause.endedAt, ref);
        return;
      }
      if (redirect || transition === 'history_state') return;
    }
    const page = this.pages.tabs.get(tabId);
    if (!page) return;
    if (this.open) this.closeType('other_action');
    const d = this.newDraft(
      page,
      { type: 'navigate', url, transition, qualifiers: [...qualifiers] },
      null,
      t,
      ref,
    );
    if (back) d.backtrack = 'back_navigation';
  }

  private navigationCause(tabId: number, t: number): Draft | null {
    const created = this.tabCreatedAt.get(tabId);
    for (let i = this.drafts.length - 1; i >= 0; i--) {
      const d = this.drafts[i]!;
      if (d.dropped) continue;
      if (t - d.endedAt > NAV_CAUSE_MS) return null;
      if (d.action.type === 'navigate' || d.action.type === 'tab_switch' || d.action.type === 'scroll')
        continue;
      if (d.tabId === tabId) return d;
      if (created !== undefined && t - created < NAV_CAUSE_MS) return d;
    }
    return null;
  }

  // ---- reductions ----

  private click(
    page: Page,
    node: MNode,
    button: 'left' | 'right',
    t: number,
    ref: EventRef,
    layout: LayoutPayload | null,
  ): void {
    this.noteActive(page);
    const open = this.open;
    if (open && open.page === page && contains(open.node, node)) {
      this.touch(open.draft, t, ref);
      return;
    }
    const prev = this.last();
    if (prev && prev.page === page && prev.node && t - prev.endedAt < 500) {
      // The browser's own follow-up clicks: a label forwarding to its control, a select after a choice.
      const forwarded = prev.action.type === 'click' && labelControl(page, prev.node) === node;
      const after =
        (prev.action.type === 'select' || prev.action.type === 'check') && contains(prev.node, node);
      if (forwarded || after) {
        this.touch(prev, t, ref);
        return;
      }
    }
    const pointer =
      this.pointer && this.pointer.page === page && t - this.pointer.t < 2000 ? this.pointer : null;
    if (!pointer || !(contains(node, pointer.node) || contains(pointer.node, node))) {
      // No mousedown: the keyboard (or the browser) clicked.
      const enter = this.lastEnter;
      if (enter && enter.draft.page === page && t - enter.t < 300) {
        if (enter.node === node && enter.draft.action.type === 'keypress') {
          enter.draft.action = { type: 'click', button: 'left', x: null, y: null, via: 'keyboard' };
        }
        this.touch(enter.draft, t, ref);
        if (layout && !enter.draft.layout) enter.draft.layout = layout;
        return;
      }
      const keyAt = this.lastKeyAt.get(node);
      if (keyAt !== undefined && t - keyAt < 300) {
        if (this.open) this.closeType('other_action');
        const d = this.newDraft(
          page,
          { type: 'click', button, x: null, y: null, via: 'keyboard' },
          node,
          t,
          ref,
        );
        this.withLayout(d, layout);
        return;
      }
    }
    if (this.open) this.closeType('other_action');
    const xy =
      this.rrwebClick &&
      this.rrwebClick.page === page &&
      this.rrwebClick.id === node.id &&
      t - this.rrwebClick.t < 200
        ? this.rrwebClick
        : null;
    const action: Action = { type: 'click', button, x: xy?.x ?? null, y: xy?.y ?? null, via: 'pointer' };
    const obs = pointer && contains(node, pointer.node) ? pointer.obs : undefined;
    const d = this.newDraft(page, action, node, pointer ? pointer.t : t, pointer?.ref ?? ref, undefined, obs);
    this.touch(d, t, ref);
    this.pointer = null;
    this.withLayout(d, layout);
    if (button === 'left' && this.isCloseButton(d, node) && this.isFirstInDialog(d))
      d.backtrack = 'dialog_dismissed';
  }

  private dblclick(page: Page, node: MNode, t: number, ref: EventRef, layout: LayoutPayload | null): void {
    const clicks: Draft[] = [];
    for (let i = this.drafts.length - 1; i >= 0 && clicks.length < 2; i--) {
      const d = this.drafts[i]!;
      if (d.dropped) continue;
      if (d.action.type !== 'click' || d.page !== page || d.node !== node || t - d.startedAt > 1000) break;
      clicks.push(d);
    }
    const first = clicks[clicks.length - 1];
    const xy =
      first && first.action.type === 'click'
        ? { x: first.action.x, y: first.action.y }
        : { x: null, y: null };
    if (first) {
      for (const c of clicks) if (c !== first) this.drop(c, first);
      first.action = { type: 'dblclick', x: xy.x, y: xy.y };
      this.touch(first, t, ref);
      this.withLayout(first, layout, true);
      return;
    }
    const d = this.newDraft(page, { type: 'dblclick', x: null, y: null }, node, t, ref);
    this.withLayout(d, layout);
  }

  private submit(page: Page, form: MNode, t: number, ref: EventRef, layout: LayoutPayload): void {
    const prev = this.last();
    if (prev && prev.page === page && t - prev.endedAt < 1500) {
      if (prev.action.type === 'keypress' && prev.action.key === 'Enter') {
        prev.action = { type: 'submit', via: 'enter' };
        this.touch(prev, t, ref);
        return;
      }
      if (prev.action.type === 'click' || prev.action.type === 'dblclick') {
        prev.action.effects = { ...prev.action.effects, submit: true };
        this.touch(prev, t, ref);
        return;
      }
      if (prev.action.type === 'submit') {
        this.touch(prev, t, ref);
        return;
      }
    }
    if (this.open) this.closeType('other_action');
    const d = this.newDraft(page, { type: 'submit', via: 'script' }, form, t, ref);
    this.withLayout(d, layout);
  }

  private keypress(page: Page, node: MNode, key: string, m: Modifiers, t: number, ref: EventRef): Draft {
    this.noteActive(page);
    const modifiers = modifierList(m);
    const combo = [...modifiers, key].join('+');
    const prev = this.last();
    if (
      prev &&
      prev.action.type === 'keypress' &&
      prev.action.combo === combo &&
      prev.page === page &&
      prev.node === node &&
      t - prev.endedAt < KEY_REPEAT_MS
    ) {
      prev.action.count++;
      this.touch(prev, t, ref);
      return prev;
    }
    if (this.open) this.closeType('other_action');
    const d = this.newDraft(page, { type: 'keypress', key, modifiers, combo, count: 1 }, node, t, ref);
    this.takePendingLayout(d);
    return d;
  }

  private ensureType(page: Page, node: MNode, t: number, ref: EventRef): OpenType {
    if (this.open && this.open.page === page && this.open.node === node) {
      this.touch(this.open.draft, t, ref);
      return this.open;
    }
    if (this.open) this.closeType('other_action');
    this.noteActive(page);
    const ce = !isField(node);
    const from = ce ? editableText(node) : (node.value ?? '');
    const action: Action = { type: 'type', value: from, from, values: [], commit: 'end' };
    const prev = this.last();
    let draft: Draft;
    if (
      prev &&
      prev.action.type === 'click' &&
      prev.page === page &&
      prev.node &&
      (contains(node, prev.node) || labelControl(page, prev.node) === node)
    ) {
      draft = prev;
      draft.restore = { action: prev.action, node: prev.node, target: prev.target };
      prev.action = action;
      this.retarget(prev, node);
      this.touch(prev, t, ref);
    } else {
      draft = this.newDraft(page, action, node, t, ref);
    }
    const set = this.fieldSetBy.get(node);
    if (set?.by === 'page') draft.proposal = { value: from, after: set.after };
    this.fieldSetBy.set(node, { by: 'user', after: null });
    this.takePendingLayout(draft);
    this.open = { draft, page, node, ce, lastValue: from, checkpoints: [], dir: null, changed: false };
    return this.open;
  }

  private pushValue(open: OpenType, v: string): void {
    if (v === open.lastValue) return;
    const dir = v.length < open.lastValue.length ? 'del' : 'ins';
    if (open.dir !== null && dir !== open.dir) open.checkpoints.push(open.lastValue);
    if (dir === 'del' && open.dir !== 'del') {
      open.draft.corrections++;
      if (open.dir === 'ins' && open.draft.typedBeforeCorrection === null && !open.draft.proposal)
        open.draft.typedBeforeCorrection = open.lastValue;
    }
    open.dir = dir;
    open.lastValue = v;
    open.changed = true;
  }

  private closeType(reason: 'enter' | 'focus_change' | 'other_action' | 'end'): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    const final = open.ce ? editableText(open.node) : (open.node.value ?? open.lastValue);
    this.pushValue(open, final);
    const action = open.draft.action;
    if (action.type !== 'type') return;
    if (!open.changed && final === action.from) {
      const restore = open.draft.restore;
      if (restore) {
        // Nothing was typed after all: the absorbed click stands.
        open.draft.action = restore.action;
        open.draft.node = restore.node;
        open.draft.target = restore.target;
        open.draft.restore = null;
      } else this.drop(open.draft, null);
      return;
    }
    open.draft.restore = null;
    const values = open.checkpoints;
    if (values[values.length - 1] !== final) values.push(final);
    action.value = final;
    action.values = values;
    action.commit = reason;
  }

  private closeOpenIfOn(page: Page, when: (open: OpenType) => boolean): void {
    if (this.open && this.open.page === page && when(this.open)) this.closeType('other_action');
  }

  finish(): Draft[] {
    this.closeType('end');
    this.finishPaste();
    return this.drafts.filter((d) => !d.dropped);
  }

  private finishPaste(): void {
    const p = this.paste;
    if (!p) return;
    this.paste = null;
    if (p.draft.action.type === 'paste') {
      p.draft.action.value = isField(p.node) ? (p.node.value ?? '') : editableText(p.node);
    }
  }

  // ---- drafts ----

  private observe(page: Page, node: MNode | null, at: number): Observed {
    const focus = node ? [node, ...related(page, node)] : [];
    const seen = capture(this.pages, page, focus, this.opts.observations);
    return { capture: seen.capture, target: node && page.mirror.root ? seen.describe(node) : null, node, at };
  }

  private newDraft(
    page: Page,
    action: Action,
    node: MNode | null,
    t: number,
    ref: EventRef,
    tabId: number | null = page.tabId,
    obs?: Observed,
  ): Draft {
    if (this.paste && this.paste.draft.page === page) this.finishPaste();
    const o = obs ?? this.observe(page, node, t);
    const target =
      o.node === node ? o.target : node && page.mirror.root ? this.describeNow(page, node) : null;
    const draft: Draft = {
      seq: this.seq++,
      action,
      page,
      tabId: tabId ?? this.pages.activeTabId,
      node,
      target,
      capture: o.capture,
      pageKey: page.key,
      layout: null,
      startedAt: t,
      endedAt: t,
      refs: new Map(),
      dropped: false,
      corrections: 0,
      backtrack: null,
      tabSwitches: this.switches,
      proposal: null,
      typedBeforeCorrection: null,
      submitNavigation: false,
      restore: null,
    };
    this.switches = 0;
    if (node && target && !o.capture.uids.has(target.uid) && this.opts.observations) {
      draft.capture = this.observe(page, node, t).capture; // created after the observation was taken
    }
    this.addRef(draft, ref);
    this.drafts.push(draft);
    if (page.tabId !== null && this.pages.activeTabId === null) this.pages.activeTabId = page.tabId;
    const dialog = node ? this.dialogOf(node) : null;
    if (dialog) this.dialogActs.set(dialog, (this.dialogActs.get(dialog) ?? 0) + 1);
    this.lastActionAt.set(page, t);
    return draft;
  }

  private describeNow(page: Page, node: MNode): Target | null {
    return capture(this.pages, page, [node], false).describe(node);
  }

  /** The action turned out to be on another element (label -> its checkbox, field -> its host). */
  private retarget(d: Draft, node: MNode): void {
    if (d.node === node) return;
    d.node = node;
    d.layout = null; // the old box was the label's
    d.target = this.describeNow(d.page, node);
    if (d.target && !d.capture.uids.has(d.target.uid) && this.opts.observations) {
      d.capture = this.observe(d.page, node, d.startedAt).capture;
    }
  }

  private drop(d: Draft, into: Draft | null): void {
    d.dropped = true;
    if (into) for (const r of d.refs.values()) mergeRange(into.refs, r);
  }

  private touch(d: Draft, t: number, ref: EventRef): void {
    if (t > d.endedAt) d.endedAt = t;
    this.addRef(d, ref);
    this.lastActionAt.set(d.page, Math.max(this.lastActionAt.get(d.page) ?? 0, t));
  }

  private addRef(d: Draft, ref: EventRef): void {
    mergeRange(d.refs, { stream: ref.stream, from: ref.index, to: ref.index, count: 1 });
  }

  private last(): Draft | undefined {
    for (let i = this.drafts.length - 1; i >= 0; i--) {
      const d = this.drafts[i]!;
      if (!d.dropped) return d;
    }
    return undefined;
  }

  private noteActive(page: Page): void {
    if (page.tabId !== null && this.pages.activeTabId === null) this.pages.activeTabId = page.tabId;
  }

  private isClickOn(d: Draft, page: Page, node: MNode, t: number, withinMs: number): boolean {
    if (d.action.type !== 'click' || d.page !== page || !d.node || t - d.endedAt > withinMs) return false;
    return contains(node, d.node) || contains(d.node, node) || labelControl(page, d.node) === node;
  }

  private withLayout(d: Draft, layout: LayoutPayload | null, replace = false): void {
    if (layout && (replace || !d.layout)) d.layout = layout;
    else this.takePendingLayout(d);
  }

  private attachLayout(page: Page, layout: LayoutPayload, t: number, ref: EventRef): void {
    for (let i = this.drafts.length - 1; i >= 0; i--) {
      const d = this.drafts[i]!;
      if (t - d.endedAt > 1000) break;
      if (d.dropped || d.page !== page || d.layout) continue;
      if (
        d.node?.id === layout.targetId ||
        (layout.action === 'input' && d.node && contains(d.node, page.mirror.get(layout.targetId) ?? null))
      ) {
        d.layout = layout;
        this.addRef(d, ref);
        return;
      }
    }
    this.pendingLayouts.push({ page, layout, t });
    if (this.pendingLayouts.length > 8) this.pendingLayouts.shift();
  }

  private takePendingLayout(d: Draft): void {
    if (d.layout || !d.node) return;
    for (let i = this.pendingLayouts.length - 1; i >= 0; i--) {
      const p = this.pendingLayouts[i]!;
      if (p.page === d.page && p.layout.targetId === d.node.id && Math.abs(d.startedAt - p.t) < 1000) {
        d.layout = p.layout;
        this.pendingLayouts.splice(i, 1);
        return;
      }
    }
  }

  private dialogOf(node: MNode): MNode | null {
    for (let n: MNode | null = node; n && n.type !== DOCUMENT; n = n.parent) {
      const role = n.attrs.role;
      if (n.tag === 'dialog' || role === 'dialog' || role === 'alertdialog') return n;
    }
    return null;
  }

  /** True when this is the only action so far inside its dialog (closing it did nothing else). */
  private isFirstInDialog(d: Draft): boolean {
    const dialog = d.node ? this.dialogOf(d.node) : null;
    return dialog !== null && (this.dialogActs.get(dialog) ?? 0) <= 1;
  }

  private isCloseButton(d: Draft, node: MNode): boolean {
    if (!this.dialogOf(node)) return false;
    const name = d.target?.name ?? '';
    return CLOSE_NAMES.test(name.trim()) || /\bclose\b/i.test(node.attrs['aria-label'] ?? '');
  }
}

// ---- element helpers ----

function fieldKind(node: MNode): 'text' | 'check' | 'select' | 'other' {
  if (node.tag === 'select') return 'select';
  if (node.tag === 'textarea') return 'text';
  if (node.tag !== 'input') return 'other';
  const type = (node.attrs.type ?? '').toLowerCase();
  if (type === 'checkbox' || type === 'radio') return 'check';
  return TEXT_INPUT_TYPES.has(type) ? 'text' : 'other';
}

/** The element whose value a key or paste on `node` edits: a text field or a contenteditable host. */
function editTarget(page: Page, node: MNode): MNode | null {
  if (fieldKind(node) === 'text') return node;
  return editableHostOf(page.mirror, node);
}

function related(page: Page, node: MNode): MNode[] {
  const out: MNode[] = [];
  const control = labelControl(page, node);
  if (control) out.push(control);
  const host = editableHostOf(page.mirror, node);
  if (host && host !== node) out.push(host);
  return out;
}

/** The control a label (or an element inside one) is for. */
function labelControl(page: Page, node: MNode): MNode | null {
  let label: MNode | null = null;
  for (let n: MNode | null = node; n && n.type === ELEMENT; n = n.parent) {
    if (n.tag === 'label') {
      label = n;
      break;
    }
  }
  if (!label) return null;
  const forId = label.attrs.for;
  if (forId) {
    for (const n of page.mirror.nodes.values()) if (n.attrs.id === forId && n.type === ELEMENT) return n;
    return null;
  }
  const stack: MNode[] = [label];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n !== label && (n.tag === 'input' || n.tag === 'select' || n.tag === 'textarea')) return n;
    for (let c = n.first; c; c = c.next) stack.push(c);
  }
  return null;
}

/** `a` is `b` or an ancestor of it (across shadow roots, within one document). */
function contains(a: MNode, b: MNode | null): boolean {
  for (let n: MNode | null = b; n; n = n.parent) if (n === a) return true;
  return false;
}

function inSubDocument(node: MNode): boolean {
  for (let n: MNode | null = node; n; n = n.parent) if (n.type === DOCUMENT) return n.parent !== null;
  return false;
}

function isDocumentId(page: Page, id: number): boolean {
  const n = page.mirror.get(id);
  return !n || n.type === DOCUMENT || n.tag === 'html' || n.tag === 'body';
}

function optionLabel(select: MNode, value: string): string | null {
  const stack: MNode[] = [select];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.tag === 'option') {
      const text = (n.first?.text ?? '').trim();
      if ((n.attrs.value ?? text) === value) return text || null;
    }
    for (let c = n.first; c; c = c.next) stack.push(c);
  }
  return null;
}

function modifierList(m: Modifiers): Modifier[] {
  const out: Modifier[] = [];
  if (m.alt) out.push('Alt');
  if (m.ctrl) out.push('Control');
  if (m.meta) out.push('Meta');
  if (m.shift) out.push('Shift');
  return out;
}

function mergeRange(refs: Map<string, EventRange>, r: EventRange): void {
  const cur = refs.get(r.stream);
  if (!cur) refs.set(r.stream, { ...r });
  else {
    cur.from = Math.min(cur.from, r.from);
    cur.to = Math.max(cur.to, r.to);
    cur.count += r.count;
  }
}

export function applyDraftLayout(d: Draft): void {
  if (d.target && d.layout) applyLayout(d.target, d.layout);
}
