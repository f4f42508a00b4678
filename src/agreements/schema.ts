import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { municipalities, people, units, users } from '../org/schema.ts';
import { APPLICATION_KINDS, APPLICATION_STATUSES, COST_HEADINGS, type CloudMove } from './rules.ts';

const version = () => integer('version').notNull().default(1);
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * the standard cost model (schablonmodell) of a year, owned by finance and shared by both
 * municipalities (the economists agree it together). Locked once a billing run has used it, as price
 * lists are: from then on a change goes into the next year's model.
 */
export const agreementCostModels = pgTable('agreement_cost_models', {
  id: uuid('id').primaryKey().defaultRandom(),
  year: integer('year').notNull().unique(),
  copiedFromYear: integer('copied_from_year'),
  lockedAt: timestamp('locked_at', { withTimezone: true }),
  lockedReason: text('locked_reason'),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One cost driver of a year's model: a unit price per thing counted. The list itself is data (issue 18). */
export const agreementCostDrivers = pgTable(
  'agreement_cost_drivers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => agreementCostModels.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    label: text('label').notNull(),
    unit: text('unit').notNull(),
    heading: text('heading', { enum: COST_HEADINGS }).notNull(),
    unitPriceOre: integer('unit_price_ore').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [uniqueIndex('agreement_cost_drivers_code_idx').on(t.modelId, t.code), check('agreement_cost_drivers_price_check', sql`${t.unitPriceOre} >= 0`)],
);

/** An owner of an application: a person in the register, or a role described in words. */
export interface Owner {
  personId: string | null;
  role: string;
}

/**
 * an application IT runs, in one municipality (the other sees nothing of it). Its cost is
 * split between the units that use it (application_units); its agreement text and quantities are
 * versioned (agreement_versions). `startsOn` is the day it went into use and `terminatedOn` the day it
 * was terminated: reads both.
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    municipalityId: uuid('municipality_id')
      .notNull()
      .references(() => municipalities.id),
    name: text('name').notNull(),
    kind: text('kind', { enum: APPLICATION_KINDS }).notNull(),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull().default('in_preparation'),
    startsOn: date('starts_on', { mode: 'string' }),
    terminatedOn: date('terminated_on', { mode: 'string' }),
    systemOwnerPersonId: uuid('system_owner_person_id').references(() => people.id),
    businessOwner: jsonb('business_owner').$type<Owner>(),
    technicalOwner: jsonb('technical_owner').$type<Owner>(),
    informationOwner: jsonb('information_owner').$type<Owner>(),
    splitMode: text('split_mode', { enum: ['share', 'per_user'] })
      .notNull()
      .default('share'),
    nextReviewOn: date('next_review_on', { mode: 'string' }),
    /** the move to cloud/SaaS as far as it has come; null while none is under way. */
    cloudMove: jsonb('cloud_move').$type<CloudMove>(),
    movedToCloudOn: date('moved_to_cloud_on', { mode: 'string' }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('applications_name_idx').on(t.municipalityId, sql`lower(${t.name})`),
    index('applications_review_idx').on(t.municipalityId, t.nextReviewOn),
    check('applications_terminated_check', sql`(${t.status} = 'terminated') = (${t.terminatedOn} IS NOT NULL)`),
  ],
);

/** The units that use an application and pay for it: a share in basis points (100 % = 10 000), or a number of users. */
export const applicationUnits = pgTable(
  'application_units',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    shareBp: integer('share_bp'),
    users: integer('users'),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.unitId] }), index('application_units_unit_idx').on(t.unitId)],
);

/** A component of the system sketch (server, database, integration, client, external service…). */
export interface SketchComponent {
  id: string;
  kind: string;
  name: string;
}
/** A relation between two components of the sketch (data flows from one to the other). */
export interface SketchRelation {
  from: string;
  to: string;
  label: string;
}
export interface Sketch {
  components: SketchComponent[];
  relations: SketchRelation[];
}

/**
 * an agreement as it stood from one version on: the description, IT's and the business's
 * responsibilities, the quantities per cost driver and the system sketch. A revision (a review's
 * outcome, or an edit) adds a version with what changed; none is ever rewritten.
 */
export const agreementVersions = pgTable(
  'agreement_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    description: text('description').notNull().default(''),
    itResponsibilities: text('it_responsibilities').notNull().default(''),
    businessResponsibilities: text('business_responsibilities').notNull().default(''),
    quantities: jsonb('quantities').$type<Record<string, number>>().notNull().default({}),
    sketch: jsonb('sketch').$type<Sketch>().notNull().default({ components: [], relations: [] }),
    changeNote: text('change_note').notNull().default(''),
    reviewId: uuid('review_id'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('agreement_versions_number_idx').on(t.applicationId, t.number)],
);

/** Someone invited to a review: a person in the register or anyone with an e-mail address. */
export interface Invitee {
  name: string;
  email: string;
  personId: string | null;
}

/** the yearly review meeting IT calls the business to: booked, then held with minutes. */
export const agreementReviews = pgTable(
  'agreement_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    place: text('place').notNull(),
    invitees: jsonb('invitees').$type<Invitee[]>().notNull().default([]),
    status: text('status', { enum: ['booked', 'held', 'cancelled'] })
      .notNull()
      .default('booked'),
    minutes: text('minutes'),
    heldOn: date('held_on', { mode: 'string' }),
    /** The iCalendar UID of the invitation, kept so an update or cancellation replaces it in calendars. */
    icalUid: text('ical_uid').notNull(),
    icalSequence: integer('ical_sequence').notNull().default(0),
    bookedByUserId: uuid('booked_by_user_id').references(() => users.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('agreement_reviews_application_idx').on(t.applicationId, t.startsAt), check('agreement_reviews_time_check', sql`${t.endsAt} > ${t.startsAt}`)],
);
