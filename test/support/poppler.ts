import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * PDFs read back with poppler-utils (pdftotext, pdffonts), an independent reader (issue 16 §4). CI
 * installs poppler-utils; without it these helpers throw, so a test never passes unread.
 */

function withFile<T>(pdf: Uint8Array, run: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'samdesk-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The text as pdftotext extracts it (UTF-8). With `layout` (the default) a table row stays on one
 * line; without it, text comes in reading order, so a cell whose text wraps stays together.
 */
export function pdfToText(pdf: Uint8Array, options: { layout?: boolean } = {}): string {
  const args = [...(options.layout === false ? [] : ['-layout']), '-enc', 'UTF-8'];
  return withFile(pdf, (file) => execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' }));
}

export interface PdfFont {
  /** e.g. `BZZZZZ+DejaVuSans-Bold` (a subset carries a six-letter prefix). */
  name: string;
  type: string;
  encoding: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** The fonts `pdffonts` lists: name, type, encoding and whether each is embedded, subset and mapped to Unicode. */
export function pdfFonts(pdf: Uint8Array): PdfFont[] {
  const out = withFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
  // name  type  encoding  emb sub uni object ID — the name has no spaces; type and encoding may.
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const m = /^(\S+)\s+(.+?)\s{2,}(\S.*?)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
      if (!m) throw new Error(`unexpected pdffonts line: ${line}`);
      return { name: m[1]!, type: m[2]!, encoding: m[3]!, embedded: m[4] === 'yes', subset: m[5] === 'yes', unicode: m[6] === 'yes' };
    });
}
