/**
 * Build 3 of 3: the main-world hook (extension/content/main-world-signal.ts), a tiny classic IIFE
 * registered with `world: 'MAIN'`. Its own build because a lib build makes one IIFE per entry.
 */
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
      entry: resolve(import.meta.dirname, 'extension/content/main-world-signal.ts'),
      formats: ['iife'],
      name: 'recorderMainWorld',
      fileName: () => 'main-world.js',
    },
  },
}));
