/**
 * Where uploads and deletion requests go. The configured endpoint is the receiver's base URL; the
 * tus creation URL is `<base>/files/` (tusd's and our receiver's default path) and deletion
 * requests are POSTed to `<base>/deletion-requests` beside it (docs/uploads.md).
 */

export function tusEndpoint(base: string): string {
  return `${base.replace(/\/+$/, '')}/files/`;
}

export function deletionEndpoint(base: string): string {
  return `${base.replace(/\/+$/, '')}/deletion-requests`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Upload hygiene: `https:` only. `allowLoopbackHttp` is true in the test build only (a local
 * receiver over plain http); the release build refuses it. Returns the URL without trailing slashes.
 */
export function checkEndpoint(raw: string, allowLoopbackHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`the endpoint is not a URL: ${JSON.stringify(raw.slice(0, 200))}`);
  }
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(allowLoopbackHttp && loopbackHttp)) {
    throw new Error(
      allowLoopbackHttp
        ? 'the endpoint must be an https:// URL (http:// only for this machine in the test build)'
        : 'the endpoint must be an https:// URL',
    );
  }
  if (url.username || url.password) throw new Error('the endpoint must not carry a user name or password');
  if (url.search || url.hash) throw new Error('the endpoint must not have a query or fragment');
  return url.href.replace(/\/+$/, '');
}
