/** Same-origin iframe page: local-only "save" so tests can assert on the frame's own DOM. */
const form = document.querySelector('form');
const status = document.querySelector('[data-testid="note-status"]');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  status.textContent = 'Note saved';
});
