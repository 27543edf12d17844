/**
 * Mind2Web's `raw_html`: the whole (redacted) page of the step's tab just before the action, with
 * every element's `backend_node_id`, rebuilt from the stored events with the segmenter's mirror.
 *
 * Decisions:
 * - One pass per tab over its events, serializing at each step's first event of that tab; cost is
 *   O(events + steps x page size), like observations.
 * - `backend_node_id` uses the target's uid prefix (`p<pageLoad>`), so the target's id in raw_html
 *   equals its id in cleaned_html and in pos_candidates. Where the step has no target in the top
 *   document, elements carry no id.
 * - rrweb's own attributes (`rr_*`) are dropped; live form values and checked states are written as
 *   attributes. Same-origin iframe documents are inlined in their iframe element.
 */

import type { eventWithTime } from '@rrweb/types';
import { EventType, Source } from '../../shared/events';
import type { StoredSession } from '../../shared/read-session';
import type { Step, Trajectory } from '../../shared/trajectory';
import { DOCUMENT, ELEMENT, Mirror, type MNode, TEXT } from '../trajectory/mirror';

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const MAX_DEPTH = 400;

interface Wanted {
  step: Step;
  index: number;
  prefix: string | null;
}

/** raw_html of every step that happened in a recorded tab. */
export function rawHtmlOfSteps(stored: StoredSession, trajectories: Trajectory[]): Map<Step, string> {
  const out = new Map<Step, string>();
  for (const tab of stored.tabs) {
    const stream = `tab:${tab.tabId}`;
    const wanted: Wanted[] = [];
    for (const t of trajectories) {
      for (const step of t.steps) {
        const range = step.events.find((r) => r.stream === stream);
        let index = range?.from;
        if (index === undefined && step.observation.tabId === tab.tabId)
          index = firstAtOrAfter(tab.events, step.startedAt);
        if (index === undefined) continue;
        const uid = step.target && step.target.framePath.length === 0 ? step.target.uid : null;
        wanted.push({ step, index, prefix: uid ? (/^(p\d+)n\d+$/.exec(uid)?.[1] ?? null) : null });
      }
    }
    if (wanted.length === 0) continue;
    wanted.sort((a, b) => a.index - b.index);
    const mirror = new Mirror();
    let w = 0;
    for (let i = 0; i <= tab.events.length && w < wanted.length; i++) {
      while (w < wanted.length && wanted[w]!.index <= i) {
        const want = wanted[w++]!;
        out.set(want.step, mirror.root ? serialize(mirror.root, want.prefix) : '');
      }
      const e = tab.events[i];
      if (e) apply(mirror, e);
    }
  }
  return out;
}

function apply(mirror: Mirror, e: eventWithTime): void {
  if (e.type === EventType.FullSnapshot) mirror.loadSnapshot(e.data.node);
  else if (e.type === EventType.IncrementalSnapshot) {
    if (e.data.source === Source.Mutation && mirror.root) mirror.applyMutation(e.data);
    else if (e.data.source === Source.Input) mirror.applyInput(e.data.id, e.data.text, e.data.isChecked);
  }
}

function firstAtOrAfter(events: eventWithTime[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function serialize(root: MNode, prefix: string | null): string {
  const out: string[] = [];
  write(root, prefix, out, 0);
  return out.join('');
}

function write(n: MNode, prefix: string | null, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  if (n.type === TEXT) {
    out.push(escapeHtml(n.text));
    return;
  }
  if (n.type === DOCUMENT) {
    for (let c = n.first; c; c = c.next) write(c, prefix, out, depth + 1);
    return;
  }
  if (n.type !== ELEMENT) return; // doctype, comments, CDATA
  const attrs: string[] = [];
  for (const [name, value] of Object.entries(n.attrs)) {
    if (name.startsWith('rr_') || !/^[^\s"'>/=]+$/.test(name)) continue;
    if (name === 'value' || name === 'checked') continue; // written from the live state below
    attrs.push(value === '' ? name : `${name}="${escapeHtml(value)}"`);
  }
  const type = n.attrs.type?.toLowerCase();
  if (n.tag === 'input' && (type === 'checkbox' || type === 'radio')) {
    if (n.checked) attrs.push('checked');
  } else if ((n.tag === 'input' || n.tag === 'select') && n.value)
    attrs.push(`value="${escapeHtml(n.value)}"`);
  if (prefix) attrs.push(`backend_node_id="${prefix}n${n.id}"`);
  out.push(attrs.length > 0 ? `<${n.tag} ${attrs.join(' ')}>` : `<${n.tag}>`);
  if (VOID.has(n.tag)) return;
  if (n.tag === 'textarea') out.push(escapeHtml(n.value ?? ''));
  else for (let c = n.first; c; c = c.next) write(c, prefix, out, depth + 1);
  out.push(`</${n.tag}>`);
}

function escapeHtml(s: string): string {
  return /[&<>"]/.test(s)
    ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    : s;
}
