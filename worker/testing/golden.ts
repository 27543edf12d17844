/**
 * Golden files for tests. `UPDATE_GOLDEN=1` rewrites them on purpose. A missing golden file is
 * written locally (a new golden, to be reviewed and committed) but fails under CI=true: a test
 * that writes its own expectation and passes can never fail.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';
const CI = process.env.CI === 'true' || process.env.CI === '1';

/** The golden text at `path`; writes `actual` there first when updating or (outside CI) missing. */
export function readGolden(path: string, actual: string): string {
  if (UPDATE_GOLDEN || (!existsSync(path) && !CI)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  if (!existsSync(path))
    throw new Error(
      `golden file ${path} is missing (CI=true); generate it with UPDATE_GOLDEN=1 and commit it`,
    );
  return readFileSync(path, 'utf8');
}
