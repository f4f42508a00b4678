/**
 * Shapes of the API's answers (see /api/openapi.json). The mission document and the role list are
 * imported as types from the server's own modules, so the two cannot drift apart.
 */
import type { MissionDocument } from '../../src/mission/document.ts';
import type { UnitLevel, AccountingCodeField } from '../../src/org/rules.ts';
import type { Role } from '../../src/platform/access.ts';
import type { Permission } from '../../src/app/permissions.ts';
import type { Session as OrgSession, SessionUser as OrgSessionUser } from '../../src/org/contract.ts';
import type { presentClosedDays, presentServiceWindow } from '../../src/calendar/presenter.ts';

export type { MissionDocument, Role, UnitLevel, AccountingCodeField };

/** Answers of the org and sign-in routes: the server's contract (docs/decisions/0010). */
export type { Locale, Providers, Municipality, Unit, Person, Team, User, ImportReport } from '../../src/org/contract.ts';

/**
 * The signed-in user as the server sends it; `can` names every permission of app/permissions.ts (the
 * org contract cannot name them: the app sits above org), so a misspelt permission is a compile error.
 */
export type SessionUser = Omit<OrgSessionUser, 'can'> & { can: Record<Permission, boolean> };
export type Session = Omit<OrgSession, 'user'> & { user: SessionUser };

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
