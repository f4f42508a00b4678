import { createHash } from 'node:crypto';
import type { Context } from 'hono';

export interface Cacheable {
  body: string;
  contentType: string;
  /** The last change of what the body shows; sent as Last-Modified (whole seconds). */
  lastModified: Date;
  /** How long a reader may keep it without asking (seconds). */
  maxAge: number;
  /** Readable from any origin (a public feed an intranet page fetches). */
  anyOrigin?: boolean;
}

/** A strong validator of the exact bytes sent. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

function matches(header: string, etag: string): boolean {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/**
 * A public, cacheable answer that honours conditional requests (RFC 9110 §13): `If-None-Match` first,
 * else `If-Modified-Since`; either one matching answers 304 with no body, so a reader polling every
 * minute costs a query and a hash.
 */
export function conditionalResponse(c: Context, props: Cacheable): Response {
  const etag = etagOf(props.body);
  const lastModified = new Date(Math.floor(props.lastModified.getTime() / 1000) * 1000);
  c.header('etag', etag);
  c.header('last-modified', lastModified.toUTCString());
  c.header('cache-control', `public, max-age=${Math.max(0, Math.floor(props.maxAge))}`);
  c.header('vary', 'Accept-Encoding');
  if (props.anyOrigin) c.header('access-control-allow-origin', '*');
  const ifNoneMatch = c.req.header('if-none-match');
  const ifModifiedSince = c.req.header('if-modified-since');
  const since = ifModifiedSince ? Date.parse(ifModifiedSince) : Number.NaN;
  const fresh = ifNoneMatch !== undefined ? matches(ifNoneMatch, etag) : !Number.isNaN(since) && lastModified.getTime() <= since;
  if (fresh) return c.body(null, 304);
  c.header('content-type', props.contentType);
  return c.body(props.body, 200);
}
