/**
 * The API client: same-origin fetch with the session cookie, the CSRF token on every write, and
 * `application/problem+json` errors turned into {@link ApiError}.
 */
import type { FieldProblem, ProblemDocument } from '../../src/platform/http/contract.ts';
import type { Locale } from './types.ts';

/** The server's problem document and its field problems, as the platform's contract defines them (decision 0010). */
export type { FieldProblem, ProblemDocument };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDocument,
  ) {
    super(`${status} ${problem.code}: ${problem.message_en}`);
  }
  get code(): string {
    return this.problem.code;
  }
  /** The server's message in the UI language. */
  messageIn(locale: Locale): string {
    return locale === 'sv' ? this.problem.message_sv : this.problem.message_en;
  }
}

let csrfToken = '';
/** Remembers the token from the session or login answer; every non-GET request sends it. */
export function setCsrfToken(token: string): void {
  csrfToken = token;
}

type Listener = (err: ApiError) => void;
let authListener: Listener | undefined;
/** Called when an answer says the session is gone (401) or a password change is pending (403). */
export function onAuthProblem(listener: Listener): void {
  authListener = listener;
}

function isProblem(value: unknown): value is ProblemDocument {
  return typeof value === 'object' && value !== null && 'code' in value && 'message_sv' in value && 'message_en' in value;
}

/** A problem the client states itself (no answer, or one that is not a problem document), shaped as the server's. */
function localProblem(status: number, code: string, sv: string, en: string): ProblemDocument {
  return { type: 'about:blank', title: en, status, code, detail: en, message_sv: sv, message_en: en, errors: [] };
}

export interface RequestOptions {
  /** Raw body (a string or a file) with its content type (e.g. CSV); otherwise `body` is sent as JSON. */
  contentType?: string;
  signal?: AbortSignal;
}

export async function request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let payload: string | Blob | undefined;
  if (body !== undefined) {
    if (options.contentType) {
      headers['content-type'] = options.contentType;
      // Text (CSV) and files go as they are; anything else as JSON.
      payload = typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body);
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', signal: options.signal ?? null });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(
      0,
      localProblem(
        0,
        'network',
        'Kunde inte nå servern. Kontrollera anslutningen och försök igen.',
        'Could not reach the server. Check the connection and try again.',
      ),
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const problem: ProblemDocument = isProblem(data)
      ? { ...data, errors: Array.isArray(data.errors) ? data.errors : [] }
      : res.status === 401
        ? localProblem(res.status, 'unauthenticated', 'Du behöver logga in.', 'You need to sign in.')
        : localProblem(res.status, 'http_error', `Servern svarade ${res.status}.`, `The server answered ${res.status}.`);
    const err = new ApiError(res.status, problem);
    const isAuthCall = path.startsWith('/api/v1/auth/');
    if (!isAuthCall && (res.status === 401 || problem.code === 'password_change_required')) authListener?.(err);
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, signal ? { signal } : {}),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body, options),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
};

/** Builds a query string, leaving out empty values. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Field errors by dotted field name (e.g. `accountingCodes.ansvar`) in the UI language; several reasons
 * for one field are joined. `pathOf` places a problem's field on the form's own name for it (a form
 * whose values sit under `software.` in the request), undefined leaving it out.
 */
export function fieldErrors(err: unknown, locale: Locale, pathOf: (field: string) => string | undefined = (field) => field): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const p of err.problem.errors) {
    const path = pathOf(p.field);
    if (path === undefined) continue;
    const reason = locale === 'sv' && p.reasonSv ? p.reasonSv : p.reason;
    out[path] = out[path] ? `${out[path]}; ${reason}` : reason;
  }
  return out;
}
