/**
 * Mail headers from user text (issue 5): pure, so the mail rules and the outbox share it (issue 17:
 * a pure platform module, eslint.config.js PURE_PLATFORM).
 */

/** Header values never carry CR or LF (no header injection); other control characters go too. */
export function headerSafe(value: string): string {
  return value.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();
}
