/** Recordings the review tests share (simulated on the demo app's customer form). */
import { customerFormPage, ORIGIN, ticketsPage } from '../trajectory/fixtures/demo';
import { SessionSim } from '../trajectory/fixtures/recorder';

export const TERM = 'Bluebird';

/** Two marked tasks: fill the customer form (a codename in the notes), then search tickets. */
export function reviewSession(): SessionSim {
  const s = new SessionSim();
  const tab = s.tab(1);
  tab.load(`${ORIGIN}/customers/new`, 'Acme Desk', customerFormPage());
  s.activate(1);
  s.startTask('Add a customer');
  tab.wait(1000).click('customer-name').type('customer-name', 'Ana Lima', 60);
  tab.wait(800).click('customer-email').type('customer-email', 'ana.lima@example.com', 30);
  tab.wait(800).click('customer-notes').type('customer-notes', `Project ${TERM} pilot, ref TK-4821`, 30);
  tab.wait(600).select('customer-country', 'DE');
  tab.wait(900).click('customer-save').submit('customer-form');
  s.endTask('done');
  tab.wait(2000);
  tab.load(`${ORIGIN}/tickets`, 'Acme Desk', ticketsPage());
  s.navigation(1, `${ORIGIN}/tickets`, 'link', []);
  s.startTask('Find the Bluebird ticket', 'task-2');
  tab
    .wait(700)
    .click('tickets-search')
    .type('tickets-search', TERM.toLowerCase(), 60)
    .press('tickets-search', 'Enter');
  tab.wait(600).select('tickets-status-filter', 'open');
  s.endTask('done', 'task-2');
  return s;
}
