/**
 * The replay timeline: a range input (keyboard: arrows, Home/End) with task boundaries and steps
 * drawn over it. The marks are pointer shortcuts only (hidden from assistive technology): every
 * step is also a button in the step list.
 */
import { formatDuration, h } from '../ui/dom';

export interface Marker {
  /** Absolute time (ms since epoch). */
  at: number;
  /** `gap`: recording was paused here (nothing of the pause is recorded). */
  kind: 'task' | 'step' | 'gap';
  label: string;
}

export interface Timeline {
  el: HTMLElement;
  set(offsetMs: number): void;
  setMarkers(markers: Marker[]): void;
}

/** `clock` formats an offset from `start` for people (the player shows session time). */
export function timeline(
  start: number,
  total: number,
  seek: (offsetMs: number) => void,
  clock: (offsetMs: number) => string = formatDuration,
): Timeline {
  const slider = h('input', {
    type: 'range',
    min: 0,
    max: total,
    value: 0,
    step: 1,
    'aria-label': 'Timeline',
  });
  const marks = h('div', { class: 'marks', 'aria-hidden': 'true' });
  slider.addEventListener('input', () => seek(Number(slider.value)));
  const text = (ms: number) => `${clock(ms)} of ${clock(total)}`;
  return {
    el: h('div', { class: 'timeline' }, marks, slider),
    set(offsetMs) {
      slider.value = String(offsetMs);
      slider.setAttribute('aria-valuetext', text(offsetMs));
    },
    setMarkers(markers) {
      marks.replaceChildren(
        ...markers
          .filter((m) => m.at >= start && m.at <= start + total)
          .map((m) => {
            const offset = m.at - start;
            const mark = h('span', {
              class: `mark ${m.kind}`,
              title: `${m.label} (${clock(offset)})`,
              style: `left:${total > 0 ? (offset / total) * 100 : 0}%`,
            });
            mark.addEventListener('click', () => seek(offset));
            return mark;
          }),
      );
    },
  };
}
