/**
 * /customers: saved customers (name and email are the columns tests look at; names and addresses
 * are what names.spec.ts checks page structure redacts: an avatar with initials, the "Name" and
 * "Address" columns, mailto: links).
 */
import { api } from '../api.js';
import { capitalize, h } from '../dom.js';

export async function renderCustomers(page) {
  const customers = await api('/customers');
  const rows = customers.map((c) =>
    h(
      'tr',
      { 'data-testid': `customer-row-${c.id}` },
      h('td', {}, h('span', { class: 'avatar small', 'aria-hidden': 'true' }, initials(c.name)), c.name),
      h(
        'td',
        { 'data-testid': 'customer-email-cell' },
        // Like real CRMs: the address also sits in attributes (href, title), not only in text.
        h('a', { href: `mailto:${c.email}`, title: `Write to ${c.email}` }, c.email),
      ),
      h('td', {}, c.address || '—'),
      h('td', {}, capitalize(c.plan || 'free')),
      h('td', {}, c.country || '—'),
      h('td', { class: 'muted' }, new Date(c.createdAt).toLocaleDateString('en-US', { dateStyle: 'medium' })),
    ),
  );
  page.append(
    h(
      'div',
      { class: 'page-header' },
      h('div', {}, h('h1', {}, 'Customers'), h('p', { class: 'muted' }, `${customers.length} customers`)),
      h(
        'a',
        { href: '/customers/new', 'data-link': true, class: 'button', 'data-testid': 'customers-add' },
        'Add customer',
      ),
    ),
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        { class: 'table', 'data-testid': 'customers-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Name', 'Email', 'Address', 'Plan', 'Country', 'Created'].map((c) =>
              h('th', { scope: 'col' }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rows.length ? rows : h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No customers yet.')),
        ),
      ),
    ),
  );
}

function initials(name) {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}
