/** SPA router: pushState navigation between the views in ./routes. */
import { h } from './dom.js';
import { renderCustomerForm } from './routes/customer-form.js';
import { renderCustomers } from './routes/customers.js';
import { renderTicketDetail } from './routes/ticket-detail.js';
import { renderTickets } from './routes/tickets.js';
import { renderWidgets } from './routes/widgets.js';
import { announce, navigate, setRouteRenderer } from './shell.js';

const routes = [
  { pattern: /^\/tickets\/?$/, nav: 'tickets', title: 'Tickets', render: renderTickets },
  { pattern: /^\/tickets\/(\d+)\/?$/, nav: 'tickets', title: 'Ticket', render: renderTicketDetail },
  {
    pattern: /^\/customers\/new\/?$/,
    nav: 'new-customer',
    title: 'New customer',
    render: renderCustomerForm,
  },
  { pattern: /^\/customers\/?$/, nav: 'customers', title: 'Customers', render: renderCustomers },
  { pattern: /^\/widgets\/?$/, nav: 'widgets', title: 'Widgets', render: renderWidgets },
];

function renderNotFound(page) {
  page.append(
    h('h1', {}, 'Page not found'),
    h('p', { class: 'muted' }, `Nothing lives at ${location.pathname}.`),
    h('a', { href: '/tickets', 'data-link': true, class: 'button' }, 'Go to tickets'),
  );
}

function render() {
  if (location.pathname === '/') history.replaceState(null, '', '/tickets');
  let params = [];
  const route = routes.find((r) => {
    const match = r.pattern.exec(location.pathname);
    if (match) params = match.slice(1);
    return match;
  }) ?? { nav: null, title: 'Not found', render: renderNotFound };

  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${route.title} · Acme Desk`;

  // A fresh container per render: if the user navigates away before a slow fetch resolves, the
  // stale render fills a detached node instead of clobbering the new view.
  const page = h('div', { class: 'page', 'data-route': route.nav ?? 'not-found' });
  document.getElementById('view').replaceChildren(page);
  Promise.resolve(route.render(page, params)).catch((err) => {
    page.replaceChildren(
      h('div', { class: 'alert', role: 'alert' }, `Could not load this page: ${err.message}`),
    );
  });
}

document.addEventListener('click', (event) => {
  const link = event.target.closest?.('a[data-link]');
  if (!link || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(link.getAttribute('href'));
});

window.addEventListener('popstate', () => {
  announce('');
  render();
});

setRouteRenderer(render);
render();
