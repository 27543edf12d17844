/** JSON API of the demo app: maps `/api/...` requests onto a `DemoStore`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DemoError, type DemoStore } from './state.js';

const MAX_BODY_BYTES = 64 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(data),
    'cache-control': 'no-store',
  });
  res.end(data);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new DemoError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DemoError(400, 'Body must be JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DemoError(400, 'Body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

type Handler = (params: string[], req: IncomingMessage) => unknown;
type Route = { method: 'GET' | 'POST'; pattern: RegExp; handler: Handler };

function routes(store: DemoStore): Route[] {
  const id = (params: string[]) => Number(params[0]);
  return [
    { method: 'GET', pattern: /^\/api\/tickets$/, handler: () => store.listTickets() },
    { method: 'GET', pattern: /^\/api\/tickets\/(\d+)$/, handler: (p) => store.ticket(id(p)) },
    {
      method: 'POST',
      pattern: /^\/api\/tickets\/(\d+)\/reply$/,
      handler: async (p, req) => store.reply(id(p), (await readJson(req)).text),
    },
    {
      method: 'POST',
      pattern: /^\/api\/tickets\/(\d+)\/status$/,
      handler: async (p, req) => store.setStatus(id(p), (await readJson(req)).status),
    },
    { method: 'GET', pattern: /^\/api\/customers$/, handler: () => store.listCustomers() },
    {
      method: 'POST',
      pattern: /^\/api\/customers$/,
      handler: async (_p, req) => store.addCustomer(await readJson(req)),
    },
    {
      method: 'POST',
      pattern: /^\/api\/login$/,
      handler: async (_p, req) => {
        const body = await readJson(req);
        return store.login(body.username, body.password);
      },
    },
    { method: 'GET', pattern: /^\/api\/state$/, handler: () => store.snapshot() },
    {
      method: 'POST',
      pattern: /^\/api\/reset$/,
      handler: () => {
        store.reset();
        return { ok: true };
      },
    },
  ];
}

export function createApi(store: DemoStore) {
  const table = routes(store);
  return async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const matching = table.filter((r) => r.pattern.test(pathname));
    if (matching.length === 0) return sendJson(res, 404, { error: `No API route ${pathname}` });
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      res.setHeader('allow', matching.map((r) => r.method).join(', '));
      return sendJson(res, 405, { error: `${req.method} not allowed on ${pathname}` });
    }
    try {
      const params = route.pattern.exec(pathname)?.slice(1) ?? [];
      const result = await route.handler(params, req);
      sendJson(res, req.method === 'POST' && pathname === '/api/customers' ? 201 : 200, result);
    } catch (err) {
      if (err instanceof DemoError) return sendJson(res, err.status, { error: err.message });
      console.error(err);
      sendJson(res, 500, { error: 'Internal error' });
    }
  };
}
