/**
 * Digit runs, found once per string and shared by the numeric detectors (cards, phones, SSNs,
 * IPs, dates, house numbers). Walking a short list of runs costs far less than each detector
 * scanning the whole string with its own regex.
 */

/** Flat list: [start0, end0, start1, end1, ...]. */
export type Runs = number[];

export function digitRuns(s: string): Runs {
  const runs: Runs = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      runs.push(start, i);
      start = -1;
    }
  }
  if (start !== -1) runs.push(start, s.length);
  return runs;
}

export function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function windowChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 || // _
    c === 45 || // -
    c === 43 || // +
    c === 47 || // /
    c === 46 || // .
    c === 61 || // =
    c === 58 || // :
    c === 126 // ~
  );
}

/**
 * Stretches of token characters at least 16 long: every secret format lives inside one, and
 * ordinary prose has few, so the secret detectors only ever look at these windows.
 */
export function tokenWindows(s: string, min = 16): Runs {
  const wins: Runs = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && windowChar(s.charCodeAt(i))) {
      if (start === -1) start = i;
    } else if (start !== -1) {
      if (i - start >= min) wins.push(start, i);
      start = -1;
    }
  }
  return wins;
}
