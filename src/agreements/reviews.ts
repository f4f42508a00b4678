import { randomUUID } from 'node:crypto';
import { missionOn, stockholmToday } from '../mission/service.ts';
import { findMunicipality } from '../org/store.ts';
import { writeAudit } from '../platform/audit/audit.ts';
import { assertMunicipality } from '../platform/auth/policy.ts';
import { now } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db/client.ts';
import { assertVersion, updateVersioned } from '../platform/db/versioned.ts';
import type { Actor } from '../platform/http/context.ts';
import { AppError } from '../platform/http/errors.ts';
import { enqueuePreparedMail } from '../platform/mail/outbox.ts';
import type { Review, ReviewBooking, ReviewHeld, ReviewOverview, ReviewReschedule } from './contract.ts';
import { reviewInvitation, type InvitationMethod } from './invitation.ts';
import { editsAgreements } from './policy.ts';
import { permission, presentHead, presentVersion } from './presenter.ts';
import type { Problem } from '../org/rules.ts';
import { agreementReviews, applications } from './schema.ts';
import { nextReviewAfter } from './rules.ts';
import { applicationForReview, checkAgreementContent, labelledConflict, readableApplication, readFilter } from './service.ts';
import * as store from './store.ts';

/**
 * the yearly review of an agreement. IT books the meeting and Samdesk sends each invitee an
 * invitation with an iCalendar file (a rebooking sends the same UID with a higher sequence, a
 * cancellation CANCEL); held, the review records its minutes and the agreement as revised at it (a new
 * version), and the next review falls the mission's interval later.
 */

const FORBIDDEN: Problem = {
  field: 'role',
  reason: 'only the IT strategist and IT management book reviews',
  reasonSv: 'bara IT-strateg och IT-ledning bokar genomgångar',
};

function reviewActions(actor: Actor, review: store.ReviewRow): Review['actions'] {
  const role = editsAgreements(actor) ? null : FORBIDDEN;
  const done: Problem | null =
    review.status === 'booked'
      ? null
      : {
          field: 'status',
          reason: `the review is ${review.status}`,
          reasonSv: review.status === 'held' ? 'genomgången är redan hållen' : 'genomgången är inställd',
        };
  return { reschedule: permission(role ?? done), cancel: permission(role ?? done), hold: permission(role ?? done) };
}

export function presentReview(actor: Actor, r: store.ReviewRow & { applicationName: string; municipalityId: string; agreementVersion: number | null }): Review {
  return {
    id: r.id,
    applicationId: r.applicationId,
    applicationName: r.applicationName,
    municipalityId: r.municipalityId,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    place: r.place,
    invitees: r.invitees,
    status: r.status,
    minutes: r.minutes,
    heldOn: r.heldOn,
    agreementVersion: r.agreementVersion,
    version: r.version,
    actions: reviewActions(actor, r),
  };
}

const presentRecord = (r: store.ReviewRow) => ({
  id: r.id,
  applicationId: r.applicationId,
  startsAt: r.startsAt.toISOString(),
  endsAt: r.endsAt.toISOString(),
  place: r.place,
  invitees: r.invitees,
  status: r.status,
  heldOn: r.heldOn,
  version: r.version,
});

function checkTimes(booking: ReviewBooking): void {
  if (Date.parse(booking.endsAt) <= Date.parse(booking.startsAt)) {
    throw new AppError('validation', [
      { field: 'endsAt', reason: 'the meeting must end after it starts', reasonSv: 'mötet måste sluta efter att det börjar', label: 'Slutar', labelEn: 'Ends' },
    ]);
  }
}

function organizerOf(actor: Actor): { name: string; email: string } {
  if (!actor.email) {
    throw new AppError('validation', [
      {
        field: 'organizer',
        reason: 'your account has no e-mail address for the invitees to answer: add it under your profile',
        reasonSv: 'ditt konto saknar e-postadress som de inbjudna kan svara till: lägg till den under Min profil',
        label: 'Din e-postadress',
        labelEn: 'Your e-mail address',
      },
    ]);
  }
  return { name: actor.displayName, email: actor.email };
}

