/**
 * The page the renderer drives: @rrweb/replay's browser bundle, a root for the Replayer, and a
 * few functions the node side calls with `page.evaluate`. Served from a made-up origin through
 * Playwright's router (nothing is listening anywhere); every other request is aborted.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const ORIGIN = 'http://render.invalid';

const require = createRequire(import.meta.url);

/** The UMD build defines `rrwebReplay` on the page's global object. */
export function replayBundle(): string {
  // The package's exports map hides dist/: resolve its entry and read the sibling UMD file.
  return readFileSync(join(dirname(require.resolve('@rrweb/replay')), 'replay.umd.min.cjs'), 'utf8');
}

export const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8">
<style>
  html, body { margin: 0; padding: 0; overflow: hidden; background: #fff; }
  .replayer-wrapper { position: absolute; left: 0; top: 0; }
  .replayer-wrapper > iframe { border: 0; display: block; pointer-events: none; }
  /* The screenshot is what the user saw: rrweb's drawn cursor and click ripple are not in it. */
  .replayer-mouse, .replayer-mouse-tail { display: none !important; }
</style>
<script src="/replay.js"></script>
</head><body><div id="root"></div><script src="/harness.js"></script></body></html>`;

/** Runs in the page. Plain JS: it is served as a file, not bundled. */
export const HARNESS_JS = `
'use strict';
let replayer = null;
const root = document.getElementById('root');
const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

window.__load = async (url) => {
  const events = await (await fetch(url)).json();
  if (replayer) replayer.destroy();
  root.replaceChildren();
  replayer = new rrwebReplay.Replayer(events, {
    root,
    skipInactive: false,
    showWarning: false,
    showDebug: false,
    mouseTail: false,
    useVirtualDom: true,
    triggerFocus: false,
    UNSAFE_replayCanvas: false,
    // No rrweb blocking rule: the redacted events are what the reviewer saw.
    insertStyleRules: ['*, *::before, *::after { caret-color: transparent !important; }'],
  });
  // The Replayer draws its first snapshot from a timer: let it run before the first seek.
  await new Promise((r) => setTimeout(r, 5));
  const meta = replayer.getMetaData();
  return { startTime: meta.startTime, totalTime: meta.totalTime };
};

/** Applies every event before startTime + offset, then waits until the state is painted. */
window.__seek = async (offset) => {
  replayer.pause(offset);
  const docs = [];
  const walk = (d) => {
    if (!d) return;
    docs.push(d);
    for (const f of d.querySelectorAll('iframe')) {
      try { walk(f.contentDocument); } catch {}
    }
  };
  walk(replayer.iframe.contentDocument);
  const waits = [];
  for (const d of docs) {
    for (const img of d.images) if (!img.complete) waits.push(img.decode().catch(() => {}));
    if (d.fonts) waits.push(d.fonts.ready);
  }
  await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, 500))]);
  await frame();
  return { width: Number(replayer.iframe.width), height: Number(replayer.iframe.height) };
};

/**
 * Scrolls the replayed top document to where capture saw it at the action. rrweb samples scroll
 * events, so one can land just after the click it made possible; the layout event is exact.
 */
window.__scrollTo = async (x, y) => {
  const win = replayer.iframe.contentWindow;
  if (!win || (Math.abs(win.scrollX - x) < 1 && Math.abs(win.scrollY - y) < 1)) return false;
  win.scrollTo(x, y);
  await frame();
  return true;
};

/** Offset of a (same-origin) frame's viewport inside the replay's top viewport. */
function offsetOf(doc) {
  let x = 0, y = 0;
  const top = replayer.iframe.contentDocument;
  for (let d = doc; d && d !== top; ) {
    const el = d.defaultView && d.defaultView.frameElement;
    if (!el) break;
    const r = el.getBoundingClientRect();
    x += r.x + el.clientLeft; y += r.y + el.clientTop;
    d = el.ownerDocument;
  }
  return { x, y };
}

/** Hides everything but one element (and what it contains); null shows everything again. */
let isolated = null;
window.__isolate = async (nodeId) => {
  document.body.style.background = nodeId === null ? '' : 'transparent';
  document.documentElement.style.background = nodeId === null ? '' : 'transparent';
  if (isolated) {
    isolated.style.remove();
    isolated.node.removeAttribute('data-render-isolate');
    isolated = null;
  }
  if (nodeId === null) return;
  const node = replayer.getMirror().getNode(nodeId);
  if (!node || node.nodeType !== 1) return;
  const style = node.ownerDocument.createElement('style');
  style.textContent =
    'html { background: transparent !important; } body { background: transparent !important; }' +
    'html, html * { visibility: hidden !important; }' +
    '[data-render-isolate], [data-render-isolate] * { visibility: visible !important; }';
  node.ownerDocument.head.append(style);
  node.setAttribute('data-render-isolate', '');
  isolated = { style, node };
  await frame();
};

/** The rendered box of an rrweb node, in CSS px of the replay's top viewport (null if absent). */
window.__rect = (nodeId) => {
  const node = replayer.getMirror().getNode(nodeId);
  if (!node || node.nodeType !== 1 || !node.isConnected) return null;
  const r = node.getBoundingClientRect();
  const o = offsetOf(node.ownerDocument);
  return { x: r.x + o.x, y: r.y + o.y, width: r.width, height: r.height };
};
`;
