/** The toolbar badge is the always-visible recording indicator. */
import type { RecordingState } from '../../shared/protocol';

const LOOK: Record<RecordingState, { text: string; color: string; title: string }> = {
  idle: { text: '', color: '#5f6368', title: 'Recorder: not recording' },
  recording: { text: 'REC', color: '#d93025', title: 'Recorder: recording this window' },
  paused: { text: 'II', color: '#f29900', title: 'Recorder: paused' },
  error: { text: 'ERR', color: '#a50e0e', title: 'Recorder: stopped by an error' },
};

export async function showBadge(state: RecordingState, detail?: string | null): Promise<void> {
  const look = LOOK[state];
  await Promise.all([
    chrome.action.setBadgeText({ text: look.text }),
    chrome.action.setBadgeBackgroundColor({ color: look.color }),
    chrome.action.setTitle({ title: detail ? `${look.title}: ${detail}` : look.title }),
  ]);
}