/** Queues the invitation (or cancellation) to every invitee, in the caller's transaction. */
async function sendInvitations(tx: DbOrTx, actor: Actor, app: store.ApplicationRow, review: store.ReviewRow, method: InvitationMethod): Promise<void> {
  const municipality = await findMunicipality(tx, app.municipalityId);
  const invitation = reviewInvitation({
    applicationName: app.name,
    municipalityName: municipality?.name ?? '',
    startsAt: review.startsAt.toISOString(),
    endsAt: review.endsAt.toISOString(),
    place: review.place,
    organizer: organizerOf(actor),
    invitees: review.invitees,
    uid: review.icalUid,
    sequence: review.icalSequence,
    method,
    now: now(),
  });
  for (const invitee of review.invitees) {
    await enqueuePreparedMail(tx, {
      to: invitee.email,
      toName: invitee.name,
      subject: invitation.subject,
      text: invitation.text,
      attachments: [invitation.ics],
    });
  }
}

const audit = (tx: DbOrTx, actor: Actor, app: store.ApplicationRow, action: string, before: store.ReviewRow | null, after: store.ReviewRow) =>
  writeAudit(tx, {
    actorUserId: actor.id,
    municipalityId: app.municipalityId,
    entity: 'agreement_review',
    entityId: after.id,
    action,
    before: before ? presentRecord(before) : null,
    after: presentRecord(after),
  });

function withApplication(r: store.ReviewRow, app: store.ApplicationRow, agreementVersion: number | null = null) {
  return { ...r, applicationName: app.name, municipalityId: app.municipalityId, agreementVersion };
}

/** books a review of an application's agreement and invites the people named. */
export async function bookReview(db: Db, actor: Actor, applicationId: string, booking: ReviewBooking): Promise<Review> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  checkTimes(booking);
  organizerOf(actor);
  return db.transaction(async (tx) => {
    const app = await applicationForReview(tx, actor, applicationId);
    const review = await store.insertReview(tx, {
      applicationId,
      startsAt: new Date(booking.startsAt),
      endsAt: new Date(booking.endsAt),
      place: booking.place,
      invitees: booking.invitees,
      icalUid: `${randomUUID()}@samdesk`,
      bookedByUserId: actor.id,
      createdAt: now(),
      updatedAt: now(),
    });
    await sendInvitations(tx, actor, app, review, 'REQUEST');
    await audit(tx, actor, app, 'create', null, review);
    return presentReview(actor, withApplication(review, app));
  });
}

async function reviewFor(tx: DbOrTx, actor: Actor, applicationId: string, reviewId: string, expectedVersion: number) {
  const app = await applicationForReview(tx, actor, applicationId);
  const review = await store.findReview(tx, applicationId, reviewId);
  if (!review) throw new AppError('not_found');
  assertVersion(review, expectedVersion, presentRecord);
  const refused = reviewActions(actor, review).reschedule;
  if (!refused.allowed) throw labelledConflict({ field: 'status', reason: refused.reason ?? '', reasonSv: refused.reasonSv ?? '' });
  return { app, review };
}

/** Moves a booked review: the invitees get the same meeting (same UID) at the new time, sequence raised. */
export async function rescheduleReview(db: Db, actor: Actor, applicationId: string, reviewId: string, change: ReviewReschedule): Promise<Review> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  checkTimes(change);
  organizerOf(actor);
  return db.transaction(async (tx) => {
    const { app, review } = await reviewFor(tx, actor, applicationId, reviewId, change.version);
    const after = await updateVersioned(tx, agreementReviews, {
      id: review.id,
      expectedVersion: change.version,
      values: {
        startsAt: new Date(change.startsAt),
        endsAt: new Date(change.endsAt),
        place: change.place,
        invitees: change.invitees,
        icalSequence: review.icalSequence + 1,
      },
      present: presentRecord,
    });
    await sendInvitations(tx, actor, app, after, 'REQUEST');
    await audit(tx, actor, app, 'reschedule', review, after);
    return presentReview(actor, withApplication(after, app));
  });
}

