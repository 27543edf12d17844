/** Build 2 of 2: the content script, one classic IIFE with no imports (content scripts are not modules). */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig(({ mode }) => ({
  publicDir: false,
  build: {
    outDir: process.env.RECORDER_DIST ?? resolve(import.meta.dirname, 'dist'),
    emptyOutDir: false,
    target: 'chrome116',
    sourcemap: mode === 'test' ? 'inline' : false,
    minify: mode !== 'test',
    lib: {
      entry: resolve(import.meta.dirname, 'extension/content/index.ts'),
      formats: ['iife'],
      name: 'recorderContent',
      fileName: () => 'content.js',
    },
  },
}));
