import { resolve } from 'node:path';

/** The built extension (npm run build / build:test). */
export const DIST = resolve(import.meta.dirname, '..', 'dist');