/** Cancels a booked review: the invitees' calendars remove it. */
export async function cancelReview(db: Db, actor: Actor, applicationId: string, reviewId: string, version: number): Promise<Review> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  organizerOf(actor);
  return db.transaction(async (tx) => {
    const { app, review } = await reviewFor(tx, actor, applicationId, reviewId, version);
    const after = await updateVersioned(tx, agreementReviews, {
      id: review.id,
      expectedVersion: version,
      values: { status: 'cancelled', icalSequence: review.icalSequence + 1 },
      present: presentRecord,
    });
    await sendInvitations(tx, actor, app, after, 'CANCEL');
    await audit(tx, actor, app, 'cancel', review, after);
    return presentReview(actor, withApplication(after, app));
  });
}

/**
 * The review held: its minutes, the agreement as revised at it (a new version naming the review) and
 * the next review the mission's interval after the day it was held.
 */
export async function holdReview(db: Db, actor: Actor, applicationId: string, reviewId: string, held: ReviewHeld): Promise<Review> {
  if (!editsAgreements(actor)) throw new AppError('forbidden');
  const { document } = await missionOn(db, held.heldOn);
  return db.transaction(async (tx) => {
    const { app, review } = await reviewFor(tx, actor, applicationId, reviewId, held.version);
    const { changeNote, ...content } = held.agreement;
    await checkAgreementContent(tx, content);
    const after = await updateVersioned(tx, agreementReviews, {
      id: review.id,
      expectedVersion: held.version,
      values: { status: 'held', heldOn: held.heldOn, minutes: held.minutes },
      present: presentRecord,
    });
    const [latest] = await store.latestVersions(tx, [applicationId]);
    const number = (latest?.number ?? 0) + 1;
    await store.insertVersion(tx, { applicationId, number, ...content, changeNote, reviewId, createdByUserId: actor.id, createdAt: now() });
    await updateVersioned(tx, applications, {
      id: app.id,
      expectedVersion: app.version,
      values: { nextReviewOn: nextReviewAfter(held.heldOn, document.agreements.reviewIntervalMonths) },
      present: (a) => a.id,
    });
    await audit(tx, actor, app, 'hold', review, after);
    return presentReview(actor, withApplication(after, app, number));
  });
}

/** the reviews due and overdue (by each application's next review date) and those booked, in the reader's scope. */
export async function reviewOverview(db: Db, actor: Actor, municipalityId: string | undefined): Promise<ReviewOverview> {
  const filter = await readFilter(db, actor);
  if (municipalityId !== undefined) {
    assertMunicipality(actor, municipalityId);
    filter.municipalityId = municipalityId;
  }
  const today = stockholmToday();
  const { document } = await missionOn(db, today);
  const apps = await store.listApplications(db, filter);
  const heads = apps.map((a) => presentHead(a, 0, today, document.agreements.reviewDueSoonDays));
  const due = heads
    .filter((h) => h.reviewState === 'overdue' || h.reviewState === 'due')
    .sort((a, b) => (a.nextReviewOn ?? '').localeCompare(b.nextReviewOn ?? ''));
  const byId = new Map(apps.map((a) => [a.id, a]));
  const booked = await store.bookedReviews(
    db,
    apps.map((a) => a.id),
  );
  return {
    today,
    due,
    booked: booked.flatMap((r) => {
      const app = byId.get(r.applicationId);
      return app ? [presentReview(actor, { ...r, applicationName: app.name, municipalityId: app.municipalityId, agreementVersion: null })] : [];
    }),
  };
}

/** An application's reviews, newest first, each with the agreement version it produced. */
export async function listReviews(db: Db, actor: Actor, applicationId: string): Promise<Review[]> {
  const app = await readableApplication(db, actor, applicationId);
  const reviews = await store.listReviews(db, applicationId);
  const versions = await store.listVersions(db, applicationId);
  const producedBy = new Map(versions.filter((v) => v.reviewId !== null).map((v) => [v.reviewId, presentVersion(v).number]));
  return reviews.map((r) =>
    presentReview(actor, { ...r, applicationName: app.name, municipalityId: app.municipalityId, agreementVersion: producedBy.get(r.id) ?? null }),
  );
}
