import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Attendee, ParameterValue, VEvent } from 'node-ical';
import { Temporal } from 'temporal-polyfill';
import { reviewInvitation, STOCKHOLM_VTIMEZONE, swedishMeetingTime, type ReviewInvitationProps } from './invitation.ts';

// node-ical is loaded after everything else on purpose: it puts its own temporal-polyfill 0.3 in
// globalThis.Temporal, and our temporal-polyfill 1.0 uses a global Temporal as if native when it finds one
// at load time. That 0.3 knows summer time only up to ten years after the current year, so loaded first
// it would shift every later Stockholm time by an hour (the 1996–2099 test below catches it).
const { default: ical } = await import('node-ical');

/** A booked review as the service would pass it; every test changes only what it is about. */
const BOOKED: ReviewInvitationProps = {
  applicationName: 'Procapita',
  municipalityName: 'Tranemo kommun',
  startsAt: '2027-03-16T08:00:00Z',
  endsAt: '2027-03-16T09:30:00Z',
  place: 'Kommunhuset, sammanträdesrum Ägget',
  organizer: { name: 'IT-enheten Sjuhärad', email: 'it@tranemo.se' },
  invitees: [
    { name: 'Åsa Öberg', email: 'asa.oberg@tranemo.se' },
    { name: 'Jörgen Ärlig', email: 'jorgen.arlig@tranemo.se' },
  ],
  uid: 'agreement-review-7f3c@samdesk.tranemo.se',
  sequence: 0,
  method: 'REQUEST',
  now: new Date('2027-02-01T10:15:00Z'),
};

function invite(change: Partial<ReviewInvitationProps> = {}) {
  return reviewInvitation({ ...BOOKED, ...change });
}

/** The .ics read back by an independent parser (node-ical): the calendar's METHOD and its one VEVENT. */
function parsed(content: string): { method: unknown; event: VEvent } {
  const all = ical.sync.parseICS(content);
  const events = Object.values(all).filter((c): c is VEvent => c?.type === 'VEVENT');
  assert.equal(events.length, 1);
  return { method: all.vcalendar?.method, event: events[0] as VEvent };
}

function attendees(event: VEvent): Attendee[] {
  const a = event.attendee;
  return a === undefined ? [] : Array.isArray(a) ? a : [a];
}

/** A text property's value without its parameters. */
function textOf(v: ParameterValue | undefined): string | undefined {
  return typeof v === 'object' ? v.val : v;
}

/** The content lines as a calendar sees them (folds undone, RFC 5545 §3.1). */
function unfolded(content: string): string[] {
  return content.replace(/\r\n[ \t]/g, '').split('\r\n');
}

/** The UTC offset the parsed date has in the time zone node-ical read from TZID. */
function offsetOf(d: Date & { tz?: string }): string {
  return Temporal.Instant.fromEpochMilliseconds(d.getTime()).toZonedDateTimeISO(d.tz ?? 'UTC').offset;
}

