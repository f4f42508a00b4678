/**
 * All UI texts, Swedish and English, composed from each capability's texts.ts (issue 17 §5). Pure
 * data, so test/web-texts.test.ts can compare the languages; web/src/i18n.ts hands them to i18next
 * and takes the typed keys from `Texts`.
 */
import type { ParseKeys } from 'i18next';
import { agreementsEn, agreementsSv } from './agreements/texts.ts';
import { assetsEn, assetsSv } from './assets/texts.ts';
import { auditEn, auditSv } from './audit/texts.ts';
import { billingEn, billingSv } from './billing/texts.ts';
import { calendarEn, calendarSv } from './calendar/texts.ts';
import { catalogueEn, catalogueSv } from './catalogue/texts.ts';
import { mailqEn, mailqSv } from './mail/texts.ts';
import { missionEn, missionSv } from './mission/texts.ts';
import { operationsEn, operationsSv } from './operations/texts.ts';
import { followupEn, followupSv } from './followup/texts.ts';
import { governanceEn, governanceSv } from './governance/texts.ts';
import { ordersEn, ordersSv } from './orders/texts.ts';
import { orgEn, orgSv } from './org/texts.ts';
import { surveysEn, surveysSv } from './pages/surveys/texts.ts';
import { shellEn, shellSv } from './shell/texts.ts';
import { sitesEn, sitesSv } from './sites/texts.ts';
import { desksEn, desksSv, ticketsEn, ticketsMoreEn, ticketsMoreSv, ticketsSv } from './tickets/texts.ts';
import type { Widen } from './widen.ts';

export const sv = {
  ...shellSv,
  org: orgSv,
  mission: missionSv,
  calendar: calendarSv,
  tickets: ticketsSv,
  desks: desksSv,
  mailq: mailqSv,
  audit: auditSv,
  catalogue: catalogueSv,
  orders: ordersSv,
  assets: assetsSv,
  billing: billingSv,
  agreements: agreementsSv,
  operations: operationsSv,
  governance: governanceSv,
  followup: followupSv,
  sites: sitesSv,
  surveys: surveysSv,
  ticketsMore: ticketsMoreSv,
};

/** The texts' shape: every key the UI may ask i18next for (web/src/i18n.ts). */
export type Texts = typeof sv;

/** A key `t()` accepts ("tickets.priorities.high"; plural keys without their `_one`/`_other`). */
export type TextKey = ParseKeys;

/** `t` as a plain function, for helpers outside a component; a test passes a fake that echoes the key. */
export type Translate = (key: TextKey, options?: Record<string, unknown>) => string;

/**
 * Whether `texts` has a text for `value` (a field a server problem names, say), narrowing it to that
 * key so `t()` takes it: `hasText(sv.fields, field) ? t(`fields.${field}`) : field`.
 */
export function hasText<T extends object>(texts: T, value: string): value is Extract<keyof T, string> {
  return Object.hasOwn(texts, value);
}

export const en: Widen<Texts> = {
  ...shellEn,
  org: orgEn,
  mission: missionEn,
  calendar: calendarEn,
  tickets: ticketsEn,
  desks: desksEn,
  mailq: mailqEn,
  audit: auditEn,
  catalogue: catalogueEn,
  orders: ordersEn,
  assets: assetsEn,
  billing: billingEn,
  agreements: agreementsEn,
  operations: operationsEn,
  governance: governanceEn,
  followup: followupEn,
  sites: sitesEn,
  surveys: surveysEn,
  ticketsMore: ticketsMoreEn,
};
