/**
 * A short, escaped excerpt of user input for an error message: control characters, quotes and backslashes escaped
 * as in a JSON string, anything beyond `max` characters cut with `…`, so a hostile or huge value (a 10 MB cell, a
 * line break, an escape sequence) can neither flood the terminal nor break the one-line-per-problem format.
 */
export function excerpt(text: string, max = 40): string {
  const chars = Array.from(text);
  const cut = chars.length > max;
  const shown = cut ? chars.slice(0, max).join('') : text;
  // JSON escaping covers the C0 controls, the quote and the backslash; the rest of the non-printable ranges
  // (DEL, C1 controls, line/paragraph separators, bidi controls, BOM) are escaped by hand.
  const body = JSON.stringify(shown)
    .slice(1, -1)
    .replace(
      /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  return cut ? `${body}…` : body;
}
