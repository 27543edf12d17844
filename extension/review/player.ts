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
  // A rebuilt snapshot may still be loading styles: place the box again once it has.
  replayer.on('fullsnapshot-rebuilded', () => {
    if (lastTarget && !box.hidden) requestAnimationFrame(() => highlight(lastTarget));
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