describe('R-7.4: the yearly review invitation (.ics) read back with node-ical', () => {
  const cases = [
    // name, startsAt, endsAt, local DTSTART, UTC offset
    ['winter', '2027-01-19T08:00:00Z', '2027-01-19T09:30:00Z', '20270119T090000', '+01:00'],
    ['summer', '2027-06-15T07:00:00Z', '2027-06-15T08:30:00Z', '20270615T090000', '+02:00'],
    // 2027-03-28 is the last Sunday of March: the Friday before is still CET, the Monday after is CEST.
    ['Friday before the spring change', '2027-03-26T09:00:00+01:00', '2027-03-26T10:30:00+01:00', '20270326T090000', '+01:00'],
    ['Monday after the spring change', '2027-03-29T09:00:00+02:00', '2027-03-29T10:30:00+02:00', '20270329T090000', '+02:00'],
    // 2027-10-31 is the last Sunday of October.
    ['Friday before the autumn change', '2027-10-29T09:00:00+02:00', '2027-10-29T10:30:00+02:00', '20271029T090000', '+02:00'],
    ['Monday after the autumn change', '2027-11-01T09:00:00+01:00', '2027-11-01T10:30:00+01:00', '20271101T090000', '+01:00'],
  ] as const;
  for (const [name, startsAt, endsAt, localStart, offset] of cases) {
    test(`issue 18: ${name}: start and end are the booked instants, in Europe/Stockholm (${offset})`, () => {
      const inv = invite({ startsAt, endsAt });
      const { event } = parsed(inv.ics.content);
      assert.equal(event.start.getTime(), Date.parse(startsAt));
      assert.equal(event.end?.getTime(), Date.parse(endsAt));
      assert.equal(event.start.tz, 'Europe/Stockholm');
      assert.equal(event.end?.tz, 'Europe/Stockholm');
      assert.equal(offsetOf(event.start), offset);
      assert.ok(unfolded(inv.ics.content).includes(`DTSTART;TZID=Europe/Stockholm:${localStart}`));
    });
  }

  test('issue 18: the times do not depend on the server’s own time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      const elsewhere = invite();
      process.env.TZ = 'UTC';
      assert.deepEqual(elsewhere, invite());
    } finally {
      if (saved === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = saved;
      }
    }
  });

  test('issue 18: one VTIMEZONE for Europe/Stockholm, and DTSTAMP is the injected now in UTC', () => {
    const inv = invite();
    const lines = unfolded(inv.ics.content);
    assert.equal(lines.filter((l) => l === 'BEGIN:VTIMEZONE').length, 1);
    assert.ok(inv.ics.content.includes(STOCKHOLM_VTIMEZONE));
    assert.ok(lines.includes('DTSTAMP:20270201T101500Z'));
    assert.equal(parsed(inv.ics.content).event.dtstamp.getTime(), BOOKED.now.getTime());
  });

  test('issue 18: the VTIMEZONE rules (last Sunday of March and October, 01:00 UTC) agree with the tz database 1996–2099', () => {
    assert.match(
      STOCKHOLM_VTIMEZONE,
      /BEGIN:DAYLIGHT\r\nTZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200\r\n.*\r\nDTSTART:19960331T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n/,
    );
    assert.match(
      STOCKHOLM_VTIMEZONE,
      /BEGIN:STANDARD\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100\r\n.*\r\nDTSTART:19961027T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n/,
    );
    const lastSunday = (year: number, month: number) => {
      const last = Temporal.PlainDate.from({ year, month, day: 31 });
      return last.subtract({ days: last.dayOfWeek % 7 });
    };
    const offsetAt = (ms: number) => Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO('Europe/Stockholm').offset;
    for (let year = 1996; year <= 2099; year++) {
      for (const [month, before, after] of [
        [3, '+01:00', '+02:00'],
        [10, '+02:00', '+01:00'],
      ] as const) {
        const change = Date.parse(`${lastSunday(year, month).toString()}T01:00:00Z`);
        assert.deepEqual([offsetAt(change - 1), offsetAt(change)], [before, after], `${year}-${month}`);
      }
    }
  });

  test('issue 18: METHOD:REQUEST, UID, SEQUENCE, STATUS, summary, place and description', () => {
    const inv = invite({ sequence: 2 });
    const { method, event } = parsed(inv.ics.content);
    assert.equal(method, 'REQUEST');
    assert.equal(event.uid, BOOKED.uid);
    assert.equal(event.sequence, 2);
    assert.equal(event.status, 'CONFIRMED');
    assert.equal(event.summary, 'Årlig genomgång av applikationsavtal: Procapita');
    assert.equal(event.location, BOOKED.place);
    assert.match(textOf(event.description) ?? '', /^Den årliga genomgången av applikationsavtalet för Procapita \(Tranemo kommun\)/);
    assert.equal(inv.ics.contentType, 'text/calendar; charset=utf-8; method=REQUEST');
    assert.equal(inv.ics.filename, 'inbjudan.ics');
  });

  test('issue 18: the organizer and every invitee, required, asked to answer', () => {
    const { event } = parsed(invite().ics.content);
    assert.deepEqual(event.organizer, { params: { CN: 'IT-enheten Sjuhärad' }, val: 'mailto:it@tranemo.se' });
    assert.deepEqual(
      attendees(event).map((a) => typeof a === 'object' && { ...a.params, to: a.val.toLowerCase() }),
      BOOKED.invitees.map((p) => ({ ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'NEEDS-ACTION', RSVP: true, CN: p.name, to: `mailto:${p.email}` })),
    );
  });

  test('issue 18: an invitee listed twice (same address, any case) is invited once', () => {
    const twice = [...BOOKED.invitees, { name: 'Åsa Öberg', email: 'Asa.Oberg@tranemo.se' }];
    assert.equal(attendees(parsed(invite({ invitees: twice }).ics.content).event).length, 2);
  });

  test('issue 18: Swedish letters survive, and no line is folded inside a letter', () => {
    const inv = invite({ applicationName: 'Läromedelsportalen för förskola och äldreomsorg – Ängsbacka och Öxabäck' });
    const { event } = parsed(inv.ics.content);
    assert.equal(event.summary, 'Årlig genomgång av applikationsavtal: Läromedelsportalen för förskola och äldreomsorg – Ängsbacka och Öxabäck');
    assert.equal(event.location, 'Kommunhuset, sammanträdesrum Ägget');
    for (const line of inv.ics.content.split('\r\n')) {
      assert.ok(Buffer.byteLength(line) <= 75, line);
      assert.ok(!line.includes('\uFFFD'), line);
    }
  });

  test('issue 18: commas and semicolons in text values are escaped, and in names quoted', () => {
    const inv = invite({
      applicationName: 'Visma; lön, personal',
      place: 'Ulricehamn; rum 3, plan 2',
      invitees: [
        { name: 'Öberg, Åsa', email: 'asa.oberg@tranemo.se' },
        { name: 'Ek; Bo "Bosse"', email: 'bo.ek@tranemo.se' },
      ],
    });
    const lines = unfolded(inv.ics.content);
    assert.ok(lines.includes('SUMMARY:Årlig genomgång av applikationsavtal: Visma\\; lön\\, personal'));
    assert.ok(lines.includes('LOCATION:Ulricehamn\\; rum 3\\, plan 2'));
    // RFC 5545 §3.2: a parameter value with , ; or : is quoted, not escaped; a quoted value cannot hold a
    // double quote, so it becomes ”.
    assert.ok(lines.some((l) => l.startsWith('ATTENDEE;') && l.includes(';CN="Öberg, Åsa":MAILTO:asa.oberg@tranemo.se')));
    assert.ok(lines.some((l) => l.startsWith('ATTENDEE;') && l.includes(';CN="Ek; Bo ”Bosse”":MAILTO:bo.ek@tranemo.se')));
    const { event } = parsed(inv.ics.content);
    assert.equal(event.summary, 'Årlig genomgång av applikationsavtal: Visma; lön, personal');
    assert.equal(event.location, 'Ulricehamn; rum 3, plan 2');
    // node-ical 0.26 splits parameters on every ";" (quoted or not), so only the comma name is checked
    // through it; the semicolon name is checked on the line above.
    const [first] = attendees(event);
    assert.equal(typeof first === 'object' && first.params.CN, 'Öberg, Åsa');
  });

  test('issue 18: a line break in user text cannot start a new iCalendar property', () => {
    const inv = invite({ place: 'Rum 3\r\nATTENDEE:mailto:intruder@example.com', invitees: [{ name: 'Åsa\nÖberg', email: 'asa.oberg@tranemo.se' }] });
    assert.ok(!unfolded(inv.ics.content).some((l) => l.includes('intruder') && !l.startsWith('LOCATION:')));
    assert.equal(attendees(parsed(inv.ics.content).event).length, 1);
  });

  test('issue 18: a cancellation has METHOD:CANCEL and STATUS:CANCELLED, the same UID and a higher SEQUENCE', () => {
    const booked = invite({ sequence: 1 });
    const cancelled = invite({ sequence: 2, method: 'CANCEL' });
    const before = parsed(booked.ics.content);
    const after = parsed(cancelled.ics.content);
    assert.equal(after.method, 'CANCEL');
    assert.equal(after.event.status, 'CANCELLED');
    assert.equal(after.event.uid, before.event.uid);
    assert.ok((after.event.sequence ?? 0) > (before.event.sequence ?? 0));
    assert.equal(after.event.start.getTime(), before.event.start.getTime());
    assert.equal(cancelled.ics.contentType, 'text/calendar; charset=utf-8; method=CANCEL');
    assert.ok(attendees(after.event).every((a) => typeof a === 'object' && a.params.RSVP === false));
  });

  test('issue 18: the same input gives the same bytes; only DTSTAMP follows now', () => {
    assert.deepEqual(invite(), invite());
    const later = invite({ now: new Date('2027-02-02T07:00:00Z') });
    const diff = unfolded(later.ics.content).filter((l) => !unfolded(invite().ics.content).includes(l));
    assert.deepEqual(diff, ['DTSTAMP:20270202T070000Z']);
  });

  test('issue 18: input no calendar could take is refused', () => {
    assert.throws(() => invite({ endsAt: BOOKED.startsAt }), RangeError);
    assert.throws(() => invite({ startsAt: '2027-03-16 09:00' }), RangeError);
    assert.throws(() => invite({ invitees: [] }), RangeError);
    assert.throws(() => invite({ invitees: [{ name: 'Åsa', email: 'asa' }] }), RangeError);
    assert.throws(() => invite({ organizer: { name: 'IT', email: 'it@tranemo.se>\r\nBcc: x@y.se' } }), RangeError);
    assert.throws(() => invite({ sequence: -1 }), RangeError);
    assert.throws(() => invite({ uid: ' ' }), RangeError);
  });
});

