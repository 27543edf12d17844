/**
 * The bundle's layout and version numbers: what export writes and import/CLI accept.
 *
 * Bump BUNDLE_VERSION's major on any change a reader of the previous version would misread; readers
 * accept the majors listed in KNOWN_BUNDLE_MAJORS.
 */
import { SCHEMA_VERSION } from '../../shared/trajectory';

export const BUNDLE_FORMAT = 'consent-recorder-bundle';
export const BUNDLE_VERSION = '1.0.0';
export const KNOWN_BUNDLE_MAJORS = ['1'];
export const KNOWN_SCHEMA_VERSIONS = [SCHEMA_VERSION];
export const EVENTS_FORMAT = 'consent-recorder-events';
export const EVENTS_VERSION = 1;

export const MANIFEST_PATH = 'manifest.json';
export const TRAJECTORIES_PATH = 'trajectories.jsonl';
export const REFINEMENTS_PATH = 'refinements.jsonl';
export const SCHEMA_PATH = 'schema/trajectory.v1.schema.json';
export const eventsPath = (sessionId: string): string => `events/${sessionId}.json`;
export const mind2webPath = (sessionId: string): string => `mind2web/${sessionId}.json`;
export const userflowPath = (sessionId: string, trajectoryIndex: number): string =>
  `userflows/${sessionId}/t${trajectoryIndex}.json`;

/** Session ids become file names: keep them to a safe alphabet. */
export const SESSION_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Every path a bundle may hold; anything else is foreign. */
export const PATH_RE =
  /^(?:manifest\.json|trajectories\.jsonl|refinements\.jsonl|schema\/trajectory\.v1\.schema\.json|events\/[A-Za-z0-9][A-Za-z0-9_-]{0,127}\.json|mind2web\/[A-Za-z0-9][A-Za-z0-9_-]{0,127}\.json|userflows\/[A-Za-z0-9][A-Za-z0-9_-]{0,127}\/t[0-9]{1,6}\.json)$/;

/**
 * Zip entries carry this modification time so that the same inputs give the same bytes. Built from
 * local fields because zip stores local (DOS) time: the bytes do not depend on the time zone.
 */
export const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
