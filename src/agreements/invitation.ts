import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { WEEKDAYS } from '../mission/document.ts';
import { WEEKDAY_SV } from '../mission/rules.ts';
import { headerSafe } from '../platform/mail/header.ts';
import { longDate } from '../platform/pdf.ts';

/**
 * R-7.4: the invitation to an application agreement's yearly review, as a mail (subject and text in
 * Swedish) with an iCalendar attachment (RFC 5545/5546, iTIP REQUEST or CANCEL) that puts the meeting
 * in the invitees' calendars, moves it when it is rebooked and removes it when it is cancelled.
 *
 * Design:
 * - Pure: no clock, no randomness. DTSTAMP is the injected `now`, UID and SEQUENCE come from the
 *   review (`agreement_reviews.ical_uid`, `ical_sequence`), so the same input gives the same bytes and
 *   a calendar recognises a rebooking or cancellation as the same meeting (same UID, higher SEQUENCE).
 * - Times are written as local Europe/Stockholm times with TZID and a VTIMEZONE, as calendars expect
 *   for a meeting in a place; the VTIMEZONE is the constant below (no generator package is installed,
 *   and Sweden's rules have been the EU's since 1996). The start and end are handed to ical-generator
 *   as Temporal.ZonedDateTime: with a native Date it would take the wall time from the process's own
 *   time zone (ical-generator 10 `formatDate`), which on a UTC server is an hour or two off.
 * - The calendar itself gets no time zone name, only the VTIMEZONE generator: ical-generator formats
 *   DTSTAMP in the calendar's zone, and DTSTAMP must be UTC (RFC 5545 §3.8.7.2).
 * - The attachment `{ filename, contentType, content }` is nodemailer's attachment shape; the same
 *   content also fits nodemailer's `icalEvent` (`{ method, filename, content }`), which sends it as the
 *   text/calendar alternative Outlook shows with its accept/decline buttons. The platform outbox
 *   (src/platform/mail/outbox.ts `enqueueMail`) carries neither yet: it holds a ticket template.
 */

export const REVIEW_TIME_ZONE = 'Europe/Stockholm';

/** A person in the invitation: a name as shown and a mail address. */
export interface InvitationPerson {
  name: string;
  email: string;
}

export type InvitationMethod = 'REQUEST' | 'CANCEL';

export interface ReviewInvitationProps {
  /** The application whose agreement is reviewed, e.g. "Procapita". */
  applicationName: string;
  /** The municipality the agreement belongs to, e.g. "Tranemo kommun". */
  municipalityName: string;
  /** Start of the meeting, an ISO 8601 instant with offset or Z. */
  startsAt: string;
  /** End of the meeting, an ISO 8601 instant after `startsAt`. */
  endsAt: string;
  /** Where the meeting is held (room, address or a link). */
  place: string;
  /** Who calls the meeting (IT); replies go to this address. */
  organizer: InvitationPerson;
  /** The owners invited; at least one. Duplicates by address are sent once. */
  invitees: readonly InvitationPerson[];
  /** The iCalendar UID, stable for the review (`agreement_reviews.ical_uid`). */
  uid: string;
  /** Raised on every change to the booking (`agreement_reviews.ical_sequence`). */
  sequence: number;
  /** REQUEST books or rebooks the meeting; CANCEL removes it from the invitees' calendars. */
  method: InvitationMethod;
  /** When the invitation is made (DTSTAMP): injected, never read from the clock. */
  now: Date;
}

export interface ReviewInvitation {
  subject: string;
  text: string;
  /** The .ics, in nodemailer's attachment shape. */
  ics: { filename: string; contentType: string; content: string };
}

/**
 * Europe/Stockholm as RFC 5545 VTIMEZONE: CET/CEST with the EU rules (summer time from 01:00 UTC on
 * the last Sunday of March to 01:00 UTC on the last Sunday of October), in force in Sweden since 1996;
 * the DTSTARTs are the first transitions under those rules (31 March and 27 October 1996).
 */
