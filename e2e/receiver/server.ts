/**
 * The reference receiver: a tus 1.0 server (`@tus/server`, file store by default) that checks every
 * bundle when its upload finishes and files it under `bundles/<contributorId>/<sha256>.zip`, plus a
 * deletion-request endpoint beside it. Protocol and checks: docs/uploads.md.
 *
 *   <base>/files/               tus: POST creates, HEAD gives the offset, PATCH appends, DELETE terminates
 *   <base>/deletion-requests    POST a deletion request (JSON); stored for the dataset build
 *
 * Checks: a bearer token (compared in constant time) on every request; at creation, `sha256`
 * metadata present and not already filed (409 "duplicate bundle": a plain tus server would store a
 * second copy); at the end, the stored bytes hash to that sha256 (else 460, upload removed), and the
 * zip is a valid bundle: the manifest read from the zip, not from the client, every listed file's
 * size and sha256, trajectories against our JSON Schema (worker/ship/read-bundle.ts; else 422).
 *
 * `npm run receiver -- [--port 4180] [--host 127.0.0.1] [--dir DIR] [--behind-proxy] [--events]`; token from
 * RECEIVER_TOKEN (made up and printed when unset); https when RECEIVER_TLS_CERT and RECEIVER_TLS_KEY
 * name PEM files. `--events` prints one JSON line per event (tests read them).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileStore } from '@tus/file-store';
import { type DataStore, Server as TusServer, type Upload } from '@tus/server';
import { command, runCli, UsageError } from '../../scripts/cli';
import { BundleError, readBundle } from '../../worker/ship/read-bundle';
import { parseDeletionRequest } from './deletion-request';

export type ReceiverEvent =
  | { type: 'listening'; url: string; dir: string }
  | { type: 'create'; id: string; sha256: string }
  /** A PATCH arrived with this Upload-Offset. */
  | { type: 'patch'; id: string; offset: number }
  | { type: 'filed'; id: string; sha256: string; contributorId: string; path: string }
  | { type: 'rejected'; id: string; status: number; reason: string }
  | { type: 'duplicate'; sha256: string }
  | { type: 'deletion'; path: string; contributorId: string };

export interface ReceiverOptions {
  /** Bearer token every request must carry; null accepts any (never in production). */
  token: string | null;
  port?: number;
  host?: string;
  /** Where uploads (`uploads/`), filed bundles (`bundles/`) and deletion requests go. */
  dir?: string;
  /** Delay before each PATCH is read (makes an upload slow enough to interrupt in tests). */
  patchDelayMs?: number;
  /** Largest bundle accepted (default 2 GiB). */
  maxSize?: number;
  /** Another tus store (e.g. @tus/s3-store) and how to read a finished upload back from it. */
  store?: { datastore: DataStore; read: (id: string) => Promise<Uint8Array> };
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Build upload URLs from X-Forwarded-Proto/-Host (only behind a TLS proxy that sets them). */
  behindProxy?: boolean;
  onEvent?: (e: ReceiverEvent) => void;
}

export interface Receiver {
  /** The base URL to configure in the extension. */
  url: string;
  port: number;
  dir: string;
  events: ReceiverEvent[];
  /** The filed bundle with this sha256, if any. */
  bundle(sha256: string): Buffer | null;
  /** Stops at once, dropping open connections (like a crash). */
  kill(): Promise<void>;
  close(): Promise<void>;
}

const SHA = /^[0-9a-f]{64}$/;
const TUS_PATH = '/files';
const DELETION_PATH = '/deletion-requests';

/** A tus error (the server answers with this status and body). */
const refuse = (status_code: number, body: string) => ({ status_code, body: `${body}\n` });

