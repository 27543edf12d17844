/**
 * Replay with our own controls around @rrweb/replay's Replayer (rrweb-player's latest release does
 * not install): play/pause, a timeline with task and step marks, speed, skip inactivity, and a box
 * that highlights a step's target over the replayed page. The replay is scaled to fit the stage.
 */
import { Replayer } from '@rrweb/replay';
import '@rrweb/replay/dist/style.css';
import type { eventWithTime } from '@rrweb/types';
import type { Box } from '../../shared/trajectory';
import { formatDuration, h } from '../ui/dom';
import { playerKeys } from './player-keys';
import { type Marker, timeline } from './timeline';

export interface HighlightTarget {
  /** rrweb node id in this replay (null when the target is in another stream, e.g. a cross-origin frame). */
  nodeId: number | null;
  /** Box in CSS px of the target's frame viewport, from capture; used when the node is not found. */
  bbox: Box | null;
  /** rrweb node id of the iframe element the bbox is relative to, if any. */
  frameNodeId: number | null;
}

export interface PlayerOptions {
  /** Absolute time shown as 00:00 (the session's start, so times match the step list). */
  origin?: number;
  /** Called on every frame while playing and after each seek, with the absolute replay time. */
  onTime?: (at: number, playing: boolean) => void;
}

export interface Player {
  replayer: Replayer;
  /** Absolute time of the first event. */
  start: number;
  total: number;
  /** Moves the playhead; playback goes on if it was playing. */
  seek(offsetMs: number): void;
  seekTo(at: number): void;
  pause(): void;
  /** Absolute time shown now. */
  now(): number;
  setMarkers(markers: Marker[]): void;
  highlight(target: HighlightTarget | null): void;
  /**
   * Outlines every place the replayed page shows `term` at the playhead (its text, or a field's
   * value), again after each seek while paused; null clears. Returns how many it outlined now.
   */
  markText(term: string | null): number;
  /** Resolves when the first frame has been painted. */
  ready: Promise<void>;
  destroy(): void;
}

