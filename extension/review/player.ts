/**
 * Replay controls around @rrweb/replay's Replayer (rrweb-player's latest release does not install):
 * play/pause, a timeline, speed, skip inactivity. The replay is scaled to fitToStage the stage.
 */
import { Replayer } from '@rrweb/replay';
import '@rrweb/replay/dist/style.css';
import type { eventWithTime } from '@rrweb/types';
import { formatDuration, h } from '../ui/dom';

export interface Player {
  replayer: Replayer;
  seek(offsetMs: number): void;
  destroy(): void;
}

/** `mount` must already be in the document: the Replayer builds a sandboxed iframe inside it. */
export function createPlayer(events: eventWithTime[], mount: HTMLElement): Player {
  const stage = h('div', { class: 'stage', 'aria-label': 'Replay' });
  mount.replaceChildren(stage);
  const replayer = new Replayer(events, {
    root: stage,
    skipInactive: true,
    showWarning: false,
    mouseTail: false,
    // Frames from origins the user did not enable were not recorded: say so instead of a blank box.
    insertStyleRules: [
      'iframe[data-rec-frame="not-recorded"] { background: repeating-linear-gradient(45deg, #f1f3f4, #f1f3f4 10px, #e8eaed 10px, #e8eaed 20px); outline: 1px dashed #9aa0a6; }',
    ],
    useVirtualDom: true,
  });
  const meta = replayer.getMetaData();
  const total = meta.totalTime;
  const playBtn = h('button', { type: 'button' }, 'Play');
  const slider = h('input', {
    type: 'range',
    min: 0,
    max: total,
    value: 0,
    step: 1,
    'aria-label': 'Timeline',
  });
  const time = h('span', { class: 'time', 'aria-label': 'Replay time' }, `00:00 / ${formatDuration(total)}`);
  const speed = h(
    'select',
    { 'aria-label': 'Speed' },
    ...[1, 2, 4, 8].map((s) => h('option', { value: s }, `${s}x`)),
  );
  const skip = h('input', { type: 'checkbox', id: 'skip-inactive', checked: true });
  let playing = false;
  let raf = 0;

  const update = () => {
    const t = Math.min(replayer.getCurrentTime(), total);
    slider.value = String(t);
    time.textContent = `${formatDuration(t)} / ${formatDuration(total)}`;
    if (playing && t >= total) setPlaying(false);
    if (playing) raf = requestAnimationFrame(update);
  };
  const setPlaying = (on: boolean) => {
    playing = on;
    playBtn.textContent = on ? 'Pause' : 'Play';
    cancelAnimationFrame(raf);
    if (on) {
      const from = replayer.getCurrentTime() >= total ? 0 : replayer.getCurrentTime();
      replayer.play(from);
      raf = requestAnimationFrame(update);
    } else replayer.pause();
  };
  // pause(totalTime) leaves the last millisecond unapplied: seeking to the end goes one past it.
  const seek = (ms: number) => {
    setPlaying(false);
    replayer.pause(ms >= total ? total + 1 : ms);
    update();
  };

  playBtn.addEventListener('click', () => setPlaying(!playing));
  slider.addEventListener('input', () => seek(Number(slider.value)));
  speed.addEventListener('change', () => replayer.setConfig({ speed: Number(speed.value) }));
  skip.addEventListener('change', () => replayer.setConfig({ skipInactive: skip.checked }));
  replayer.on('finish', () => setPlaying(false));

  const fitToStage = () => {
    const wrapper = stage.querySelector<HTMLElement>('.replayer-wrapper');
    const iframe = stage.querySelector('iframe');
    if (!wrapper || !iframe) return;
    const scale = Math.min(
      stage.clientWidth / Number(iframe.width),
      stage.clientHeight / Number(iframe.height),
      1,
    );
    wrapper.style.transform = `scale(${scale})`;
  };
  replayer.on('resize', fitToStage);
  const observer = new ResizeObserver(fitToStage);
  observer.observe(stage);

  mount.append(
    h(
      'div',
      { class: 'controls' },
      playBtn,
      slider,
      time,
      speed,
      h('label', { for: 'skip-inactive', style: 'margin:0;font-weight:400' }, skip, ' Skip inactivity'),
    ),
  );
  queueMicrotask(() => {
    replayer.pause(0);
    fitToStage();
  });
  return {
    replayer,
    seek,
    destroy() {
      cancelAnimationFrame(raf);
      observer.disconnect();
      replayer.destroy();
    },
  };
}
