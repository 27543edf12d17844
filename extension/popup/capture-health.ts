/**
 * The popup's live line while recording: the session clock, ticking, and capture health as the
 * offscreen document sees it (events durably saved, time of the last save, batches waiting for the
 * writer). It turns red when a batch has waited too long: saves have stalled.
 */
import { send } from '../../shared/messaging';
import type { CaptureStats } from '../../shared/protocol';
import { formatDuration, h, put } from '../ui/dom';

/** A batch unacked for this long means the writer is not keeping up (or is gone). */
export const STALL_MS = 10_000;
const POLL_MS = 1000;

export type Health = { kind: 'ok' | 'stalled' | 'unknown'; text: string };

export function describeHealth(s: CaptureStats | null, now: number): Health {
  if (!s) return { kind: 'unknown', text: 'Capture status unknown (the recorder is starting).' };
  const last = s.lastSaveAt === null ? 'nothing saved yet' : `last save ${clockTime(s.lastSaveAt)}`;
  const pending = `${s.pending} batch${s.pending === 1 ? '' : 'es'} waiting`;
  const text = `${s.eventsSaved} events saved · ${last} · ${pending}`;
  if (s.oldestPendingAt !== null && now - s.oldestPendingAt > STALL_MS) {
    const waited = formatDuration(now - s.oldestPendingAt);
    return { kind: 'stalled', text: `Saves stalled: a batch has waited ${waited}. ${text}` };
  }
  return { kind: 'ok', text };
}

function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Renders and keeps updating until the element leaves the document. */
export function captureLine(sessionId: string | null, startedAt: number | null): HTMLElement {
  const clock = h('span', {}, '');
  const health = h('p', { class: 'health', 'aria-label': 'Capture health' }, '');
  const el = h(
    'div',
    {},
    h('p', { class: 'muted' }, `Session ${sessionId?.slice(0, 8) ?? ''} · `, clock),
    health,
  );
  const tick = () => {
    clock.textContent = formatDuration(Date.now() - (startedAt ?? Date.now()));
  };
  const poll = async () => {
    const stats = await send('sw', 'ui/health', {}).catch(() => null);
    // Counts of another session (the offscreen document outlived a restart) say nothing here.
    const mine = stats && stats.sessionId === sessionId ? stats : null;
    const d = describeHealth(mine, Date.now());
    health.className = `health ${d.kind}`;
    put(health, d.text);
  };
  tick();
  void poll();
  // The popup re-renders on every action: a line no longer shown stops its timer.
  const timer = setInterval(() => {
    if (!el.isConnected) return clearInterval(timer);
    tick();
    void poll();
  }, POLL_MS);
  return el;
}
