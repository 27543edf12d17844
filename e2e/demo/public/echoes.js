/**
 * /echoes: the page copies what the user types into other nodes on every keystroke, the way real
 * apps do (a label edited in place, a live preview, a search-results header that also goes into
 * the URL and the title, a "To:" chip, a character counter). A recorder that redacts only the
 * field's value stores every prefix of it through these echoes.
 */

// In-place edit: the label follows the input while typing; Enter or blur ends the edit.
for (const n of [1, 2]) {
  const label = document.querySelector(`[data-testid="todo-label-${n}"]`);
  const edit = document.querySelector(`[data-testid="todo-edit-${n}"]`);
  edit.addEventListener('click', () => {
    const input = document.createElement('input');
    input.type = 'text';
    input.value = label.textContent;
    input.setAttribute('aria-label', `Follow-up ${n} text`);
    input.dataset.testid = `todo-input-${n}`;
    edit.after(input);
    edit.hidden = true;
    input.focus();
    input.select();
    input.addEventListener('input', () => {
      label.textContent = input.value;
    });
    let finished = false;
    const done = () => {
      // Removing the focused input fires blur, which calls done() again.
      if (finished) return;
      finished = true;
      input.remove();
      edit.hidden = false;
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') done();
    });
    input.addEventListener('blur', done, { once: true });
  });
}

// Live preview: one paragraph per line, rebuilt on every input (child-list mutations).
const previewInput = document.querySelector('[data-testid="preview-input"]');
const preview = document.querySelector('[data-testid="preview-output"]');
previewInput.addEventListener('input', () => {
  preview.replaceChildren(
    ...previewInput.value.split('\n').map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    }),
  );
});

// Search as you type: the header, the URL (?q=) and the page title all echo the query.
const search = document.querySelector('[data-testid="directory-search"]');
const header = document.querySelector('[data-testid="directory-header"]');
search.addEventListener('input', () => {
  const q = search.value;
  header.textContent = q ? `Results for “${q}”` : 'All people';
  document.title = q ? `${q} · Directory · Acme Desk` : 'Echoes · Acme Desk';
  const url = new URL(location.href);
  if (q) url.searchParams.set('q', q);
  else url.searchParams.delete('q');
  history.replaceState(null, '', url);
});

// Compose: the recipient becomes a chip as you type; the topic line has a counter.
const to = document.querySelector('[data-testid="compose-to"]');
const chip = document.querySelector('[data-testid="compose-chip"]');
to.addEventListener('input', () => {
  chip.textContent = to.value ? `To: ${to.value}` : 'To: nobody yet';
  chip.title = to.value;
});
const topic = document.querySelector('[data-testid="compose-topic"]');
const counter = document.querySelector('[data-testid="compose-counter"]');
topic.addEventListener('input', () => {
  counter.textContent = `${topic.value.length}/80`;
});
