import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Issue 5: the survey link's token is the only authorisation of the public survey page, so it is
 * signed (HMAC-SHA256) and carries its expiry: `<surveyId>.<expiresAtMs>.<signature>`, URL-safe.
 * The signature covers the exact characters of the first two parts and is compared as text in
 * constant time, so changing any character of the token makes it fail.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXPIRY = /^[1-9][0-9]{0,15}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/** A key of its own, derived from the application secret, so a token is never a valid cookie signature. */
function surveyKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('samdesk:survey-link:v1').digest();
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', surveyKey(secret)).update(payload).digest('base64url');
}

/**
 * The signed token of a survey link.
 * @example surveyToken(deps.secret, survey.id, survey.expiresAt.getTime()) // → "0b1c…-….1767225600000.Xy…"
 */
export function surveyToken(secret: string, surveyId: string, expiresAtMs: number): string {
  if (!UUID.test(surveyId)) throw new RangeError('surveyId must be a lower-case UUID');
  const expiry = String(expiresAtMs);
  if (!Number.isSafeInteger(expiresAtMs) || !EXPIRY.test(expiry)) throw new RangeError('expiresAtMs must be a positive whole number');
  const payload = `${surveyId}.${expiry}`;
  return `${payload}.${sign(secret, payload)}`;
}

export type VerifiedSurveyToken = { surveyId: string; expiresAtMs: number } | { error: 'malformed' | 'bad_signature' | 'expired' };

/** Checks a token: its shape, then its signature, then its expiry (an expired forgery is a forgery). */
export function verifySurveyToken(secret: string, token: string, nowMs: number): VerifiedSurveyToken {
  if (token.length > 200) return { error: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { error: 'malformed' };
  const [surveyId = '', expiry = '', signature = ''] = parts;
  if (!UUID.test(surveyId) || !EXPIRY.test(expiry) || !SIGNATURE.test(signature)) return { error: 'malformed' };
  const expected = Buffer.from(sign(secret, `${surveyId}.${expiry}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { error: 'bad_signature' };
  const expiresAtMs = Number(expiry);
  if (!Number.isSafeInteger(expiresAtMs)) return { error: 'malformed' };
  if (nowMs >= expiresAtMs) return { error: 'expired' };
  return { surveyId, expiresAtMs };
}
