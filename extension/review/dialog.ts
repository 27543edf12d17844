/**
 * A modal confirmation with an optional note, on the native <dialog> (focus is trapped and returned,
 * Escape cancels), for decisions that need more than confirm() offers.
 */
import { h } from '../ui/dom';

export interface AskOptions {
  title: string;
  body: string;
  confirm: string;
  /** Label of a note field, if a note may be given. */
  note?: string;
  danger?: boolean;
}

export function ask(opts: AskOptions): Promise<{ note: string } | null> {
  return new Promise((resolve) => {
    const note = opts.note ? h('textarea', { id: 'dialog-note', rows: 3, maxlength: 1000 }) : null;
    const ok = h('button', { type: 'submit', class: opts.danger ? 'danger' : 'primary' }, opts.confirm);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'dialog-title' }, opts.title),
      h('p', {}, opts.body),
      note ? h('label', { for: 'dialog-note' }, opts.note) : null,
      note,
      h('p', { class: 'row actions' }, ok, cancel),
    );
    const dialog = h('dialog', { 'aria-labelledby': 'dialog-title', class: 'ask' }, form);
    let result: { note: string } | null = null;
    form.addEventListener('submit', () => {
      result = { note: note?.value.trim() ?? '' };
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    (note ?? ok).focus();
  });
}
