/** /tickets: the ticket queue with live search and a status filter. */
import { api } from '../api.js';
import { capitalize, h } from '../dom.js';

export function statusBadge(status) {
  return h('span', { class: `badge badge-${status}` }, capitalize(status));
}

export function priorityBadge(priority) {
  return h('span', { class: `priority priority-${priority}` }, capitalize(priority));
}

export async function renderTickets(page) {
  const tickets = await api('/tickets');

  const search = h('input', {
    type: 'search',
    id: 'ticket-search',
    name: 'q',
    placeholder: 'Search by subject or customer…',
    autocomplete: 'off',
    'data-testid': 'tickets-search',
  });
  const filter = h(
    'select',
    { id: 'ticket-status-filter', name: 'status', 'data-testid': 'tickets-status-filter' },
    h('option', { value: 'all' }, 'All'),
    h('option', { value: 'open' }, 'Open'),
    h('option', { value: 'pending' }, 'Pending'),
    h('option', { value: 'closed' }, 'Closed'),
  );
  const count = h('span', { class: 'muted', 'data-testid': 'tickets-count' });
  const empty = h(
    'tr',
    { hidden: true, 'data-testid': 'tickets-empty' },
    h('td', { colspan: 6, class: 'empty' }, 'No tickets match your filters.'),
  );

  const rows = tickets.map((t) => ({
    ticket: t,
    haystack: `${t.subject} ${t.customer}`.toLowerCase(),
    el: h(
      'tr',
      { 'data-testid': `ticket-row-${t.id}` },
      h('td', { class: 'muted mono' }, `#${t.id}`),
      h(
        'td',
        {},
        h(
          'a',
          { href: `/tickets/${t.id}`, 'data-link': true, 'data-testid': `ticket-link-${t.id}` },
          t.subject,
        ),
      ),
      h('td', {}, t.customer),
      h('td', {}, t.assignee),
      h('td', {}, statusBadge(t.status)),
      h('td', {}, priorityBadge(t.priority)),
    ),
  }));

  function applyFilters() {
    const q = search.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const visible =
        row.haystack.includes(q) && (filter.value === 'all' || row.ticket.status === filter.value);
      row.el.hidden = !visible;
      if (visible) shown++;
    }
    empty.hidden = shown > 0;
    count.textContent = `${shown} of ${rows.length} tickets`;
    // The search is kept in the URL (shareable, survives reload), as SaaS apps do.
    const url = q ? `/tickets?q=${encodeURIComponent(search.value.trim())}` : '/tickets';
    if (location.pathname + location.search !== url) history.replaceState(history.state, '', url);
  }
  search.addEventListener('input', applyFilters);
  filter.addEventListener('change', applyFilters);
  applyFilters();

  page.append(
    h(
      'div',
      { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Tickets'), h('p', { class: 'muted' }, 'Conversations waiting on your team.')),
    ),
    h(
      'div',
      { class: 'card' },
      h(
        'div',
        { class: 'toolbar' },
        h('label', { for: 'ticket-search', class: 'visually-hidden' }, 'Search tickets'),
        search,
        h('label', { for: 'ticket-status-filter', class: 'visually-hidden' }, 'Status filter'),
        filter,
        count,
      ),
      h(
        'table',
        { class: 'table tickets', 'data-testid': 'tickets-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'ID'),
            h('th', { scope: 'col' }, 'Subject'),
            h('th', { scope: 'col' }, 'Customer'),
            h('th', { scope: 'col' }, 'Assignee'),
            h('th', { scope: 'col' }, 'Status'),
            h('th', { scope: 'col' }, 'Priority'),
          ),
        ),
        h('tbody', {}, ...rows.map((r) => r.el), empty),
      ),
    ),
  );
}
