/**
 * Build 1 of 2: service worker, extension pages (popup, review, consent, options, offscreen) and
 * the module worker. The content script is a classic IIFE built by vite.content.config.ts.
 * `--mode test` grants loopback host permissions up front, because Playwright cannot answer
 * permission prompts; the release build asks at run time.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const root = resolve(import.meta.dirname, 'extension');

function manifest(mode: string): Plugin {
  return {
    name: 'recorder-manifest',
    apply: 'build',
    writeBundle(options) {
      const m = JSON.parse(readFileSync(resolve(import.meta.dirname, 'manifest.json'), 'utf8'));
      const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8'));
      m.version = pkg.version;
      if (mode === 'test') {
        m.name += ' (test build)';
        m.host_permissions = ['http://127.0.0.1/*', 'http://localhost/*'];
        // Uploads and opted-in remote images reach loopback servers (receiver, demo) only in tests.
        const csp: { extension_pages: string } = m.content_security_policy;
        csp.extension_pages = csp.extension_pages.replace(
          "connect-src 'self' https:",
          "connect-src 'self' https: http://127.0.0.1:* http://localhost:*",
        );
        if (!csp.extension_pages.includes('http://127.0.0.1:*'))
          throw new Error('manifest CSP: no connect-src to widen');
      }
      const out = options.dir ?? 'dist';
      writeFileSync(resolve(out, 'manifest.json'), `${JSON.stringify(m, null, 2)}\n`);
      copyFileSync(resolve(import.meta.dirname, 'managed_schema.json'), resolve(out, 'managed_schema.json'));
    },
  };
}

export default defineConfig(({ mode }) => ({
  root,
  base: './',
  publicDir: false,
  plugins: [manifest(mode)],
  // The test build may upload over plain http to this machine (extension/export/build-flags.ts).
  define: { __RECORDER_TEST_BUILD__: JSON.stringify(mode === 'test') },
  build: {
    outDir: process.env.RECORDER_DIST ?? resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    modulePreload: false,
    target: 'chrome116',
    sourcemap: true,
    minify: mode !== 'test',
    rolldownOptions: {
      input: {
        sw: resolve(root, 'background/sw.ts'),
        popup: resolve(root, 'popup.html'),
        review: resolve(root, 'review.html'),
        consent: resolve(root, 'consent.html'),
        options: resolve(root, 'options.html'),
        offscreen: resolve(root, 'offscreen.html'),
        export: resolve(root, 'export.html'),
      },
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  worker: {
    format: 'es',
    // One file per worker (the recording worker, the review page's worker), named after its entry.
    rolldownOptions: { output: { entryFileNames: 'workers/[name].js' } },
  },
}));
