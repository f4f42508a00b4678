/**
 * Writing SVG by hand for the page and for svg-to-pdfkit (agreements' system sketch, the follow-up's
 * charts): text escaped for XML and coordinates written the same way every time.
 */

/** Characters XML 1.0 cannot hold (control characters, lone surrogates) as spaces, then the five escapes. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A coordinate as written: rounded to 0.1, so float noise never changes the bytes. */
export const n = (v: number): string => String(Math.round(v * 10) / 10);
