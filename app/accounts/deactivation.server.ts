// Deactivation is the partnership's own (partnership_people.deactivated_at): the person's roles
// there stay on record but grant nothing, whatever another partnership does. Every query that
// treats someone as working for a partnership asks this one condition, so no list, grant or
// email can forget it.
import { count, eq, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../db.server";
import { memberships, partnershipPeople } from "../../db/schema";

/** True unless the partnership has deactivated the person (no row at all counts as active). */
export function notDeactivatedIn(partnershipId: SQLWrapper, userId: SQLWrapper): SQL {
  return sql`not exists (select 1 from ${partnershipPeople} where ${partnershipPeople.partnershipId} = ${partnershipId} and ${partnershipPeople.userId} = ${userId} and ${partnershipPeople.deactivatedAt} is not null)`;
}

/**
 * Every partnership they hold a role in has deactivated them, so there is nothing left for them
 * to sign in to. Someone holding no role at all is not "deactivated": they may sign in and be
 * told they have no role.
 */
export async function isDeactivatedEverywhere(db: Db, userId: string): Promise<boolean> {
  const [row] = await db
    .select({
      held: count(),
      usable: sql<number>`count(*) filter (where ${notDeactivatedIn(memberships.partnershipId, memberships.userId)})::int`,
    })
    .from(memberships)
    .where(eq(memberships.userId, userId));
  return row.held > 0 && row.usable === 0;
}
