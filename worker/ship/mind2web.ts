/**
 * A trajectory as a Mind2Web task: `confirmed_task`, `actions[]` (action_uid, operation {op,
 * original_op, value}, cleaned_html, raw_html, pos_candidates, neg_candidates) and `action_reprs`.
 *
 * Decisions:
 * - Mind2Web's action space is CLICK, TYPE and SELECT (original ops also HOVER and ENTER, which map
 *   to CLICK). Clicks, double clicks and checks are CLICK; typing and paste are TYPE; select is
 *   SELECT with the option's text; Enter (a keypress or a submit by Enter) is ENTER -> CLICK on the
 *   field. Scrolls, navigations, tab switches and other keys have no Mind2Web form and are left out.
 * - `backend_node_id` is our uid (`p<pageLoad>n<node>`), the `uid` attribute of cleaned_html; the
 *   target is always the one pos_candidate, with its attributes and `bounding_box_rect` as a JSON
 *   string as in Mind2Web. neg_candidates are the other elements with a uid in cleaned_html, with
 *   boxes where capture recorded them.
 * - Values keep their placeholders (the dataset must not hold personal data); replay formats swap
 *   in synthetic values, this one does not.
 */
import type { Box, Step, Target, Trajectory } from '../../shared/trajectory';

export interface Mind2WebCandidate {
  tag: string;
  attributes: string;
  is_original_target: boolean;
  is_top_level_target: boolean;
  backend_node_id: string;
}

export interface Mind2WebAction {
  action_uid: string;
  step_index: number;
  operation: {
    op: 'CLICK' | 'TYPE' | 'SELECT';
    original_op: 'CLICK' | 'TYPE' | 'SELECT' | 'ENTER';
    value: string;
  };
  cleaned_html: string;
  raw_html: string;
  pos_candidates: Mind2WebCandidate[];
  neg_candidates: Mind2WebCandidate[];
}

export interface Mind2WebTask {
  annotation_id: string;
  session_id: string;
  website: string;
  domain: string;
  subdomain: string;
  confirmed_task: string;
  action_reprs: string[];
  actions: Mind2WebAction[];
}

type Operation = Mind2WebAction['operation'];

export function toMind2Web(t: Trajectory, rawHtml: (step: Step) => string): Mind2WebTask {
  const actions: Mind2WebAction[] = [];
  const reprs: string[] = [];
  for (const step of t.steps) {
    const op = operationOf(step);
    const target = step.target;
    if (!op || !target) continue;
    const html = step.observation.html;
    actions.push({
      action_uid: `${t.id}:s${step.index}`,
      step_index: step.index,
      operation: op,
      cleaned_html: html,
      raw_html: rawHtml(step),
      pos_candidates: [targetCandidate(target)],
      neg_candidates: negatives(html, target.uid, step.observation.candidates),
    });
    reprs.push(
      `[${target.role ?? target.tag}]  ${target.name || target.text} -> ${op.op}${op.op === 'CLICK' ? '' : `: ${op.value}`}`,
    );
  }
  const url = t.steps.find((s) => s.observation.url)?.observation.url ?? null;
  return {
    annotation_id: t.id,
    session_id: t.sessionId,
    website: hostOf(url),
    domain: '',
    subdomain: '',
    confirmed_task: t.intent ?? '',
    action_reprs: reprs,
    actions,
  };
}

function operationOf(step: Step): Operation | null {
  const a = step.action;
  switch (a.type) {
    case 'click':
    case 'dblclick':
    case 'check':
      return { op: 'CLICK', original_op: 'CLICK', value: '' };
    case 'type':
    case 'paste':
      return { op: 'TYPE', original_op: 'TYPE', value: a.value };
    case 'select':
      return { op: 'SELECT', original_op: 'SELECT', value: a.label ?? a.value };
    case 'submit':
      return a.via === 'enter' ? { op: 'CLICK', original_op: 'ENTER', value: '' } : null;
    case 'keypress':
      return a.key === 'Enter' && a.modifiers.length === 0
        ? { op: 'CLICK', original_op: 'ENTER', value: '' }
        : null;
    default:
      return null;
  }
}

function rect(b: Box): string {
  return `${b.x},${b.y},${b.width},${b.height}`;
}

function targetCandidate(t: Target): Mind2WebCandidate {
  const attributes: Record<string, string> = { ...t.attributes, backend_node_id: t.uid };
  if (t.bbox) attributes.bounding_box_rect = rect(t.bbox);
  return {
    tag: t.tag,
    attributes: JSON.stringify(attributes),
    is_original_target: true,
    is_top_level_target: true,
    backend_node_id: t.uid,
  };
}

const START_TAG = /<([a-z][a-z0-9-]*) uid="([^"]+)"/g;
const ATTR = /\s+([^\s="'>/]+)(?:="([^"]*)")?/y;

/** Elements with a uid in cleaned_html other than the target (uid is each start tag's first attribute). */
function negatives(
  html: string,
  targetUid: string,
  boxes: { uid: string; bbox: Box }[],
): Mind2WebCandidate[] {
  const boxOf = new Map(boxes.map((c) => [c.uid, c.bbox]));
  const out: Mind2WebCandidate[] = [];
  START_TAG.lastIndex = 0;
  for (let m = START_TAG.exec(html); m; m = START_TAG.exec(html)) {
    const [whole, tag = '', uid = ''] = m;
    if (uid === targetUid) continue;
    const attributes: Record<string, string> = {};
    ATTR.lastIndex = m.index + whole.length;
    for (let a = ATTR.exec(html); a; a = ATTR.exec(html)) {
      if (a[1] !== 'data-target') attributes[a[1]!] = unescapeHtml(a[2] ?? '');
    }
    attributes.backend_node_id = uid;
    const box = boxOf.get(uid);
    if (box) attributes.bounding_box_rect = rect(box);
    out.push({
      tag,
      attributes: JSON.stringify(attributes),
      is_original_target: false,
      is_top_level_target: false,
      backend_node_id: uid,
    });
  }
  return out;
}

function unescapeHtml(s: string): string {
  return s.includes('&')
    ? s
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
    : s;
}

function hostOf(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
