/**
 * Paste (capture's clipboard event): a `paste` action that absorbs the Ctrl/Cmd+V keypress or the
 * click on the field just before it; its value is the field's once the next action starts
 * (drafts.finishPaste), and the Input event the paste itself causes is not typing.
 */
import type { Page } from '../pages';
import { last, newDraft, retarget, touch } from './drafts';
import { contains, editTarget, labelControl } from './elements';
import { takePendingLayout } from './layout';
import type { Draft, EventRef, SegState } from './state';
import { closeType } from './typing';

export function onPaste(
  s: SegState,
  page: Page,
  targetId: number,
  text: string,
  t: number,
  ref: EventRef,
): void {
  const raw = page.mirror.get(targetId);
  if (!raw) return;
  const node = editTarget(page, raw) ?? raw;
  s.lastKeyAt.set(node, t);
  if (s.open) closeType(s, 'other_action');
  const prev = last(s);
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
    retarget(s, prev, node);
    touch(s, prev, t, ref);
    draft = prev;
  } else {
    draft = newDraft(s, page, { type: 'paste', text, value: '' }, node, t, ref);
  }
  s.paste = { draft, node, t, gotInput: false };
  takePendingLayout(s, draft);
}
