/** One line per step, in words a reviewer reads: what was done, to what, with which value. */
import type { Action, Target } from '../../shared/trajectory';

function quote(s: string, max = 60): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return `“${t.length > max ? `${t.slice(0, max - 1)}…` : t}”`;
}

function targetName(t: Target | null): string {
  if (!t) return '';
  const name = t.name || t.text || t.attributes.placeholder || t.attributes.name || t.tag;
  return quote(name, 40);
}

export function describeStep(action: Action, target: Target | null): string {
  const on = targetName(target);
  switch (action.type) {
    case 'click':
      return `Click ${on}`.trim();
    case 'dblclick':
      return `Double-click ${on}`.trim();
    case 'type':
      return `Type ${quote(action.value)} into ${on}`;
    case 'select':
      return `Select ${quote(action.label ?? action.value)} in ${on}`;
    case 'check':
      return `${action.checked ? 'Check' : 'Uncheck'} ${on}`;
    case 'keypress':
      return `Press ${action.combo}${action.count > 1 ? ` ×${action.count}` : ''}${on ? ` in ${on}` : ''}`;
    case 'scroll':
      return `Scroll to ${action.x}, ${action.y}`;
    case 'navigate':
      return `Go to ${quote(action.url, 70)}`;
    case 'tab_switch':
      return `Switch to tab ${action.tabId}`;
    case 'paste':
      return `Paste ${quote(action.text)} into ${on}`;
    case 'submit':
      return `Submit ${on || 'form'}`;
  }
}
