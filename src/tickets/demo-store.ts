import { eq, sql } from 'drizzle-orm';
import { units } from '../org/schema.ts';
import type { DbOrTx } from '../platform/db/client.ts';
import { ticketCategories, tickets } from './schema.ts';

/** The statements of the demo tickets' loader (demo.ts). */

export async function anyTicket(db: DbOrTx): Promise<boolean> {
  return (await db.select({ id: tickets.id }).from(tickets).limit(1)).length > 0;
}

export function categoryCodes(db: DbOrTx) {
  return db.select({ id: ticketCategories.id, code: ticketCategories.code }).from(ticketCategories);
}

/** The demo's on-call cost bearer: a home-care unit of the municipality if there is one, else its first unit. */
export async function homeCareUnit(db: DbOrTx, municipalityId: string): Promise<{ id: string } | undefined> {
  return (
    await db
      .select({ id: units.id })
      .from(units)
      .where(eq(units.municipalityId, municipalityId))
      .orderBy(sql`${units.name} ilike '%hemtjänst%' desc`, units.level, units.name)
      .limit(1)
  )[0];
}