/** `mount` must already be in the document: the Replayer builds a sandboxed iframe inside it. */
export function createPlayer(events: eventWithTime[], mount: HTMLElement, opts: PlayerOptions = {}): Player {
  const stage = h('div', { class: 'stage', role: 'region', 'aria-label': 'Replay' });
  mount.replaceChildren(stage);
  const replayer = new Replayer(events, {
    root: stage,
    skipInactive: true,
    showWarning: false,
    mouseTail: false,
    useVirtualDom: true,
    // Replayed focus must not take the keyboard away from the review page's own controls.
    triggerFocus: false,
  });
  const meta = replayer.getMetaData();
  const total = meta.totalTime;
  const start = meta.startTime;
  const box = h('div', { class: 'replay-highlight', hidden: true });
  const playBtn = h('button', { type: 'button', class: 'play' }, 'Play');
  const origin = opts.origin ?? start;
  const clock = (offset: number) => formatDuration(start + offset - origin);
  const time = h('span', { class: 'time' }, `${clock(0)} / ${clock(total)}`);
  const speed = h(
    'select',
    { 'aria-label': 'Speed' },
    ...[1, 2, 4, 8].map((s) => h('option', { value: s }, `${s}x`)),
  );
  const skip = h('input', { type: 'checkbox', id: 'skip-inactive', checked: true });
  let playing = false;
  let raf = 0;
  let lastTarget: HighlightTarget | null = null;
  const marks = h('div', { class: 'replay-marks' });
  let markedTerm: string | null = null;

  /**
   * The playhead in [0, total]. Before the first play() the Replayer's baseline is 0, so its
   * getCurrentTime() is minus the first event's epoch time: playing "from there" waited decades.
   */
  const current = () => Math.max(0, Math.min(replayer.getCurrentTime(), total));
  const update = () => {
    const t = current();
    bar.set(t);
    time.textContent = `${clock(t)} / ${clock(total)}`;
    opts.onTime?.(start + t, playing);
    if (playing && t >= total) setPlaying(false);
    if (playing) raf = requestAnimationFrame(update);
  };
  const setPlaying = (on: boolean) => {
    playing = on;
    playBtn.textContent = on ? 'Pause' : 'Play';
    cancelAnimationFrame(raf);
    if (on) {
      box.hidden = true;
      marks.replaceChildren();
      const from = current() >= total ? 0 : current();
      replayer.play(from);
      raf = requestAnimationFrame(update);
    } else {
      replayer.pause();
      update(); // the last frames may have been skipped: report where it stopped
    }
  };
  // pause(totalTime) leaves the last millisecond unapplied: seeking to the end goes one past it.
  const seek = (ms: number) => {
    const t = Math.max(0, Math.min(ms, total));
    if (playing) {
      replayer.play(t);
    } else {
      replayer.pause(t >= total ? total + 1 : t);
      box.hidden = true;
      if (markedTerm !== null) requestAnimationFrame(drawMarks);
    }
    update();
  };
  const bar = timeline(start, total, seek, clock);
  /** Offsets of the step marks, sorted: ←/→ move between them. */
  let stepOffsets: number[] = [];
  const setMarkers = (markers: Marker[]) => {
    stepOffsets = markers
      .filter((m) => m.kind === 'step')
      .map((m) => m.at - start)
      .sort((a, b) => a - b);
    bar.setMarkers(markers);
  };
  const keys = playerKeys({
    toggle: () => setPlaying(!playing),
    jump: (ms) => seek(current() + ms),
    step: (dir) => {
      // 1 s of slack so "previous" from just after a step's start goes to the one before it
      const t = current();
      const next =
        dir > 0 ? stepOffsets.find((o) => o > t + 1) : stepOffsets.filter((o) => o < t - 1000).at(-1);
      if (next !== undefined) seek(next);
    },
  });

  playBtn.addEventListener('click', () => setPlaying(!playing));
  speed.addEventListener('change', () => replayer.setConfig({ speed: Number(speed.value) }));
  skip.addEventListener('change', () => replayer.setConfig({ skipInactive: skip.checked }));
  replayer.on('finish', () => setPlaying(false));

  const wrapper = () => stage.querySelector<HTMLElement>('.replayer-wrapper');
  const fitToStage = () => {
    const w = wrapper();
    const iframe = replayer.iframe;
    if (!w || !iframe) return;
    if (box.parentElement !== w) w.append(box);
    if (marks.parentElement !== w) w.append(marks);
    const scale = Math.min(
      stage.clientWidth / Number(iframe.width),
      stage.clientHeight / Number(iframe.height),
      1,
    );
    w.style.transform = `scale(${scale})`;
  };
  replayer.on('resize', fitToStage);
  // The replayed page's links and fields are inert copies: `inert` takes them (and the frame) out
  // of the Tab order and of focus; the step list and the controls describe what happens in it.
  replayer.iframe.inert = true;
  const observer = new ResizeObserver(fitToStage);
  observer.observe(stage);

  const highlight = (target: HighlightTarget | null) => {
    lastTarget = target;
    box.hidden = true;
    if (!target) return;
    const rect = targetRect(replayer, target);
    if (!rect || (rect.width === 0 && rect.height === 0)) return;
    fitToStage();
    Object.assign(box.style, {
      left: `${rect.x - 3}px`,
      top: `${rect.y - 3}px`,
      width: `${rect.width + 6}px`,
      height: `${rect.height + 6}px`,
    });
    box.hidden = false;
  };
  /**
   * Boxes drawn over the replay, not marks inserted into it: the replayed DOM stays exactly what
   * was recorded, and the next mutation or snapshot cannot take them away.
   */
  function drawMarks(): number {
    marks.replaceChildren();
    const doc = replayer.iframe.contentDocument;
    if (markedTerm === null || !doc || playing) return 0;
    fitToStage();
    const rects = textRects(doc, doc, markedTerm.toLowerCase(), 0);
    for (const r of rects.slice(0, 200)) {
      const m = h('div', { class: 'replay-mark' });
      Object.assign(m.style, {
        left: `${r.x - 2}px`,
        top: `${r.y - 2}px`,
        width: `${r.width + 4}px`,
        height: `${r.height + 4}px`,
      });
      marks.append(m);
    }
    return rects.length;
  }
  const markText = (term: string | null): number => {
    markedTerm = term && term.length > 0 ? term : null;
    return drawMarks();
  };
  // A rebuilt snapshot may still be loading styles: place the box again once it has.
  replayer.on('fullsnapshot-rebuilded', () => {
    if (lastTarget && !box.hidden) requestAnimationFrame(() => highlight(lastTarget));
    if (markedTerm !== null) requestAnimationFrame(drawMarks);
  });

  mount.append(
    h(
      'div',
      { class: 'controls' },
      playBtn,
      bar.el,
      time,
      speed,
      h('label', { for: 'skip-inactive', class: 'inline' }, skip, ' Skip inactivity'),
      keys.help,
    ),
  );
  const ready = new Promise<void>((resolve) => {
    replayer.on('fullsnapshot-rebuilded', () => {
      performance.mark('review:snapshot-rebuilt');
      requestAnimationFrame(() => resolve());
    });
  });
  // The Replayer shows its first snapshot by itself; a pause(0) here would walk every event first.
  queueMicrotask(fitToStage);
  return {
    replayer,
    start,
    total,
    seek,
    seekTo: (at) => seek(at - start),
    pause: () => {
      if (playing) setPlaying(false);
    },
    now: () => start + current(),
    setMarkers,
    highlight,
    markText,
    ready,
    destroy() {
      cancelAnimationFrame(raf);
      keys.dispose();
      observer.disconnect();
      replayer.destroy();
    },
  };
}

