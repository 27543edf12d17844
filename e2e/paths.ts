import { resolve } from 'node:path';

/** The built extension (npm run build / build:test); RECORDER_DIST puts it elsewhere. */
export const DIST = process.env.RECORDER_DIST ?? resolve(import.meta.dirname, '..', 'dist');
