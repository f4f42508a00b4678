import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { FieldProblem } from '../http/errors.ts';

/** argon2id with the library's defaults (OWASP-level memory cost). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A one-time password that is easy to type: four groups of five lowercase letters and digits. */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

/** Local password policy: long enough to resist guessing, nothing else demanded. */
export function passwordProblems(password: string, field = 'password'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (password.length < 12) problems.push({ field, reason: 'at least 12 characters', reasonSv: 'minst 12 tecken' });
  if (password.length > 256) problems.push({ field, reason: 'at most 256 characters', reasonSv: 'högst 256 tecken' });
  return problems;
}
