/// <reference lib="webworker" />
/** The review page's own module worker: heavy review work off the page's main thread. */
import { expose } from 'comlink';
import { reviewApi } from '../review/api';

expose(reviewApi);
