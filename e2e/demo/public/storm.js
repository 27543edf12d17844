/**
 * Mutation storm for recorder benchmarks. Each animation frame inserts the share of `nodes` that is
 * due by now (so the total is spread over ~`ms` whatever the frame rate) and removes the previous
 * batch. Completion is signalled on window only: a DOM attribute would itself be a recorded mutation.
 */
const params = new URLSearchParams(location.search);
const TOTAL = Math.max(0, Number(params.get('nodes') ?? 200000) || 0);
const DURATION = Math.max(1, Number(params.get('ms') ?? 5000) || 5000);

const area = document.getElementById('storm-area');
const progress = document.querySelector('[data-testid="storm-progress"]');
const button = document.querySelector('[data-testid="storm-start"]');

function makeBatch(from, count) {
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < count; i++) {
    const div = document.createElement('div');
    div.className = 'storm-cell';
    div.textContent = `n${from + i}`;
    fragment.append(div);
  }
  return fragment;
}

function start() {
  if (button.disabled) return;
  button.disabled = true;
  window.__stormDone = false;
  window.__stormStats = undefined;
  progress.textContent = `Running: ${TOTAL} nodes over ~${DURATION} ms…`;

  const t0 = performance.now();
  let inserted = 0;
  let previous = [];
  let lastFrame = t0;
  let longestFrameMs = 0;

  function frame() {
    const now = performance.now();
    longestFrameMs = Math.max(longestFrameMs, now - lastFrame);
    lastFrame = now;
    const due = Math.min(TOTAL, Math.max(inserted, Math.ceil((TOTAL * (now - t0)) / DURATION)));
    for (const node of previous) node.remove();
    const batch = makeBatch(inserted, due - inserted);
    previous = Array.from(batch.children);
    area.append(batch);
    inserted = due;
    if (inserted < TOTAL) {
      requestAnimationFrame(frame);
      return;
    }
    for (const node of previous) node.remove();
    const elapsedMs = Math.round(performance.now() - t0);
    progress.textContent = `Done: ${TOTAL} nodes in ${elapsedMs} ms (longest frame ${Math.round(longestFrameMs)} ms).`;
    button.disabled = false;
    window.__stormStats = { nodes: TOTAL, elapsedMs, longestFrameMs: Math.round(longestFrameMs) };
    window.__stormDone = true;
  }
  requestAnimationFrame(frame);
}

window.__stormDone = false;
button.addEventListener('click', start);
if (params.get('auto') === '1') start();
