// Partnerships: the tenants of an installation. Everything a partnership owns hangs off its id;
// people and the command-line tool name it by its slug.
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db.server";
import { partnerships, type Partnership } from "../../db/schema";
import { DomainError } from "../errors";

export const PartnershipInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Enter the partnership's name")
    .max(200, "The partnership's name must be 200 characters or fewer"),
  slug: z
    .string()
    .trim()
    .min(1, "Enter a slug for the partnership")
    .max(63, "The slug must be 63 characters or fewer")
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
      "The slug must be lowercase letters, digits and single hyphens, such as north-halton",
    ),
});
export type PartnershipInput = z.input<typeof PartnershipInput>;

export class PartnershipInputError extends DomainError {
  constructor(message: string) {
    super(message, { status: 400 });
    this.name = "PartnershipInputError";
  }
}

/**
 * Creates a partnership, or returns the existing one with that slug (its name is left as it
 * was), so setting up an installation can be re-run safely.
 */
export async function createPartnership(
  db: Db,
  input: PartnershipInput,
): Promise<{ partnership: Partnership; created: boolean }> {
  const parsed = PartnershipInput.safeParse(input);
  if (!parsed.success) throw new PartnershipInputError(parsed.error.issues.map((i) => i.message).join("; "));
  const { name, slug } = parsed.data;

  // ON CONFLICT rather than look-then-insert: two set-up scripts running at once both succeed.
  const [inserted] = await db.insert(partnerships).values({ name, slug }).onConflictDoNothing({ target: partnerships.slug }).returning();
  if (inserted) return { partnership: inserted, created: true };
  const existing = await getPartnershipBySlug(db, slug);
  if (!existing) throw new Error(`The partnership "${slug}" could not be created or found`);
  return { partnership: existing, created: false };
}

export async function getPartnershipBySlug(db: Db, slug: string): Promise<Partnership | undefined> {
  const [row] = await db.select().from(partnerships).where(eq(partnerships.slug, slug)).limit(1);
  return row;
}
