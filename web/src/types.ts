/**
 * Shapes of the API's answers (see /api/openapi.json). The mission document and the role list are
 * imported as types from the server's own modules, so the two cannot drift apart.
 */
import type { MissionDocument } from '../../src/mission/document.ts';
import type { UnitLevel, AccountingCodeField } from '../../src/org/rules.ts';
import type { Role } from '../../src/platform/access.ts';
import type { Permission } from '../../src/app/permissions.ts';
import type { Session as OrgSession, SessionUser as OrgSessionUser } from '../../src/org/contract.ts';

export type { MissionDocument, Role, UnitLevel, AccountingCodeField };

/** Answers of the org and sign-in routes: the server's contract (docs/decisions/0010). */
export type { Locale, Providers, Municipality, Unit, Person, Team, User, ImportReport } from '../../src/org/contract.ts';

/**
 * The signed-in user as the server sends it; `can` names every permission of app/permissions.ts (the
 * org contract cannot name them: the app sits above org), so a misspelt permission is a compile error.
 */
export type SessionUser = Omit<OrgSessionUser, 'can'> & { can: Record<Permission, boolean> };
export type Session = Omit<OrgSession, 'user'> & { user: SessionUser };

/** GET /api/v1/mission and /missions/{year}: the mission's contract. */
export type { MissionVersion, MissionVersionDetail, MissionSummary, MissionSummaryList, MissionBlocker } from '../../src/mission/contract.ts';

/** GET /api/v1/audit: the audit trail's contract. */
export type { AuditEntry, AuditPage } from '../../src/platform/audit/contract.ts';

export interface Page<T> {
  items: T[];
}

/** GET /api/v1/calendar/closed-days and /service-windows: the calendar's contract. */
export type { CalendarClosedDay, CalendarClosedDays, CalendarServiceWindow, CalendarServiceWindows } from '../../src/calendar/contract.ts';

/**
 * /api/v1/applications, /agreement-models, /agreement-sketches and /agreement-reviews: the
 * agreements' contract (issue 18, R-7).
 */
export type {
  AgreementCostAnswer as AgreementCost,
  AgreementRevision,
  AgreementVersion,
  Application,
  ApplicationHead,
  ApplicationInput,
  ApplicationList,
  ApplicationPatch,
  CloudMoveInput,
  CostComparison,
  CostDriverInput as CostDriver,
  CostModel,
  CostModelCopy,
  CostModelHead,
  CostModelHeadList,
  CostModelInput,
  CostModelPatch,
  Permission as AgreementPermission,
  Review,
  ReviewBooking,
  ReviewHeld,
  ReviewOverview,
  ReviewReschedule,
  StatusChange,
} from '../../src/agreements/contract.ts';

/**
 * /api/v1/it-functions, /outages, /availability and /operations-messages: the operations contract
 * (issue 19, R-9).
 */
export type {
  AvailabilityPeriod,
  AvailabilityReport,
  Figure as AvailabilityFigure,
  ItFunction,
  ItFunctionInput,
  ItFunctionList,
  ItFunctionPatch,
  Message as OperationsMessage,
  MessageFromOutage,
  MessageInput as OperationsMessageInput,
  MessageList as OperationsMessageList,
  MessageResolve,
  MessageWithdraw,
  OperationsPermission,
  Outage,
  OutageEnd,
  OutageFromTicket,
  OutageInput,
  OutageList,
  OutagePatch,
  OutageSummary,
  ServiceWindowPlan,
  WindowWork,
  WindowWorkDone,
  WindowWorkInput,
  WindowWorkPatch,
  IncidentReport,
  IncidentReportInput,
  IncidentReportList,
  IncidentReportSend,
  IncidentTemplate,
  IncidentTemplateInput,
  IncidentTemplateList,
} from '../../src/operations/contract.ts';
