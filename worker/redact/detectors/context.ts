/**
 * Hotword windows. Several detectors accept weak shapes (bare digit runs, dates) only when a word
 * nearby says what they are; these helpers look a bounded distance either side so cost stays flat.
 */

/** True when `re` (no g flag) matches within `win` characters before `idx`. */
export function hotBefore(s: string, idx: number, re: RegExp, win: number): boolean {
  const from = Math.max(0, idx - win);
  return re.test(s.slice(from, idx));
}

/** True when `re` (anchored with ^, no g flag) matches right after `idx` within `win` characters. */
export function hotAfter(s: string, idx: number, re: RegExp, win: number): boolean {
  return re.test(s.slice(idx, idx + win));
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function digitsOf(s: string): string {
  return s.replace(/\D+/g, '');
}