export async function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'receiver-'));
  const uploadsDir = join(dir, 'uploads');
  mkdirSync(uploadsDir, { recursive: true });
  const events: ReceiverEvent[] = [];
  const emit = (e: ReceiverEvent) => {
    events.push(e);
    opts.onEvent?.(e);
  };
  const authorized = tokenCheck(opts.token);
  const store = opts.store ?? {
    datastore: new FileStore({ directory: uploadsDir }),
    read: async (id: string) => new Uint8Array(await readFile(join(uploadsDir, id))),
  };
  const filed = (sha: string) => join(dir, 'by-sha256', sha);

  const tus = new TusServer({
    path: TUS_PATH,
    datastore: store.datastore,
    maxSize: opts.maxSize ?? 2 * 1024 ** 3,
    respectForwardedHeaders: opts.behindProxy === true,
    exposedHeaders: ['Retry-After'],
    async onIncomingRequest(req, id) {
      if (!authorized(req.headers.get('authorization'))) throw refuse(401, 'bad or missing token');
      if (req.method !== 'PATCH') return;
      // The offset the client sends from: after a restart it must be the one the server had.
      emit({ type: 'patch', id, offset: Number(req.headers.get('upload-offset')) });
      if (opts.patchDelayMs) await sleep(opts.patchDelayMs);
    },
    async onUploadCreate(_req, upload) {
      const sha = upload.metadata?.sha256 ?? '';
      if (!SHA.test(sha))
        throw refuse(400, 'the upload metadata must carry the bundle sha256 (64 hex digits)');
      if (existsSync(filed(sha))) {
        emit({ type: 'duplicate', sha256: sha });
        throw refuse(409, `duplicate bundle ${sha}: already received`);
      }
      emit({ type: 'create', id: upload.id, sha256: sha });
      return {};
    },
    async onUploadFinish(_req, upload) {
      await fileBundle(upload);
      return {};
    },
  });

  async function fileBundle(upload: Upload): Promise<void> {
    const sha = upload.metadata?.sha256 ?? '';
    const reject = async (status: number, reason: string) => {
      emit({ type: 'rejected', id: upload.id, status, reason });
      await store.datastore.remove(upload.id).catch(() => {}); // a retry starts a new upload
      return refuse(status, `bundle rejected: ${reason}`);
    };
    const bytes = await store.read(upload.id);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha)
      throw await reject(460, `the bytes hash to ${actual}, not to the sha256 in the metadata`);
    let contributorId: string;
    let manifest: unknown;
    try {
      const parsed = await readBundle(bytes); // the manifest from the zip, checked, not the client's word
      contributorId = parsed.manifest.contributorId;
      manifest = parsed.manifest;
    } catch (e) {
      if (e instanceof BundleError) throw await reject(422, e.message);
      throw e;
    }
    if (existsSync(filed(sha))) return emit({ type: 'duplicate', sha256: sha }); // two uploads raced
    const folder = join(dir, 'bundles', contributorId);
    mkdirSync(folder, { recursive: true });
    writeAtomic(join(folder, `${sha}.manifest.json`), `${JSON.stringify(manifest, null, 2)}\n`);
    writeAtomic(join(folder, `${sha}.zip`), bytes);
    mkdirSync(join(dir, 'by-sha256'), { recursive: true });
    writeAtomic(filed(sha), join('bundles', contributorId, `${sha}.zip`));
    emit({ type: 'filed', id: upload.id, sha256: sha, contributorId, path: join(folder, `${sha}.zip`) });
  }

  async function deletion(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json', ...cors(req) }).end(JSON.stringify(body));
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors(req)).end();
    if (req.method !== 'POST') return void send(405, { error: 'POST a deletion request' });
    if (!authorized(req.headers.authorization ?? null))
      return void send(401, { error: 'bad or missing token' });
    let text: string;
    try {
      text = (await readBody(req, 256 * 1024)).toString('utf8');
    } catch {
      return void send(413, { error: 'a deletion request is at most 256 KiB' });
    }
    const parsed = parseDeletionRequest(text);
    if (!parsed.ok) return void send(400, { error: parsed.error });
    // Named by the hash of what was sent: a retried request is stored once.
    const id = createHash('sha256').update(text).digest('hex');
    const folder = join(dir, 'deletion-requests');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${id}.json`);
    if (!existsSync(path)) {
      writeAtomic(
        path,
        `${JSON.stringify({ receivedAt: new Date().toISOString(), request: parsed.value }, null, 2)}\n`,
      );
      emit({ type: 'deletion', path, contributorId: parsed.value.contributorId });
    }
    send(201, { id });
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://receiver.invalid').pathname;
    if (path === TUS_PATH || path.startsWith(`${TUS_PATH}/`)) return void tus.handle(req, res);
    if (path === DELETION_PATH) return void deletion(req, res).catch(() => res.destroy());
    res.writeHead(404, { 'content-type': 'text/plain', ...cors(req) }).end('not found\n');
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, handler) : createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  const url = `${opts.tls ? 'https' : 'http'}://${host}:${port}`;
  emit({ type: 'listening', url, dir });
  const stop = (hard: boolean) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      if (hard) for (const s of sockets) s.destroy();
      else server.closeIdleConnections();
    });
  return {
    url,
    port,
    dir,
    events,
    bundle: (sha) => {
      const rel = existsSync(filed(sha)) ? readFileSync(filed(sha), 'utf8') : null;
      return rel ? readFileSync(join(dir, rel)) : null;
    },
    kill: () => stop(true),
    close: () => stop(false),
  };
}

