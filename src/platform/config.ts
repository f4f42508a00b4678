import { z } from 'zod';

/**
 * Environment configuration, parsed once at boot (STYLE.md habit 7). A bad value stops the process
 * with the full list of problems instead of failing later at first use.
 */
const ZEnvSchema = z.object({
  /** postgres://… — when unset, the embedded PGlite database under DATA_DIR is used. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /**
   * postgres://… of the role that owns the tables; migrations run as it (at start and `samdesk
   * migrate`) and grant DATABASE_URL's role what it needs, so the running app cannot alter tables
   * or switch off the audit trigger (issue 16). Unset: migrations run as DATABASE_URL's role.
   */
  MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** How many proxies in front may be believed about the client's address (X-Forwarded-For); 0 = none. */
  TRUST_PROXY: z.enum(['false', 'true', '0', '1', '2', '3', '4', '5']).default('false'),
  /** Where the embedded database and other local files live. */
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Public address of the UI, used for OIDC redirects and links in mail. */
  BASE_URL: z.url().optional(),
  /** Secret for signing session cookies (≥ 32 chars). Generated and kept in the database when unset. */
  SESSION_SECRET: z.string().min(32).optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  /** Requests with a larger body are refused with 413. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** OpenID Connect (R-11.3): all three must be set to enable sign-in through the identity provider. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Label of the sign-in button, e.g. "Logga in med kommunens konto". */
  OIDC_LABEL: z.string().min(1).default('Logga in med kommunens konto'),
  /** Mark session cookies Secure (set to true behind HTTPS). Defaults to true when BASE_URL is https. */
  COOKIE_SECURE: z.enum(['true', 'false']).optional(),
  /** The support address mail comes from and is answered to (issue 5), e.g. `IT-supporten <it@tranemo.se>`. */
  MAIL_FROM: z.string().min(3).default('IT-supporten <support@samdesk.localhost>'),
  /** Outgoing relay, `smtp://host:25` or `smtps://user:pass@host:465`. Unset: mail waits in the outbox. */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Port of the SMTP listener that turns mail to the support address into tickets. Unset: no listener. */
  SMTP_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SMTP_LISTEN_HOST: z.string().min(1).default('127.0.0.1'),
  /** Largest incoming mail accepted (bytes); larger mail is refused by the listener (552). */
  MAIL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(10_000)
    .default(25 * 1024 * 1024),
  /**
   * Issue 16: trust a From address as an account or person only when the mail gateway's
   * Authentication-Results header shows `dmarc=pass`; otherwise the mail is from an unknown sender.
   */
  MAIL_REQUIRE_DMARC: z.enum(['true', 'false']).default('false'),
  /** The gateway's authserv-id (e.g. `mx.tranemo.se`): only its Authentication-Results header counts. */
  MAIL_AUTHSERV_ID: z
    .string()
    .regex(/^[^\s;()"]+$/, 'one name without spaces, e.g. mx.tranemo.se')
    .optional(),
});

export interface AppConfig {
  databaseUrl: string | undefined;
  migrationDatabaseUrl: string | undefined;
  /** Number of trusted proxies (TRUST_PROXY; true = 1). */
  trustProxy: number;
  dataDir: string;
  port: number;
  host: string;
  baseUrl: string;
  sessionSecret: string | undefined;
  sessionTtlHours: number;
  maxBodyBytes: number;
  logLevel: z.infer<typeof ZEnvSchema>['LOG_LEVEL'];
  oidc: { issuer: string; clientId: string; clientSecret: string; label: string } | undefined;
  cookieSecure: boolean;
  mail: {
    from: string;
    fromAddress: string;
    domain: string;
    smtpUrl: string | undefined;
    listen: { port: number; host: string } | undefined;
    maxBytes: number;
    requireDmarc: boolean;
    authservId: string | undefined;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ZEnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) problems.push('MIGRATION_DATABASE_URL: needs DATABASE_URL (the embedded database has no roles)');
  if (oidcParts !== 0 && oidcParts !== 3) {
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
  }
  const fromAddress =
    /<([^<>@\s]+@[^<>@\s]+)>\s*$/.exec(e.MAIL_FROM)?.[1] ?? (/^[^<>@\s]+@[^<>@\s]+$/.test(e.MAIL_FROM.trim()) ? e.MAIL_FROM.trim() : undefined);
  if (!fromAddress) problems.push('MAIL_FROM: an address, optionally with a name: Name <address@domain>');
  if (/[\r\n]/.test(e.MAIL_FROM)) problems.push('MAIL_FROM: must be one line');
  if (problems.length > 0) throw new ConfigError(problems);
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    databaseUrl: e.DATABASE_URL,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL,
    trustProxy: e.TRUST_PROXY === 'true' ? 1 : e.TRUST_PROXY === 'false' ? 0 : Number(e.TRUST_PROXY),
    dataDir: e.DATA_DIR,
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    sessionSecret: e.SESSION_SECRET,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    logLevel: e.LOG_LEVEL,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, label: e.OIDC_LABEL }
        : undefined,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : baseUrl.startsWith('https:'),
    mail: {
      from: e.MAIL_FROM,
      fromAddress: fromAddress ?? '',
      domain: (fromAddress ?? '@localhost').split('@')[1] ?? 'localhost',
      smtpUrl: e.SMTP_URL,
      listen: e.SMTP_LISTEN_PORT === undefined ? undefined : { port: e.SMTP_LISTEN_PORT, host: e.SMTP_LISTEN_HOST },
      maxBytes: e.MAIL_MAX_BYTES,
      requireDmarc: e.MAIL_REQUIRE_DMARC === 'true',
      authservId: e.MAIL_AUTHSERV_ID,
    },
  };
}
