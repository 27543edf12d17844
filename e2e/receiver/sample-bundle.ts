/**
 * Writes a small approved-session bundle built from a segmentation fixture, for tests that need a
 * bundle without recording one: `node --import tsx e2e/receiver/sample-bundle.ts OUT.zip`.
 * (A separate process: Playwright's loader cannot import the JSON Schema the bundle code imports.)
 */
import { writeFileSync } from 'node:fs';
import { buildBundle } from '../../worker/ship/bundle';
import { approvedSession, OPTIONS } from '../../worker/ship/testing';
import * as scenarios from '../../worker/trajectory/fixtures/scenarios';

const out = process.argv[2];
if (!out) throw new Error('usage: sample-bundle.ts OUT.zip');
const source = approvedSession('sample-session', scenarios.customerForm().s.stored());
const bundle = await buildBundle(['sample-session'], async () => source, OPTIONS);
writeFileSync(out, bundle.bytes);
