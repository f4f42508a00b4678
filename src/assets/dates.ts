import { Temporal } from 'temporal-polyfill';
import type { MissionDocument } from '../mission/rules.ts';

/**
 * Register dates: pure helpers, no I/O. Dates are ISO local dates
 * (Europe/Stockholm). Every number of the yearly mission comes in with the mission document.
 */

type Catalogue = Pick<MissionDocument, 'catalogue'>;

/** `months` after `on`; a day missing in the target month falls on its last day (31 Jan + 1 → 28/29 Feb). */
export function addMonths(on: string, months: number): string {
  return Temporal.PlainDate.from(on).add({ months }, { overflow: 'constrain' }).toString();
}

/**
 * The months until renewal: the service's own renewal period (R-4.1: a computer workplace is renewed
 * after 48 months in 2023), else the model's technical life, else the mission's minimum technical life
 * at least four years).
 */
export function renewalMonthsFor(mission: Catalogue, props: { serviceCode: string | null; modelLifetimeMonths: number | null }): number {
  const service = props.serviceCode === null ? undefined : mission.catalogue.services.find((s) => s.code === props.serviceCode);
  return service?.renewalMonths ?? props.modelLifetimeMonths ?? mission.catalogue.minimumTechnicalLifeMonths;
}

/** the renewal date, `renewalMonthsFor` after delivery; null before delivery. */
export function renewalDate(mission: Catalogue, props: { serviceCode: string | null; modelLifetimeMonths: number | null; deliveredOn: string | null }): string | null {
  if (props.deliveredOn === null) return null;
  return addMonths(props.deliveredOn, renewalMonthsFor(mission, props));
}

/** the end of a binding period of `months` from delivery; null without delivery or binding. */
export function bindingEnd(props: { deliveredOn: string | null; bindingMonths: number | null }): string | null {
  if (props.deliveredOn === null || props.bindingMonths === null || props.bindingMonths === 0) return null;
  return addMonths(props.deliveredOn, props.bindingMonths);
}

/** A real calendar date written YYYY-MM-DD. */
export function isLocalDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  try {
    return Temporal.PlainDate.from(s, { overflow: 'reject' }).toString() === s;
  } catch {
    return false;
  }
}
