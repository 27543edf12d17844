/**
 * In-memory state of the demo helpdesk. Each server instance owns one `DemoStore`, so parallel test
 * workers never see each other's writes, and `reset()` puts it back to the seed.
 */

export const TICKET_STATUSES = ['open', 'pending', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

export interface Ticket {
  id: number;
  subject: string;
  customer: string;
  status: TicketStatus;
  priority: Priority;
  /** An agent's name, "Me" (the signed-in agent), a team, or "Unassigned", as helpdesks show it. */
  assignee: string;
  /** The customer's original message. */
  body: string;
  /** Agent replies, oldest first, as plain text. */
  replies: string[];
}

export type TicketSummary = Omit<Ticket, 'body' | 'replies'> & { replyCount: number };

export interface Customer {
  id: number;
  name: string;
  email: string;
  phone: string;
  address: string;
  dob: string;
  ssn: string;
  card_number: string;
  cvc: string;
  country: string;
  plan: string;
  newsletter: boolean;
  notes: string;
  createdAt: string;
}

export type CustomerInput = Omit<Customer, 'id' | 'createdAt'>;

export interface DemoState {
  tickets: Ticket[];
  customers: Customer[];
  /** Usernames that signed in, in order. Passwords are never kept. */
  logins: string[];
}

/**
 * The signed-in agent (shown in the header) and the other agents and teams tickets go to. The
 * names are not in the census name lists on purpose: only page structure can tell they are names.
 */
export const SIGNED_IN_AGENT = 'Anahera Tawhiri';
export const AGENTS = [SIGNED_IN_AGENT, 'Siosaia Tupou'];
export const TEAMS = ['Billing team', 'Tier 2 Support'];

const SEED_TICKETS: (Omit<Ticket, 'replies'> & { replies?: string[] })[] = [
  {
    id: 1,
    assignee: 'Siosaia Tupou',
    subject: 'Cannot reset my password',
    customer: 'Maria Lopez',
    status: 'open',
    priority: 'high',
    body: 'The reset link in the email says it has expired, even when I click it right away.',
  },
  {
    id: 2,
    assignee: 'Billing team',
    subject: 'Invoice #4821 charged twice',
    customer: 'Northwind Traders',
    status: 'open',
    priority: 'urgent',
    body: 'Our card was charged twice for the March invoice. Please refund the duplicate.',
  },
  {
    id: 3,
    assignee: 'Unassigned',
    subject: 'How do I export reports to CSV?',
    customer: 'Jonas Berg',
    status: 'pending',
    priority: 'normal',
    body: 'I need the weekly ticket report as CSV for our BI tool. Is there an export button?',
  },
  {
    id: 4,
    assignee: 'Tier 2 Support',
    subject: 'SSO login fails for new users',
    customer: 'Globex Corp',
    status: 'open',
    priority: 'high',
    body: 'Users added this week get "SAML response invalid" when they sign in with Okta.',
  },
  {
    id: 5,
    assignee: 'Me',
    subject: 'Feature request: dark mode',
    customer: 'Priya Natarajan',
    status: 'closed',
    priority: 'low',
    body: 'Our night shift would love a dark theme for the agent console.',
  },
  {
    id: 6,
    assignee: 'Siosaia Tupou',
    subject: 'Webhook deliveries delayed',
    customer: 'Initech',
    status: 'pending',
    priority: 'normal',
    body: 'Ticket-created webhooks arrive 10 to 15 minutes late since yesterday.',
  },
  {
    id: 7,
    assignee: 'Unassigned',
    subject: 'Add a second admin to our account',
    customer: 'Hooli',
    status: 'closed',
    priority: 'normal',
    body: 'Please make sam@hooli.example an admin as well.',
  },
  {
    id: 8,
    assignee: 'Me',
    subject: 'Attachments over 10 MB are rejected',
    customer: 'Thandeka Mbeki',
    status: 'open',
    priority: 'normal',
    body: 'Customers cannot attach screen recordings; uploads stop at 10 MB.',
    replies: ['I raised the upload limit of your workspace to 50 MB while we look into it.'],
  },
];

function seed(): DemoState {
  return {
    tickets: SEED_TICKETS.map((t) => ({ ...t, replies: [...(t.replies ?? [])] })),
    customers: [
      {
        id: 1,
        name: 'Ada Park',
        email: 'ada.park@example.com',
        phone: '+1 415 555 0134',
        address: '1 Market St, San Francisco, CA',
        dob: '1988-04-12',
        ssn: '000-12-3456',
        card_number: '4000 0000 0000 0002',
        cvc: '123',
        country: 'US',
        plan: 'pro',
        newsletter: true,
        notes: '',
        createdAt: '2024-01-15T09:30:00.000Z',
      },
      {
        id: 2,
        name: 'Tom Becker',
        email: 'tom.becker@example.org',
        phone: '+49 30 555 0199',
        address: 'Unter den Linden 5, Berlin',
        dob: '1979-11-02',
        ssn: 'DE-00-000000',
        card_number: '5555 5555 5555 4444',
        cvc: '456',
        country: 'DE',
        plan: 'free',
        newsletter: false,
        notes: 'Prefers email.',
        createdAt: '2024-02-03T14:05:00.000Z',
      },
      {
        id: 3,
        name: 'Oluwaseun Adeyemi',
        email: 'o.adeyemi@ikorodu-mail.example',
        phone: '+234 1 555 0147',
        address: '14 Admiralty Way, Lekki, Lagos',
        dob: '1991-07-23',
        ssn: '',
        card_number: '',
        cvc: '',
        country: 'NG',
        plan: 'pro',
        newsletter: false,
        notes: '',
        createdAt: '2024-03-11T08:20:00.000Z',
      },
      {
        id: 4,
        name: 'Xiadani Quispe',
        email: 'xquispe@andesmail.example',
        phone: '+51 84 555 0163',
        address: 'Jr. Ayacucho 418, Cusco',
        dob: '1985-12-01',
        ssn: '',
        card_number: '',
        cvc: '',
        country: 'PE',
        plan: 'free',
        newsletter: true,
        notes: '',
        createdAt: '2024-04-02T16:45:00.000Z',
      },
    ],
    logins: [],
  };
}

/** A thrown `DemoError` becomes a JSON error response with its status code. */
export class DemoError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export class DemoStore {
  private state: DemoState = seed();

  snapshot(): DemoState {
    return structuredClone(this.state);
  }

  reset(): void {
    this.state = seed();
  }

  listTickets(): TicketSummary[] {
    return this.state.tickets.map(({ body: _body, replies, ...rest }) => ({
      ...rest,
      replyCount: replies.length,
    }));
  }

  ticket(id: number): Ticket {
    const ticket = this.state.tickets.find((t) => t.id === id);
    if (!ticket) throw new DemoError(404, `Ticket ${id} not found`);
    return ticket;
  }

  reply(id: number, text: unknown): Ticket {
    const ticket = this.ticket(id);
    const clean = str(text);
    if (!clean) throw new DemoError(400, 'Reply text is required');
    ticket.replies.push(clean);
    return ticket;
  }

  setStatus(id: number, status: unknown): Ticket {
    const ticket = this.ticket(id);
    if (!TICKET_STATUSES.includes(status as TicketStatus)) {
      throw new DemoError(400, `Status must be one of: ${TICKET_STATUSES.join(', ')}`);
    }
    ticket.status = status as TicketStatus;
    return ticket;
  }

  listCustomers(): Customer[] {
    return this.state.customers;
  }

  addCustomer(body: Record<string, unknown>): Customer {
    const name = str(body.name);
    const email = str(body.email);
    if (!name) throw new DemoError(400, 'Full name is required');
    if (!email.includes('@')) throw new DemoError(400, 'Email must contain @');
    const input: CustomerInput = {
      name,
      email,
      phone: str(body.phone),
      address: str(body.address),
      dob: str(body.dob),
      ssn: str(body.ssn),
      card_number: str(body.card_number),
      cvc: str(body.cvc),
      country: str(body.country),
      plan: str(body.plan) || 'free',
      newsletter: body.newsletter === true || body.newsletter === 'yes' || body.newsletter === 'on',
      notes: str(body.notes),
    };
    const id = Math.max(0, ...this.state.customers.map((c) => c.id)) + 1;
    const customer: Customer = { id, ...input, createdAt: new Date().toISOString() };
    this.state.customers.push(customer);
    return customer;
  }

  login(username: unknown, password: unknown): { ok: true; username: string } {
    const user = str(username);
    if (!user || typeof password !== 'string' || password === '') {
      throw new DemoError(400, 'Username and password are required');
    }
    this.state.logins.push(user);
    return { ok: true, username: user };
  }
}