describe('R-7.4: the invitation mail in Swedish', () => {
  test('issue 18: the meeting time is written as Swedes write it', () => {
    assert.equal(swedishMeetingTime('2027-03-16T08:00:00Z', '2027-03-16T09:30:00Z'), 'tisdag 16 mars 2027 kl. 09.00–10.30');
    assert.equal(swedishMeetingTime('2027-03-29T07:05:00Z', '2027-03-29T08:00:00Z'), 'måndag 29 mars 2027 kl. 09.05–10.00');
    assert.equal(swedishMeetingTime('2027-06-17T20:00:00Z', '2027-06-18T06:00:00Z'), 'torsdag 17 juni 2027 kl. 22.00 – fredag 18 juni 2027 kl. 08.00');
  });

  test('issue 18: an invitation names the application, the time, the place and who is invited', () => {
    const inv = invite();
    assert.equal(inv.subject, 'Inbjudan: Årlig genomgång av applikationsavtal: Procapita, tisdag 16 mars 2027 kl. 09.00–10.30');
    assert.match(inv.text, /^Hej!\n\nDen årliga genomgången av applikationsavtalet för Procapita \(Tranemo kommun\): /);
    assert.match(inv.text, /\nNär: tisdag 16 mars 2027 kl\. 09\.00–10\.30\nVar: Kommunhuset, sammanträdesrum Ägget\nInbjudna: Åsa Öberg, Jörgen Ärlig\n/);
    assert.match(inv.text, /bifogade kalenderfilen/);
    assert.match(inv.text, /Hälsningar\nIT-enheten Sjuhärad\n$/);
  });

  test('issue 18: a rebooking says the invitation changed; a cancellation says the meeting is cancelled', () => {
    assert.match(invite({ sequence: 1 }).subject, /^Ändrad inbjudan: Årlig genomgång av applikationsavtal: Procapita, /);
    const cancelled = invite({ sequence: 2, method: 'CANCEL' });
    assert.equal(cancelled.subject, 'Inställt: Årlig genomgång av applikationsavtal: Procapita, tisdag 16 mars 2027 kl. 09.00–10.30');
    assert.match(cancelled.text, /^Hej!\n\nDen årliga genomgången av applikationsavtalet för Procapita \(Tranemo kommun\) är inställd\.\n/);
    assert.match(textOf(parsed(cancelled.ics.content).event.description) ?? '', /som var bokad till tisdag 16 mars 2027 kl\. 09\.00–10\.30, är inställd\.$/);
  });

  test('issue 18: the subject is one line whatever the names hold', () => {
    assert.doesNotMatch(invite({ applicationName: 'Procapita\r\nBcc: x@example.com' }).subject, /[\r\n]/);
  });
});
