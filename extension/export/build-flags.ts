/**
 * Build-time flags, set by vite.config.ts (`define`). `TEST_BUILD` is true in `npm run build:test`
 * only: the one build that may upload over plain http to this machine (a local receiver).
 */
declare const __RECORDER_TEST_BUILD__: boolean | undefined;

export const TEST_BUILD: boolean =
  typeof __RECORDER_TEST_BUILD__ !== 'undefined' && __RECORDER_TEST_BUILD__ === true;
