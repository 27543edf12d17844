/**
 * The popup shows the task in progress with its intent as the worker stored it (redacted), read
 * from IndexedDB: the coordinator keeps no raw intent (see session-events.ts). Until the worker
 * has stored the task's start event (or if it was forgotten), the popup says "in progress".
 */
import type { eventWithTime } from '@rrweb/types';
import { openReadView } from '../../shared/db';
import type { TaskRef } from '../../shared/protocol';
import { h } from '../ui/dom';

async function gunzipJson(data: Uint8Array): Promise<unknown> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return JSON.parse(await new Response(stream).text());
}

/** The redacted intent of the task's stored start event, or null when there is none (yet). */
export async function storedIntent(sessionId: string, task: TaskRef): Promise<string | null> {
  const db = openReadView();
  try {
    const chunk = await db.chunks.get([sessionId, `sw:${task.key}`, 0]);
    if (!chunk) return null;
    const events = (await gunzipJson(chunk.data)) as eventWithTime[];
    for (const e of events) {
      const data = e.data as {
        tag?: unknown;
        payload?: { op?: unknown; taskId?: unknown; intent?: unknown };
      };
      const p = data.payload;
      if (
        data.tag === 'rec/task' &&
        p?.op === 'start' &&
        p.taskId === task.taskId &&
        typeof p.intent === 'string'
      )
        return p.intent;
    }
    return null;
  } finally {
    db.close();
  }
}

/** A `<strong>` that shows "in progress" and then the stored, redacted intent. */
export function taskIntentLabel(sessionId: string | null, task: TaskRef): HTMLElement {
  const label = h('strong', {}, 'in progress');
  if (sessionId !== null) {
    void storedIntent(sessionId, task)
      .then((intent) => {
        if (intent !== null) label.textContent = intent;
      })
      .catch(() => {}); // the label stays "in progress"
  }
  return label;
}
