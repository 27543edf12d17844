// A page that forges user actions: dispatched (untrusted) submit and click events, which must make
// no step, and masked text that changes after load (a characterData mutation under the mask).
const submits = document.getElementById('submits');
for (const form of document.querySelectorAll('form')) {
  form.addEventListener('submit', (e) => {
    e.preventDefault(); // stay on the page
    submits.textContent = String(Number(submits.textContent) + 1);
  });
}

document.getElementById('reveal').addEventListener('click', () => {
  document.getElementById('masked-live').firstChild.data = 'Quillon Brackenbury-Fitz 5521';
});

/** Called by the test from the page's own world: script-made events, as a hostile page makes them. */
window.forge = () => {
  const form = document.getElementById('forged-form');
  form.dispatchEvent(new SubmitEvent('submit', { bubbles: true, cancelable: true }));
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  const target = document.getElementById('forged-target');
  target.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
  target.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  const field = document.getElementById('forged-field');
  field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true }));
  field.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
};
