import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FieldProblem as ContractFieldProblem, ProblemDocument as ContractProblemDocument } from './contract.ts';
import { fieldNames } from './validation.ts';

/**
 * Every error the API can answer with, by stable code (STYLE.md habit 6). Mapped once to
 * `application/problem+json` (RFC 9457) in `problem()`.
 */
export const ERRORS = {
  validation: { status: 400, sv: 'Uppgifterna är ogiltiga.', en: 'The input is invalid.' },
  malformed_json: { status: 400, sv: 'Begäran är inte giltig JSON.', en: 'The request body is not valid JSON.' },
  unauthenticated: { status: 401, sv: 'Du behöver logga in.', en: 'You need to sign in.' },
  invalid_credentials: { status: 401, sv: 'Fel användarnamn eller lösenord.', en: 'Wrong username or password.' },
  csrf: { status: 403, sv: 'Begäran saknar giltig CSRF-token.', en: 'The request lacks a valid CSRF token.' },
  password_change_required: { status: 403, sv: 'Du måste byta ditt engångslösenord först.', en: 'You must change your one-time password first.' },
  forbidden: { status: 403, sv: 'Du har inte behörighet till detta.', en: 'You are not allowed to do this.' },
  not_found: { status: 404, sv: 'Hittades inte.', en: 'Not found.' },
  stale_version: {
    status: 409,
    sv: 'Posten har ändrats av någon annan. Ladda om och försök igen.',
    en: 'The record was changed by someone else. Reload and try again.',
  },
  conflict: { status: 409, sv: 'Det finns redan en post med samma värde.', en: 'A record with the same value already exists.' },
  refused: { status: 409, sv: 'Åtgärden är inte tillåten i detta läge.', en: 'The action is not allowed in this state.' },
  payload_too_large: { status: 413, sv: 'Begäran är för stor.', en: 'The request body is too large.' },
  too_many_attempts: { status: 429, sv: 'För många misslyckade inloggningar. Försök igen senare.', en: 'Too many failed sign-ins. Try again later.' },
  unsupported_media_type: { status: 415, sv: 'Fel innehållstyp.', en: 'Unsupported content type.' },
  import_rejected: { status: 422, sv: 'Filen innehåller fel; inget har importerats.', en: 'The file has errors; nothing was imported.' },
  oidc_disabled: { status: 404, sv: 'Inloggning via identitetsleverantör är inte aktiverad.', en: 'Sign-in through an identity provider is not enabled.' },
  oidc_failed: { status: 401, sv: 'Inloggningen via identitetsleverantören misslyckades.', en: 'Sign-in through the identity provider failed.' },
  oidc_unknown_user: { status: 403, sv: 'Ditt konto finns inte i Samdesk. Kontakta IT.', en: 'Your account does not exist in Samdesk. Contact IT.' },
  internal: { status: 500, sv: 'Ett oväntat fel inträffade.', en: 'An unexpected error occurred.' },
} as const satisfies Record<string, { status: ContentfulStatusCode; sv: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * A field problem as services raise it: the contract's entry (field, reason, label, labelEn, row) with
 * the Swedish reason required (the UI's default language).
 */
export interface FieldProblem extends ContractFieldProblem {
  /** Dotted path of the bad field, e.g. `accountingCodes.ansvar` or `body` for the whole body. */
  field: string;
  /** Swedish reason (the UI's default language). */
  reasonSv: string;
}

export class AppError extends Error {
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    readonly problems: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${ERRORS[code].en}${problems.length ? ` (${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')})` : ''}`);
    this.status = ERRORS[code].status;
  }
}

/** The contract's problem document as {@link problem} builds it: a known code, and the error's extra fields. */
export interface ProblemDocument extends ContractProblemDocument {
  code: ErrorCode;
  errors: FieldProblem[];
  [key: string]: unknown;
}

/** Whole-request fields that name no input a person typed. */
const NOT_A_FIELD = new Set(['body', 'path', 'query', 'unknown', 'reference', 'id']);

/** A problem with its field's names for people (a service's problems name only the key). */
function named(p: FieldProblem): FieldProblem {
  if (p.label !== undefined || NOT_A_FIELD.has(p.field)) return p;
  const names = fieldNames(undefined, p.field.split('.'));
  return { ...p, label: names.sv, labelEn: names.en };
}

export function problem(err: AppError): ProblemDocument {
  const def = ERRORS[err.code];
  // Name fields as people know them (issue 16): the labels, never dotted paths; import rows by line.
  const problems = err.problems.map(named);
  const sv = [...new Set(problems.map((p) => p.label).filter((n) => n !== undefined))];
  const en = [...new Set(problems.map((p) => p.labelEn).filter((n) => n !== undefined))];
  // Only input problems point at fields to check (at most five named); a refusal's reasons are in `errors`.
  const pointsAtFields = err.code === 'validation' || err.code === 'import_rejected';
  const list = (names: string[], more: string) => `${names.slice(0, 5).join(', ')}${names.length > 5 ? more : ''}`;
  const suffixEn = pointsAtFields && en.length ? ` Check: ${list(en, ' and more')}.` : '';
  const suffixSv = pointsAtFields && sv.length ? ` Kontrollera: ${list(sv, ' m.fl.')}.` : '';
  return {
    type: `https://samdesk.se/problems/${err.code}`,
    title: def.en,
    status: def.status,
    code: err.code,
    detail: `${def.en}${suffixEn}`,
    message_sv: `${def.sv}${suffixSv}`,
    message_en: `${def.en}${suffixEn}`,
    errors: problems,
    ...err.extra,
  };
}

/** PostgreSQL errors caused by the request: unique violation → 409 conflict naming the constraint; bad input → 400. */
export function fromDatabaseError(e: unknown): AppError | undefined {
  const err = findPgError(e);
  if (!err) return undefined;
  if (err.code === '23505') return new AppError('conflict', [{ field: err.constraint ?? 'unknown', reason: 'already exists', reasonSv: 'finns redan' }]);
  if (err.code === '23503') {
    return new AppError('validation', [
      { field: err.constraint ?? 'reference', reason: 'refers to something that does not exist', reasonSv: 'hänvisar till något som inte finns' },
    ]);
  }
  const bad = BAD_INPUT[err.code];
  if (bad) return new AppError('validation', [{ field: 'body', ...bad }]);
  return undefined;
}

/**
 * The safety net under the shared input types (issue 16): PostgreSQL refusing a value that got past
 * validation is still the client's bad input, so it answers 400, never 500. The transaction has been
 * rolled back by then, so nothing was written.
 */
const BAD_INPUT: Record<string, { reason: string; reasonSv: string }> = {
  '22P05': { reason: 'contains a character that cannot be stored', reasonSv: 'innehåller ett tecken som inte kan sparas' },
  '22021': { reason: 'contains a character that cannot be stored', reasonSv: 'innehåller ett tecken som inte kan sparas' },
  '22003': { reason: 'a number is too large', reasonSv: 'ett tal är för stort' },
  '22001': { reason: 'a text is too long', reasonSv: 'en text är för lång' },
  '54000': { reason: 'a text is too long', reasonSv: 'en text är för lång' },
  '22007': { reason: 'not a valid date or time', reasonSv: 'inte ett giltigt datum eller klockslag' },
  '22008': { reason: 'not a valid date or time', reasonSv: 'inte ett giltigt datum eller klockslag' },
  '22P02': { reason: 'a value has the wrong format', reasonSv: 'ett värde har fel format' },
  '22025': { reason: 'a search text has the wrong format', reasonSv: 'en söktext har fel format' },
  '2201B': { reason: 'a search text has the wrong format', reasonSv: 'en söktext har fel format' },
};

function findPgError(e: unknown): { code: string; constraint?: string } | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (typeof cur === 'object' && 'code' in cur && typeof cur.code === 'string' && /^[0-9A-Z]{5}$/.test(cur.code)) {
      const constraint = 'constraint' in cur && typeof cur.constraint === 'string' ? cur.constraint : undefined;
      return constraint === undefined ? { code: cur.code } : { code: cur.code, constraint };
    }
    cur = typeof cur === 'object' && 'cause' in cur ? cur.cause : undefined;
  }
  return undefined;
}