export const STOCKHOLM_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${REVIEW_TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19960331T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19961027T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const SUMMARY_PREFIX = 'Årlig genomgång av applikationsavtal';
const EMAIL = /^[^\s@<>",;:\\]+@[^\s@<>",;:\\]+\.[^\s@<>",;:\\]+$/;

/** "tisdag 16 mars 2027 kl. 09.00–10.30" (Swedish style: a point between hours and minutes, an en dash). */
export function swedishMeetingTime(startsAt: string, endsAt: string): string {
  const start = zoned(startsAt, 'startsAt');
  const end = zoned(endsAt, 'endsAt');
  const day = (t: Temporal.ZonedDateTime) => `${WEEKDAY_SV[WEEKDAYS[t.dayOfWeek - 1] ?? 'monday']} ${longDate(t.toPlainDate())}`;
  const clock = (t: Temporal.ZonedDateTime) => `${String(t.hour).padStart(2, '0')}.${String(t.minute).padStart(2, '0')}`;
  return start.toPlainDate().equals(end.toPlainDate())
    ? `${day(start)} kl. ${clock(start)}–${clock(end)}`
    : `${day(start)} kl. ${clock(start)} – ${day(end)} kl. ${clock(end)}`;
}

/**
 * the mail and .ics for a booked (REQUEST) or cancelled (CANCEL) yearly review. Throws
 * RangeError for input no calendar could take (bad instants, end not after start, no invitee, an
 * address that is not one).
 *
 * @example
 *   const inv = reviewInvitation({ applicationName: 'Procapita', municipalityName: 'Tranemo kommun',
 *     startsAt: '2027-03-16T08:00:00Z', endsAt: '2027-03-16T09:30:00Z', place: 'Stora salen',
 *     organizer: { name: 'IT-enheten', email: 'it@tranemo.se' }, invitees: [{ name: 'Åsa Öberg', email: 'asa@tranemo.se' }],
 *     uid: 'review-1@samdesk', sequence: 0, method: 'REQUEST', now: new Date('2027-02-01T10:00:00Z') });
 *   inv.subject; // "Inbjudan: Årlig genomgång av applikationsavtal: Procapita, tisdag 16 mars 2027 kl. 09.00–10.30"
 */
export function reviewInvitation(props: ReviewInvitationProps): ReviewInvitation {
  const start = zoned(props.startsAt, 'startsAt');
  const end = zoned(props.endsAt, 'endsAt');
  if (Temporal.ZonedDateTime.compare(end, start) <= 0) throw new RangeError('endsAt must be after startsAt');
  if (!Number.isSafeInteger(props.sequence) || props.sequence < 0) throw new RangeError(`sequence ${props.sequence} is not a whole number ≥ 0`);
  const uid = headerSafe(props.uid);
  if (!uid) throw new RangeError('uid is empty');
  if (Number.isNaN(props.now.getTime())) throw new RangeError('now is not a date');
  const organizer = person(props.organizer, 'organizer');
  const invitees = [...new Map(props.invitees.map((p) => person(p, 'invitee')).map((p) => [p.email.toLowerCase(), p])).values()];
  if (invitees.length === 0) throw new RangeError('an invitation needs at least one invitee');

  const cancelled = props.method === 'CANCEL';
  const application = headerSafe(props.applicationName);
  const municipality = headerSafe(props.municipalityName);
  const place = headerSafe(props.place);
  const when = swedishMeetingTime(props.startsAt, props.endsAt);
  const summary = `${SUMMARY_PREFIX}: ${application}`;
  const about = `Den årliga genomgången av applikationsavtalet för ${application} (${municipality})`;
  const description = cancelled
    ? `${about}, som var bokad till ${when}, är inställd.`
    : `${about}: vi går igenom avtalets beskrivning, ansvarsfördelningen, driftkostnaden och systemskissen och kommer överens om vad som ska ändras.`;

  const calendar = ical({
    prodId: { company: 'Samdesk', product: 'Samdesk', language: 'SV' },
    method: cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No zone name here: it would make ical-generator write DTSTAMP as local time (see the design note).
    timezone: { name: null, generator: (tz) => (tz === REVIEW_TIME_ZONE ? STOCKHOLM_VTIMEZONE : null) },
  });
  calendar.createEvent({
    id: uid,
    sequence: props.sequence,
    stamp: props.now,
    start,
    end,
    timezone: REVIEW_TIME_ZONE,
    summary,
    location: place,
    description,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer,
    attendees: invitees.map((p) => ({
      ...p,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      // No answer is asked for a cancellation.
      rsvp: !cancelled,
    })),
  });

  const greeting = `Hälsningar\n${organizer.name}`;
  const details = `När: ${when}\nVar: ${place}\nInbjudna: ${invitees.map((p) => p.name).join(', ')}`;
  const text = cancelled
    ? `Hej!\n\n${about} är inställd.\n\n${details}\n\nDen bifogade kalenderfilen tar bort mötet ur din kalender.\n\n${greeting}\n`
    : `Hej!\n\n${description}\n\n${details}\n\nÖppna den bifogade kalenderfilen för att lägga in mötet i din kalender och svara på inbjudan. Frågor om mötet besvarar ${organizer.name} (${organizer.email}).\n\n${greeting}\n`;
  const subjectPrefix = cancelled ? 'Inställt' : props.sequence > 0 ? 'Ändrad inbjudan' : 'Inbjudan';
  return {
    subject: `${subjectPrefix}: ${summary}, ${when}`,
    text,
    ics: {
      filename: cancelled ? 'installt-mote.ics' : 'inbjudan.ics',
      contentType: `text/calendar; charset=utf-8; method=${props.method}`,
      content: calendar.toString(),
    },
  };
}

function zoned(instant: string, field: string): Temporal.ZonedDateTime {
  try {
    return Temporal.Instant.from(instant).toZonedDateTimeISO(REVIEW_TIME_ZONE);
  } catch {
    throw new RangeError(`${field}: ${instant} is not an instant (ISO 8601 with offset)`);
  }
}

/**
 * A name and address fit for an iCalendar parameter and a mail header: one line, and no double quote
 * (a quoted CN cannot hold one, RFC 5545 §3.1; ical-generator's backslash would end the value early for
 * most parsers), so it becomes the Swedish ”.
 */
function person(p: InvitationPerson, field: string): InvitationPerson {
  const email = headerSafe(p.email);
  if (!EMAIL.test(email)) throw new RangeError(`${field}: ${p.email} is not a mail address`);
  return { name: headerSafe(p.name).replaceAll('"', '”') || email, email };
}
