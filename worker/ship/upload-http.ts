/**
 * tus-js-client's plumbing on fetch: an HttpStack whose requests never follow redirects
 * (`redirect: 'error'`, so a bundle cannot be bounced to another host), and a FileReader over the
 * bundle's bytes held in memory. Works the same in a page, a worker and Node (tests).
 */
import type {
  FileReader,
  FileSource,
  HttpRequest,
  HttpResponse,
  HttpStack,
  SliceResult,
} from 'tus-js-client';

export class FetchHttpStack implements HttpStack {
  constructor(private readonly fetchFn: typeof fetch) {}

  createRequest(method: string, url: string): HttpRequest {
    return new FetchRequest(this.fetchFn, method, url);
  }

  getName(): string {
    return 'FetchHttpStack';
  }
}

class FetchRequest implements HttpRequest {
  private readonly headers: Record<string, string> = {};
  private readonly controller = new AbortController();
  private onProgress: (bytesSent: number) => void = () => {};

  constructor(
    private readonly fetchFn: typeof fetch,
    private readonly method: string,
    private readonly url: string,
  ) {}

  getMethod(): string {
    return this.method;
  }
  getURL(): string {
    return this.url;
  }
  setHeader(header: string, value: string): void {
    this.headers[header] = value;
  }
  getHeader(header: string): string | undefined {
    return this.headers[header];
  }
  setProgressHandler(handler: (bytesSent: number) => void): void {
    this.onProgress = handler;
  }

  async send(body: unknown): Promise<HttpResponse> {
    const payload = body instanceof Blob ? body : null;
    const res = await this.fetchFn(this.url, {
      method: this.method,
      headers: this.headers,
      body: payload,
      redirect: 'error',
      credentials: 'omit',
      cache: 'no-store',
      signal: this.controller.signal,
    });
    // fetch reports no upload progress: the whole body counts as sent once the server answered.
    const text = await res.text();
    if (payload) this.onProgress(payload.size);
    return new FetchResponse(res, text);
  }

  async abort(): Promise<void> {
    this.controller.abort();
  }

  getUnderlyingObject(): unknown {
    return this.controller;
  }
}

class FetchResponse implements HttpResponse {
  constructor(
    private readonly res: Response,
    private readonly body: string,
  ) {}
  getStatus(): number {
    return this.res.status;
  }
  getHeader(header: string): string | undefined {
    return this.res.headers.get(header) ?? undefined;
  }
  getBody(): string {
    return this.body;
  }
  getUnderlyingObject(): unknown {
    return this.res;
  }
}

/** Slices of one in-memory Blob (tus-js-client reads each slice's `size`, so Uint8Arrays won't do). */
export class BytesFileReader implements FileReader {
  constructor(private readonly blob: Blob) {}

  async openFile(): Promise<FileSource> {
    const blob = this.blob;
    return {
      size: blob.size,
      slice: async (start: number, end: number): Promise<SliceResult> => ({
        value: blob.slice(start, end),
        done: end >= blob.size,
      }),
      close: () => {},
    };
  }
}