/** The target's box in the replay iframe's viewport (CSS px of the recorded page). */
function targetRect(replayer: Replayer, t: HighlightTarget): Box | null {
  const mirror = replayer.getMirror();
  const top = replayer.iframe.contentDocument;
  const node = t.nodeId === null ? null : mirror.getNode(t.nodeId);
  if (node && node.nodeType === 1 && node.isConnected) {
    const r = (node as Element).getBoundingClientRect();
    const off = frameOffset(node.ownerDocument, top);
    return { x: r.x + off.x, y: r.y + off.y, width: r.width, height: r.height };
  }
  if (!t.bbox) return null;
  const frame = t.frameNodeId === null ? null : mirror.getNode(t.frameNodeId);
  if (frame && frame.nodeType === 1 && frame.isConnected) {
    const r = (frame as Element).getBoundingClientRect();
    const off = frameOffset(frame.ownerDocument, top);
    return { ...t.bbox, x: t.bbox.x + r.x + off.x, y: t.bbox.y + r.y + off.y };
  }
  return t.bbox;
}

/**
 * Boxes (in the top replay document's viewport) of every visible occurrence of `lower` in `doc`'s
 * text nodes and field values, nested replayed frames included. Case-insensitive, as redaction
 * terms are; an occurrence split across elements is not found.
 */
function textRects(doc: Document, top: Document, lower: string, depth: number): Box[] {
  const out: Box[] = [];
  const root = doc.body ?? doc.documentElement;
  if (!root) return out;
  const off = frameOffset(doc, top);
  const add = (r: DOMRect) => {
    if (r.width > 0 && r.height > 0)
      out.push({ x: r.x + off.x, y: r.y + off.y, width: r.width, height: r.height });
  };
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = doc.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n as Text).data.toLowerCase();
    for (let i = text.indexOf(lower); i >= 0; i = text.indexOf(lower, i + lower.length)) {
      range.setStart(n, i);
      range.setEnd(n, i + lower.length);
      for (const r of range.getClientRects()) add(r);
    }
  }
  for (const f of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))
    if (f.value.toLowerCase().includes(lower)) add(f.getBoundingClientRect());
  if (depth < 3)
    for (const frame of root.querySelectorAll('iframe')) {
      const inner = frame.contentDocument;
      if (inner) out.push(...textRects(inner, top, lower, depth + 1));
    }
  return out;
}

/** Offset of a (same-origin) iframe document's viewport inside the replay's top document. */
function frameOffset(doc: Document | null, top: Document | null): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let d = doc; d && d !== top; ) {
    const el = d.defaultView?.frameElement;
    if (!el) break;
    const r = el.getBoundingClientRect();
    x += r.x + el.clientLeft;
    y += r.y + el.clientTop;
    d = el.ownerDocument;
  }
  return { x, y };
}
