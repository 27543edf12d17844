/**
 * Demo SaaS app ("Acme Desk") for the extension's end-to-end tests: static files from ./public with an
 * SPA fallback, plus an in-memory JSON API (see README.md).
 *
 * Run directly: `node --import tsx e2e/demo/server.ts [port]` (default 4173, or env DEMO_PORT).
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApi } from './api.js';
import { DemoStore } from './state.js';
import { resolveVendorFile } from './vendor.js';

const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Full pages that are deliberately not part of the SPA (real page loads for navigation tests). */
const FULL_PAGES: Record<string, string> = {
  '/login': 'login.html',
  '/storm': 'storm.html',
  '/append': 'append.html',
  '/echoes': 'echoes.html',
  '/editors': 'editors.html',
};

export interface DemoServer {
  /** `http://127.0.0.1:PORT` — use this for the app itself. */
  url: string;
  /** Same server via `http://localhost:PORT`, a different origin (used by the cross-origin iframe). */
  crossOriginUrl: string;
  port: number;
  close(): Promise<void>;
}

async function sendFile(req: IncomingMessage, res: ServerResponse, relPath: string): Promise<boolean> {
  const file = normalize(join(PUBLIC_DIR, relPath));
  // Reject `..` escapes out of public/.
  if (!file.startsWith(PUBLIC_DIR)) return false;
  return sendAbsolute(req, res, file);
}

async function sendAbsolute(req: IncomingMessage, res: ServerResponse, file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
  } catch {
    return false;
  }
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': body.length,
    // Tests rebuild and restart often; never let the browser serve a stale module.
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end('Not found');
}

function createHandler(store: DemoStore) {
  const handleApi = createApi(store);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://demo.invalid').pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    if (pathname === '/api' || pathname.startsWith('/api/')) return handleApi(req, res, pathname);
    if (pathname.startsWith('/vendor/') && (req.method === 'GET' || req.method === 'HEAD')) {
      const file = await resolveVendorFile(pathname.slice('/vendor/'.length));
      if (!file || !(await sendAbsolute(req, res, file))) notFound(res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end('Method not allowed');
      return;
    }
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    const fullPage = FULL_PAGES[trimmed];
    if (fullPage) {
      await sendFile(req, res, fullPage);
      return;
    }
    if (extname(pathname)) {
      if (!(await sendFile(req, res, pathname))) notFound(res);
      return;
    }
    // SPA fallback so deep links like /tickets/3 load the shell, which then routes client-side.
    await sendFile(req, res, 'index.html');
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive sockets from the browser would otherwise hold close() open.
    server.closeAllConnections();
  });
}

export async function startDemoServer(opts: { port?: number; host?: string } = {}): Promise<DemoServer> {
  const host = opts.host ?? '127.0.0.1';
  const handler = createHandler(new DemoStore());
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handler(req, res).catch((err: unknown) => {
      console.error(err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };

  // Browsers may resolve `localhost` to ::1 before 127.0.0.1, so for the cross-origin
  // http://localhost:PORT variant to work the same port must also be open on ::1.
  const wantsIpv6 = host === '127.0.0.1';
  for (let attempt = 0; ; attempt++) {
    const v4 = createServer(onRequest);
    const port = await listen(v4, opts.port ?? 0, host);
    const servers = [v4];
    if (wantsIpv6) {
      const v6 = createServer(onRequest);
      try {
        await listen(v6, port, '::1');
        servers.push(v6);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A random port that happens to be taken on ::1: pick another one.
        if (code === 'EADDRINUSE' && !opts.port && attempt < 5) {
          await closeServer(v4);
          continue;
        }
        // No IPv6 loopback here: 127.0.0.1 alone is enough.
        if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT' && code !== 'EADDRINUSE') throw err;
      }
    }
    const displayHost = host.includes(':') ? `[${host}]` : host;
    return {
      url: `http://${displayHost}:${port}`,
      crossOriginUrl: `http://${host === 'localhost' ? '127.0.0.1' : 'localhost'}:${port}`,
      port,
      close: async () => {
        await Promise.all(servers.map(closeServer));
      },
    };
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const port = Number(process.argv[2] ?? process.env.DEMO_PORT ?? 4173);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port: ${process.argv[2] ?? process.env.DEMO_PORT}`);
    process.exit(2);
  }
  const server = await startDemoServer({ port });
  console.log(`Acme Desk demo running at ${server.url} (cross-origin: ${server.crossOriginUrl})`);
  const stop = () => {
    server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
