import type { Permission } from '../../src/app/permissions.ts';
/**
 * Shapes of the API's answers (see /api/openapi.json). The mission document and the role list are
 * imported as types from the server's own modules, so the two cannot drift apart.
 */
import type { MissionDocument } from '../../src/mission/document.ts';
import type { UnitLevel, AccountingCodeField } from '../../src/org/rules.ts';
import type { Role } from '../../src/platform/access.ts';
import type { presentClosedDays, presentServiceWindow } from '../../src/calendar/presenter.ts';

export type { MissionDocument, Role, UnitLevel, AccountingCodeField };
export type Locale = 'sv' | 'en';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  roles: Role[];
  municipalityId: string | null;
  teamId: string | null;
  line: number | null;
  locale: Locale;
  mustChangePassword: boolean;
  /** Optimistic-concurrency version of the account (PATCH /api/v1/me needs it). */
  version: number;
  /** What the user may reach, as the server's named policies answer (issue 17): never a role rule here. */
  can: Record<Permission, boolean>;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

export interface Providers {
  local: boolean;
  oidc: { label: string } | null;
}

export interface Municipality {
  id: string;
  code: string;
  name: string;
  orgNumber: string | null;
  accountingFields: AccountingCodeField[];
  version: number;
}

export interface Unit {
  id: string;
  municipalityId: string;
  parentId: string | null;
  level: UnitLevel;
  code: string;
  name: string;
  accountingCodes: Record<string, string>;
  active: boolean;
  version: number;
}

export interface Person {
  id: string;
  municipalityId: string;
  unitId: string | null;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  personRole: string;
  staffCategory: string | null;
  protectedIdentity: boolean;
  active: boolean;
  version: number;
}

export interface Team {
  id: string;
  code: string;
  name: string;
  lines: number[];
}

export interface User {
  id: string;
  username: string;
  email: string | null;
  displayName: string;
  municipalityId: string | null;
  personId: string | null;
  roles: Role[];
  teamId: string | null;
  line: number | null;
  locale: Locale;
  active: boolean;
  hasPassword: boolean;
  hasOidc: boolean;
  mustChangePassword: boolean;
  version: number;
}

export interface MissionVersion {
  year: number;
  effectiveFrom: string;
  title: string;
  version: number;
  document: MissionDocument;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorUserId: string | null;
  /** The actor's display name; null for the system. */
  actorName: string | null;
  municipalityId: string | null;
  entity: string;
  /** The kind of record in Swedish. */
  entityText: string;
  entityId: string;
  /** The record's number, name or serial, when the trail holds it. */
  label: string | null;
  /** The web page showing the record. */
  link: string | null;
  action: string;
  /** What happened, in Swedish. */
  actionText: string;
  before: unknown;
  after: unknown;
}

export interface ImportReport {
  dryRun: boolean;
  created: number;
  updated: number;
  unchanged: number;
  linked: number;
  errors: { row?: number; field: string; reason: string; reasonSv?: string }[];
}

export interface Page<T> {
  items: T[];
}

/** GET /api/v1/calendar/closed-days (the server's presenter, so the shapes cannot drift). */
export type CalendarClosedDays = ReturnType<typeof presentClosedDays>;
export type CalendarClosedDay = CalendarClosedDays['items'][number];

/** GET /api/v1/calendar/service-windows */
export type CalendarServiceWindow = ReturnType<typeof presentServiceWindow>;
export interface CalendarServiceWindows {
  year: number;
  municipality: string | null;
  items: CalendarServiceWindow[];
}
