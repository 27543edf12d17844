/// <reference lib="webworker" />
/** The export page's module worker: bundling, import and uploads off the page's main thread. */
import { expose } from 'comlink';
import { exportApi } from '../ship/api';

expose(exportApi);
