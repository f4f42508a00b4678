import type { Context } from 'hono';
import type { AppEnv } from './context.ts';

/** A file to download: a safe ASCII name, its media type and bytes. */
export interface Download {
  filename: string;
  contentType: string;
  body: string | Uint8Array;
}

export const PDF_CONTENT_TYPE = 'application/pdf';

/**
 * An ASCII file-name part: accents dropped (å → a), anything but letters, digits, "." "_" "-" → "_".
 *
 * @example safeFilePart('Ätradalsskolan FFL/GR') // → 'Atradalsskolan_FFL_GR'
 */
export function safeFilePart(value: string): string {
  const ascii = value.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return ascii.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '') || 'x';
}

/** A download: attachment with its ASCII file name (safeFilePart), never sniffed, never cached. */
export function download(c: Context<AppEnv>, file: Download) {
  c.header('content-type', file.contentType);
  c.header('content-disposition', `attachment; filename="${file.filename}"`);
  c.header('x-content-type-options', 'nosniff');
  c.header('cache-control', 'no-store');
  return c.body(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), 200);
}
