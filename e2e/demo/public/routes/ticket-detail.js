/**
 * /tickets/:id: conversation thread (senders next to avatars with their initials), rich-text reply
 * composer, status control, and the assignee / CC person pickers.
 */
import { api } from '../api.js';
import { capitalize, h } from '../dom.js';
import { announce } from '../shell.js';
import { priorityBadge, statusBadge } from './tickets.js';

/** The signed-in agent of index.html's header (e2e/demo/state.ts SIGNED_IN_AGENT). */
const AGENT = 'Anahera Tawhiri';
/** Who a ticket can go to (state.ts AGENTS and TEAMS): option values are ids, as in real apps. */
const ASSIGNEES = [
  ['unassigned', 'Unassigned'],
  ['agent-1', AGENT],
  ['agent-2', 'Siosaia Tupou'],
  ['team-1', 'Billing team'],
  ['team-2', 'Tier 2 Support'],
];

function initials(name) {
  const parts = name.split(/\s+/).filter(Boolean);
  return `${parts[0]?.[0] ?? ''}${parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : ''}`.toUpperCase();
}

function message(author, text, kind) {
  return h(
    'article',
    { class: `message message-${kind}`, 'data-testid': kind === 'agent' ? 'ticket-reply' : 'ticket-message' },
    h(
      'header',
      {},
      // No class on the name: the avatar beside it, showing its initials, is what says it is one.
      h('span', { class: 'avatar small', 'aria-hidden': 'true' }, initials(author)),
      h('strong', {}, author),
      h('span', { class: 'muted' }, kind === 'agent' ? 'Agent' : 'Customer'),
    ),
    h('p', {}, text),
  );
}

function suggestionFor(ticket) {
  const firstName = ticket.customer.split(' ')[0];
  return (
    `Hi ${firstName}, thanks for reaching out about "${ticket.subject}". ` +
    "I've looked into this and escalated it to our specialist team. I'll update you within one business day."
  );
}

export async function renderTicketDetail(page, [id]) {
  const ticket = await api(`/tickets/${id}`);

  const thread = h(
    'div',
    { class: 'thread', 'data-testid': 'ticket-thread' },
    message(ticket.customer, ticket.body, 'customer'),
    ...ticket.replies.map((r) => message(AGENT, r, 'agent')),
  );

  const editor = h('div', {
    class: 'editor',
    contenteditable: 'true',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-label': 'Reply',
    'data-placeholder': 'Write a reply…',
    'data-testid': 'reply-editor',
  });

  const bold = h(
    'button',
    {
      type: 'button',
      class: 'tool',
      'aria-label': 'Bold',
      title: 'Bold',
      'data-testid': 'reply-bold',
      // Keep focus (and the selection) in the editor so execCommand applies to it.
      onmousedown: (e) => e.preventDefault(),
      onclick: () => {
        editor.focus();
        document.execCommand('bold');
      },
    },
    h('b', {}, 'B'),
  );

  const suggest = h(
    'button',
    {
      type: 'button',
      class: 'button secondary',
      'data-testid': 'reply-suggest',
      // Deliberately a page-set value (no input events), like an AI assistant filling the draft.
      onclick: () => editor.replaceChildren(suggestionFor(ticket)),
    },
    'Suggest reply',
  );

  const send = h(
    'button',
    {
      type: 'button',
      class: 'button',
      'data-testid': 'reply-send',
      onclick: async () => {
        // biome-ignore lint/performance/useDomNodeTextContent: innerText turns the editor's <div>/<br> line breaks into newlines.
        const text = editor.innerText.trim();
        if (!text) {
          announce('Write a reply first', 'error');
          editor.focus();
          return;
        }
        send.disabled = true;
        try {
          await api(`/tickets/${ticket.id}/reply`, { text });
          thread.append(message(AGENT, text, 'agent'));
          editor.replaceChildren();
          announce('Reply sent');
        } catch (err) {
          announce(err.message, 'error');
        } finally {
          send.disabled = false;
        }
      },
    },
    'Send reply',
  );

  const statusSelect = h(
    'select',
    {
      id: 'ticket-status',
      name: 'status',
      'data-testid': 'ticket-status-select',
      onchange: async () => {
        try {
          const updated = await api(`/tickets/${ticket.id}/status`, { status: statusSelect.value });
          badgeSlot.replaceChildren(statusBadge(updated.status));
          announce(`Status changed to ${statusSelect.selectedOptions[0].text}`);
        } catch (err) {
          announce(err.message, 'error');
        }
      },
    },
    ...['open', 'pending', 'closed'].map((s) =>
      h('option', { value: s, selected: s === ticket.status }, capitalize(s)),
    ),
  );
  const badgeSlot = h('span', { 'data-testid': 'ticket-status-badge' }, statusBadge(ticket.status));

  const current = ticket.assignee === 'Me' ? AGENT : ticket.assignee;
  const assigneeSelect = h(
    'select',
    { id: 'ticket-assignee', name: 'assignee', 'data-testid': 'ticket-assignee-select' },
    ...ASSIGNEES.map(([value, label]) => h('option', { value, selected: label === current }, label)),
  );
  const ccInput = h('input', {
    id: 'ticket-cc',
    name: 'cc',
    type: 'text',
    list: 'ticket-cc-options',
    autocomplete: 'off',
    'data-testid': 'ticket-cc',
  });
  const ccOptions = h(
    'datalist',
    { id: 'ticket-cc-options' },
    ...ASSIGNEES.filter(([value]) => value.startsWith('agent')).map(([, label]) =>
      h('option', { value: label }),
    ),
  );

  page.append(
    h(
      'a',
      { href: '/tickets', 'data-link': true, class: 'back', 'data-testid': 'ticket-back' },
      '← All tickets',
    ),
    h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        {},
        h('h1', { 'data-testid': 'ticket-subject' }, ticket.subject),
        h('p', { class: 'muted' }, `#${ticket.id} · ${ticket.customer} · `, badgeSlot),
      ),
    ),
    h(
      'div',
      { class: 'detail-grid' },
      h(
        'div',
        { class: 'stack' },
        thread,
        h(
          'section',
          { class: 'card composer' },
          h('div', { class: 'composer-tools' }, bold),
          editor,
          h('div', { class: 'composer-actions' }, suggest, send),
        ),
      ),
      h(
        'aside',
        { class: 'card side' },
        h('h2', {}, 'Details'),
        h('div', { class: 'field' }, h('label', { for: 'ticket-status' }, 'Ticket status'), statusSelect),
        h('div', { class: 'field' }, h('label', { for: 'ticket-assignee' }, 'Assignee'), assigneeSelect),
        h('div', { class: 'field' }, h('label', { for: 'ticket-cc' }, 'CC'), ccInput, ccOptions),
        h(
          'dl',
          { class: 'props' },
          h('dt', {}, 'Customer'),
          h('dd', {}, ticket.customer),
          h('dt', {}, 'Priority'),
          h('dd', {}, priorityBadge(ticket.priority)),
        ),
      ),
    ),
  );
}
