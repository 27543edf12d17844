/**
 * The leak rule of the e2e suites (the fixtures' rule): a planted value leaks when any 6-character
 * window of it, or of its URL-encoded form, occurs in what was stored or exported.
 */

/** Every 6-character window of a value, or the whole value if shorter. */
export function windows(value: string): string[] {
  if (value.length <= 6) return [value];
  return Array.from({ length: value.length - 5 }, (_, i) => value.slice(i, i + 6));
}

/** `name: "window"` for each window of a planted value (or of its URL encoding) found in `text`. */
export function leaksIn(text: string, planted: Record<string, string>): string[] {
  const leaks: string[] = [];
  for (const [name, value] of Object.entries(planted)) {
    for (const w of windows(value)) if (text.includes(w)) leaks.push(`${name}: "${w}"`);
    const encoded = encodeURIComponent(value);
    if (encoded !== value)
      for (const w of windows(encoded)) if (text.includes(w)) leaks.push(`${name} (url-encoded): "${w}"`);
  }
  return leaks;
}
