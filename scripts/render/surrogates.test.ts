import type { eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { sessionSurrogates, withSurrogates } from './surrogates';

const ev = (timestamp: number, data: Record<string, unknown>): eventWithTime =>
  ({ type: 3, timestamp, data }) as unknown as eventWithTime;

describe('session surrogates', () => {
  const events = [
    ev(1, {
      source: 0,
      texts: [{ id: 5, value: 'Hi [PERSON_NAME:aaaaaa]' }],
      adds: [],
      removes: [],
      attributes: [],
    }),
    ev(2, { source: 5, id: 7, text: '[EMAIL:bbbbbb]', isChecked: false }),
    ev(3, { source: 1, positions: [{ x: 1, y: 2, id: 3, timeOffset: 0 }] }),
    ev(4, {
      source: 0,
      texts: [],
      adds: [],
      removes: [],
      attributes: [{ id: 9, attributes: { title: 'Write to [EMAIL:cccccc] or [EMAIL:bbbbbb]' } }],
    }),
  ];
  const file = { tabs: [{ tabId: 1, streams: [], events }], frames: [], sessionEvents: [] };

  it('numbers placeholders in event order, whoever asks first (pixels or actions)', () => {
    const a = sessionSurrogates(file);
    expect(a.value('[EMAIL:cccccc]')).toBe('user2@example.com');
    const b = sessionSurrogates(file);
    expect(b.value('[EMAIL:bbbbbb]')).toBe('user1@example.com');
    expect(b.value('[EMAIL:cccccc]')).toBe('user2@example.com');
  });

  it('replaces every placeholder in every string and leaves other events as they are', () => {
    const synth = sessionSurrogates(file);
    const out = withSurrogates(events, synth);
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/\[[A-Z_]+:[0-9A-Za-z]{6}\]/);
    expect(text).toContain('Hi Alex Example');
    expect(text).toContain('Write to user2@example.com or user1@example.com');
    expect(out[2]).toBe(events[2]);
    expect(JSON.stringify(events)).toContain('[EMAIL:bbbbbb]'); // the input is not modified
  });
});
