/**
 * A local upload receiver implementing docs/upload-protocol.md, for tests: chunks are stored as
 * files in a directory, so a receiver killed mid-upload and started again on the same port and
 * directory still knows what it had. It verifies each chunk's sha256 and the assembled bundle's.
 *
 *   const r = await startReceiver({ token: 't' });   // http://127.0.0.1:<random port>
 *   await r.kill();                                   // drop connections at once, like a crash
 *   const again = await startReceiver({ token: 't', port: r.port, dir: r.dir });
 *
 * Run directly: `node --import tsx e2e/receiver/server.ts [port] [dir]` (token from RECEIVER_TOKEN).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface ReceiverOptions {
  token: string;
  port?: number;
  dir?: string;
  /** Delay before answering each chunk PUT (to make an upload slow enough to interrupt). */
  chunkDelayMs?: number;
  /** Called after a chunk is stored. */
  onChunk?: (sha256: string, n: number) => void;
  /** Largest accepted chunk. */
  maxChunkBytes?: number;
}

export interface Receiver {
  url: string;
  port: number;
  dir: string;
  /** Requests seen, in order (method, path, status). */
  log: { method: string; path: string; status: number }[];
  /** The assembled bundle, once complete. */
  bundle(sha256: string): Buffer | null;
  /** The manifest the client sent with `complete`. */
  manifest(sha256: string): unknown;
  /** Stops accepting and ends open connections at once. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

interface Meta {
  size: number;
  chunkSize: number;
  chunks: number;
  complete: boolean;
}

const SHA = /^[0-9a-f]{64}$/;

export async function startReceiver(opts: ReceiverOptions): Promise<Receiver> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'receiver-'));
  const maxChunk = opts.maxChunkBytes ?? 8 * 1024 * 1024;
  const log: Receiver['log'] = [];
  const sockets = new Set<Socket>();

  const bundleDir = (sha: string) => join(dir, sha);
  const readMeta = (sha: string): Meta | null => {
    const f = join(bundleDir(sha), 'meta.json');
    return existsSync(f) ? (JSON.parse(readFileSync(f, 'utf8')) as Meta) : null;
  };
  const writeAtomic = (file: string, data: Buffer | string) => {
    writeFileSync(`${file}.tmp`, data);
    renameSync(`${file}.tmp`, file);
  };
  const received = (sha: string, meta: Meta) =>
    Array.from({ length: meta.chunks }, (_, n) => n).filter((n) =>
      existsSync(join(bundleDir(sha), `${n}.chunk`)),
    );

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://receiver.invalid').pathname;
    const send = (status: number, body: unknown) => {
      log.push({ method: req.method ?? '', path, status });
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json', ...cors });
      res.end(JSON.stringify(body));
    };
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors).end();
        return;
      }
      if (req.headers.authorization !== `Bearer ${opts.token}`)
        return send(401, { error: 'bad or missing token' });
      const m = /^\/bundles\/([^/]+)(?:\/(chunks\/(\d+)|complete))?$/.exec(path);
      const sha = m?.[1] ?? '';
      if (!m || !SHA.test(sha)) return send(404, { error: 'no such route' });
      const meta = readMeta(sha);

      if (req.method === 'GET' && !m[2]) {
        if (!meta) return send(404, { error: 'unknown bundle' });
        return send(200, {
          sha256: sha,
          size: meta.size,
          chunkSize: meta.chunkSize,
          chunks: meta.chunks,
          received: received(sha, meta),
          complete: meta.complete,
        });
      }

      if (req.method === 'PUT' && m[3] !== undefined) {
        const n = Number(m[3]);
        const size = Number(req.headers['x-bundle-size']);
        const chunkSize = Number(req.headers['x-chunk-size']);
        if (
          !(
            Number.isSafeInteger(size) &&
            size > 0 &&
            Number.isSafeInteger(chunkSize) &&
            chunkSize > 0 &&
            chunkSize <= maxChunk
          )
        ) {
          return send(400, { error: 'x-bundle-size and x-chunk-size must be positive integers' });
        }
        const chunks = Math.ceil(size / chunkSize);
        if (meta && (meta.size !== size || meta.chunkSize !== chunkSize)) {
          return send(409, {
            error: 'this bundle is being received with another size or chunk size',
            size: meta.size,
            chunkSize: meta.chunkSize,
          });
        }
        if (meta?.complete) return send(200, { received: n, complete: true });
        if (n >= chunks) return send(400, { error: `chunk ${n} is past the end (${chunks} chunks)` });
        const body = await readBody(req, chunkSize + 1);
        const expected = n === chunks - 1 ? size - n * chunkSize : chunkSize;
        if (body.length !== expected)
          return send(400, { error: `chunk ${n} must be ${expected} bytes, got ${body.length}` });
        if (createHash('sha256').update(body).digest('hex') !== req.headers['x-chunk-sha256']) {
          return send(400, { error: `chunk ${n} does not match its x-chunk-sha256` });
        }
        if (opts.chunkDelayMs) await new Promise((r) => setTimeout(r, opts.chunkDelayMs));
        if (res.destroyed) return;
        mkdirSync(bundleDir(sha), { recursive: true });
        if (!meta)
          writeAtomic(
            join(bundleDir(sha), 'meta.json'),
            JSON.stringify({ size, chunkSize, chunks, complete: false }),
          );
        writeAtomic(join(bundleDir(sha), `${n}.chunk`), body);
        opts.onChunk?.(sha, n);
        return send(201, { received: n });
      }

      if (req.method === 'POST' && m[2] === 'complete') {
        const body = JSON.parse((await readBody(req, 64 * 1024 * 1024)).toString('utf8')) as {
          manifest?: unknown;
        };
        if (!meta) return send(409, { error: 'no chunk received yet', missing: [] });
        if (meta.complete) return send(200, { sha256: sha, size: meta.size, complete: true });
        const have = new Set(received(sha, meta));
        const missing = Array.from({ length: meta.chunks }, (_, n) => n).filter((n) => !have.has(n));
        if (missing.length > 0) return send(409, { error: 'chunks missing', missing });
        const whole = Buffer.concat(
          Array.from({ length: meta.chunks }, (_, n) => readFileSync(join(bundleDir(sha), `${n}.chunk`))),
        );
        if (createHash('sha256').update(whole).digest('hex') !== sha) {
          rmSync(bundleDir(sha), { recursive: true, force: true });
          return send(422, { error: 'the assembled bundle does not hash to its key; chunks discarded' });
        }
        writeAtomic(join(dir, `${sha}.zip`), whole);
        writeAtomic(join(dir, `${sha}.manifest.json`), JSON.stringify(body.manifest ?? null));
        writeAtomic(join(bundleDir(sha), 'meta.json'), JSON.stringify({ ...meta, complete: true }));
        return send(200, { sha256: sha, size: meta.size, complete: true });
      }
      return send(405, { error: 'method not allowed' });
    } catch (e) {
      return send(400, { error: e instanceof Error ? e.message : String(e) });
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;

  const stop = (hard: boolean) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      if (hard) for (const s of sockets) s.destroy();
      else server.closeIdleConnections();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    log,
    bundle: (sha) => (existsSync(join(dir, `${sha}.zip`)) ? readFileSync(join(dir, `${sha}.zip`)) : null),
    manifest: (sha) =>
      existsSync(join(dir, `${sha}.manifest.json`))
        ? JSON.parse(readFileSync(join(dir, `${sha}.manifest.json`), 'utf8'))
        : null,
    kill: () => stop(true),
    close: () => stop(false),
  };
}

const cors = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, x-bundle-size, x-chunk-size, x-chunk-sha256',
};

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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const token = process.env.RECEIVER_TOKEN ?? 'dev-token';
  const r = await startReceiver({ token, port: Number(process.argv[2] ?? 4180), dir: process.argv[3] });
  console.log(`receiver on ${r.url} (token ${JSON.stringify(token)}), storing in ${r.dir}`);
}
