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
  /** A required name field (the reviewer), prefilled; read-only when set by policy. */
  name?: { label: string; value: string | null; readonly: boolean };
  /** Shown above the buttons, as an alert (e.g. "this session has no steps"). */
  warning?: string | null;
}

export function ask(opts: AskOptions): Promise<{ note: string; name: string } | null> {
  return new Promise((resolve) => {
    const note = opts.note ? h('textarea', { id: 'dialog-note', rows: 3, maxlength: 1000 }) : null;
    const name = opts.name
      ? h('input', {
          id: 'dialog-name',
          type: 'text',
          required: true,
          maxlength: 100,
          autocomplete: 'name',
          readonly: opts.name.readonly,
        })
      : null;
    if (name && opts.name?.value) name.value = opts.name.value;
    const ok = h('button', { type: 'submit', class: opts.danger ? 'danger' : 'primary' }, opts.confirm);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'dialog-title' }, opts.title),
      h('p', {}, opts.body),
      opts.warning ? h('p', { class: 'warning', role: 'alert' }, opts.warning) : null,
      name ? h('label', { for: 'dialog-name' }, opts.name?.label) : null,
      name,
      note ? h('label', { for: 'dialog-note' }, opts.note) : null,
      note,
      h('p', { class: 'row actions' }, ok, cancel),
    );
    const dialog = h('dialog', { 'aria-labelledby': 'dialog-title', class: 'ask' }, form);
    let result: { note: string; name: string } | null = null;
    form.addEventListener('submit', () => {
      result = { note: note?.value.trim() ?? '', name: name?.value.trim() ?? '' };
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    document.body.append(dialog);
    dialog.showModal();
    // The first thing still to fill in takes the focus.
    (name && !name.value.trim() ? name : (note ?? ok)).focus();
  });
}
