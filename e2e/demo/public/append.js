/**
 * Appends 1,000 items, each with exactly 10 descendant nodes:
 *   h4 + text, p + text, ul > (li + text) x2, hr  =  2 + 2 + 5 + 1.
 * `__appendMs` runs until the frame after the append, so it includes MutationObserver callbacks
 * (a recorder's work) and layout, not just the synchronous DOM calls (`__appendSyncMs`).
 */
const area = document.getElementById('append-area');
const result = document.querySelector('[data-testid="append-result"]');
let round = 0;

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function item(n) {
  const root = el('div');
  root.className = 'append-item';
  const list = el('ul');
  list.append(el('li', 'Status: open'), el('li', `Queue ${n % 7}`));
  root.append(el('h4', `Item ${n}`), el('p', `Generated row ${n} of round ${round}`), list, el('hr'));
  return root;
}

document.querySelector('[data-testid="append-button"]').addEventListener('click', () => {
  window.__appendMs = undefined;
  round++;
  const t0 = performance.now();
  for (let i = 0; i < 1000; i++) area.append(item(i));
  window.__appendSyncMs = performance.now() - t0;
  requestAnimationFrame(() => {
    setTimeout(() => {
      const ms = performance.now() - t0;
      result.textContent = `Appended 1000 items in ${ms.toFixed(1)} ms.`;
      window.__appendMs = ms;
    }, 0);
  });
});
