/// <reference lib="webworker" />
/** The recording worker: redacts and stores what the offscreen document hands it (worker/recording). */
import { expose } from 'comlink';
import { api } from '../recording/api';

expose(api);