/** Compares the presented bearer token with the expected one in constant time (hashes of equal length). */
export function tokenCheck(token: string | null): (authorization: string | null) => boolean {
  if (token === null) return () => true;
  const want = createHash('sha256').update(`Bearer ${token}`).digest();
  return (authorization) =>
    timingSafeEqual(
      createHash('sha256')
        .update(authorization ?? '')
        .digest(),
      want,
    );
}

function cors(req: IncomingMessage): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': String(
      req.headers['access-control-request-headers'] ?? 'authorization, content-type',
    ),
  };
}

function writeAtomic(file: string, data: Uint8Array | string): void {
  writeFileSync(`${file}.tmp`, data);
  renameSync(`${file}.tmp`, file);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (d: Buffer) => {
      size += d.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else parts.push(d);
    });
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

const serve = command({
  usage: '[--port 4180] [--host 127.0.0.1] [--dir DIR] [--behind-proxy] [--events] [--patch-delay MS]',
  summary: 'run the reference tus receiver until Ctrl-C',
  details: `
The token comes from RECEIVER_TOKEN (made up and printed when unset); https when RECEIVER_TLS_CERT
and RECEIVER_TLS_KEY name PEM files. --dir keeps uploads, filed bundles and deletion requests
(a temporary folder by default). --events prints one JSON line per event instead of the banner.
Protocol and checks: docs/uploads.md.`,
  options: {
    port: { type: 'string', default: '4180' },
    host: { type: 'string', default: '127.0.0.1' },
    dir: { type: 'string' },
    events: { type: 'boolean', default: false },
    'patch-delay': { type: 'string' },
    'behind-proxy': { type: 'boolean', default: false },
  },
  async run({ values }) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UsageError(`--port ${values.port} is not a port`);
    const token = process.env.RECEIVER_TOKEN ?? randomBytes(18).toString('base64url');
    const { RECEIVER_TLS_CERT: cert, RECEIVER_TLS_KEY: key } = process.env;
    const r = await startReceiver({
      token,
      port,
      host: values.host,
      dir: values.dir,
      patchDelayMs: values['patch-delay'] ? Number(values['patch-delay']) : undefined,
      behindProxy: values['behind-proxy'],
      tls: cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : undefined,
      onEvent: values.events ? (e) => console.log(JSON.stringify(e)) : undefined,
    });
    if (!values.events) {
      console.log(
        `receiver: base URL ${r.url} (tus at ${r.url}${TUS_PATH}/, deletion requests at ${r.url}${DELETION_PATH})`,
      );
      console.log(`token: ${process.env.RECEIVER_TOKEN ? '(from RECEIVER_TOKEN)' : token}`);
      console.log(`storing in ${r.dir} (bundles/<contributorId>/<sha256>.zip, deletion-requests/)`);
    }
    // Serves until the process is told to stop; runCli exits with the code returned here.
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await r.close();
    return 0;
  },
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runCli('receiver', { '': serve });
