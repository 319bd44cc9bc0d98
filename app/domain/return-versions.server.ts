// Submitted versions: the JSON snapshot kept as the printable record, and one typed row per
// standard (version_answers) written in the same transaction, for findings and moderation. A
// version is never changed (a database trigger refuses it). Also the earlier cycle's version a
// new return starts from.
import { and, asc, desc, eq, lt, ne, notExists, sql } from "drizzle-orm";
import type { Db } from "../db.server";
import { cycles, returnVersions, returns, users, versionAnswers, type ActionStatus, type ActionTheme, type Rating } from "../../db/schema";
import type { ReturnContext } from "./return-context.server";
import { versionAnswerRows, type VersionAnswerRow } from "./version-answers";

export interface SnapshotAnswer {
  standardId: string;
  code: string;
  title: string;
  sectionCode: string;
  sectionTitle: string;
  rating: Rating | null;
  evidence: string;
  notes: string;
}

export interface SnapshotAction {
  id: string;
  description: string;
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
  status: ActionStatus;
  standardCode: string | null;
  update: { status: ActionStatus; progressNote: string; newDueOn: string | null } | null;
}

export interface ReturnSnapshot {
  schema: 1;
  returnId: string;
  settingId: string;
  settingName: string;
  cycleId: string;
  cycleName: string;
  cycleKind: "full" | "interim";
  frameworkId: string;
  frameworkTitle: string;
  frameworkVersion: number;
  answers: SnapshotAnswer[];
  actions: SnapshotAction[];
  signOff: { name: string; role: string; at: string; userId: string | null };
}

/** Writes version `number` of the return: its snapshot and its typed answers, in the caller's transaction. */
export async function writeVersion(
  tx: Db,
  input: { snapshot: ReturnSnapshot; partnershipId: string; number: number; submittedByUserId: string; submittedAt: Date },
): Promise<void> {
  const [version] = await tx
    .insert(returnVersions)
    .values({
      partnershipId: input.partnershipId,
      returnId: input.snapshot.returnId,
      number: input.number,
      snapshot: input.snapshot,
      submittedByUserId: input.submittedByUserId,
      submittedAt: input.submittedAt,
    })
    .returning({ id: returnVersions.id });
  const rows = versionAnswerRows(input.snapshot, { versionId: version.id, partnershipId: input.partnershipId, versionNumber: input.number });
  await insertVersionAnswers(tx, rows);
}

/**
 * Writes typed answers as one JSON row set, unpacked by PostgreSQL, rather than 12 bound
 * parameters a row: for a 52-standard return that took about a third of the submission
 * (decision 017). `conflict: "skip"` leaves rows already there.
 */
async function insertVersionAnswers(tx: Db, rows: VersionAnswerRow[], conflict: "fail" | "skip" = "fail"): Promise<void> {
  if (!rows.length) return;
  await tx.execute(sql`
    insert into ${versionAnswers} (partnership_id, version_id, return_id, cycle_id, setting_id, version_number,
      standard_id, standard_code, section_code, rating, evidence_length, unsupported_exceeds)
    select "partnershipId", "versionId", "returnId", "cycleId", "settingId", "versionNumber",
      "standardId", "standardCode", "sectionCode", "rating"::rating, "evidenceLength", "unsupportedExceeds"
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("partnershipId" uuid, "versionId" uuid, "returnId" uuid,
      "cycleId" uuid, "settingId" uuid, "versionNumber" integer, "standardId" uuid, "standardCode" text,
      "sectionCode" text, "rating" text, "evidenceLength" integer, "unsupportedExceeds" boolean)
    ${conflict === "skip" ? sql`on conflict do nothing` : sql``}`);
}

/**
 * Writes the typed answers of every version that has none yet, from its snapshot: versions
 * submitted before the table existed (it runs after every migration, and does nothing once all
 * are filled). Returns how many versions it filled.
 */
export async function fillVersionAnswers(db: Db, batchSize = 500): Promise<number> {
  let filled = 0;
  for (;;) {
    const missing = await db
      .select({ id: returnVersions.id, partnershipId: returnVersions.partnershipId, number: returnVersions.number, snapshot: returnVersions.snapshot })
      .from(returnVersions)
      .where(notExists(db.select({ one: sql`1` }).from(versionAnswers).where(eq(versionAnswers.versionId, returnVersions.id))))
      .limit(batchSize);
    const rows = missing.flatMap((v) =>
      versionAnswerRows(v.snapshot as ReturnSnapshot, { versionId: v.id, partnershipId: v.partnershipId, versionNumber: v.number }),
    );
    await insertVersionAnswers(db, rows, "skip");
    filled += missing.length;
    // A version with no answers at all has no rows to write: stop rather than find it again.
    if (missing.length < batchSize || rows.length === 0) return filled;
  }
}

/** The latest submitted version of the setting's return in an earlier cycle. */
export async function findEarlierVersion(db: Db, ctx: Pick<ReturnContext, "ret" | "cycle">) {
  const [row] = await db
    .select({ version: returnVersions })
    .from(returnVersions)
    .innerJoin(returns, eq(returns.id, returnVersions.returnId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(earlierThan(ctx))
    .orderBy(desc(cycles.opensOn), desc(returnVersions.number))
    .limit(1);
  return row ? { ...row.version, snapshot: row.version.snapshot as ReturnSnapshot } : null;
}

/** A jsonb value from a SQL expression: postgres.js hands drizzle text, PGlite an object. */
function parseJson<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** The same setting's returns of cycles that opened before this one. */
function earlierThan(ctx: Pick<ReturnContext, "ret" | "cycle">) {
  return and(
    eq(returns.settingId, ctx.ret.settingId),
    eq(returns.partnershipId, ctx.ret.partnershipId),
    ne(returns.id, ctx.ret.id),
    lt(cycles.opensOn, ctx.cycle.opensOn),
  );
}

/**
 * Only what a section page shows of the earlier version: the earlier cycle's name and the answers
 * to these standards (by code, so they match across framework versions), picked out by the
 * database rather than fetching the whole snapshot.
 */
export async function findEarlierAnswers(
  db: Db,
  ctx: Pick<ReturnContext, "ret" | "cycle">,
  codes: string[],
): Promise<{ cycleName: string; answers: Pick<SnapshotAnswer, "code" | "rating" | "evidence">[] } | null> {
  if (codes.length === 0) return null;
  const [row] = await db
    .select({
      cycleName: sql<string>`${returnVersions.snapshot}->>'cycleName'`,
      answers: sql<Pick<SnapshotAnswer, "code" | "rating" | "evidence">[]>`coalesce((
        select jsonb_agg(jsonb_build_object('code', a->'code', 'rating', a->'rating', 'evidence', a->'evidence'))
        from jsonb_array_elements(${returnVersions.snapshot}->'answers') as a
        where a->>'code' in ${codes}), '[]'::jsonb)`.mapWith(parseJson<Pick<SnapshotAnswer, "code" | "rating" | "evidence">[]>),
    })
    .from(returnVersions)
    .innerJoin(returns, eq(returns.id, returnVersions.returnId))
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(earlierThan(ctx))
    .orderBy(desc(cycles.opensOn), desc(returnVersions.number))
    .limit(1);
  return row ?? null;
}

export async function listVersions(db: Db, ctx: Pick<ReturnContext, "ret">) {
  return db
    .select({ number: returnVersions.number, submittedAt: returnVersions.submittedAt, submittedBy: users.name })
    .from(returnVersions)
    .leftJoin(users, eq(users.id, returnVersions.submittedByUserId))
    .where(and(eq(returnVersions.returnId, ctx.ret.id), eq(returnVersions.partnershipId, ctx.ret.partnershipId)))
    .orderBy(asc(returnVersions.number));
}

export async function getVersion(db: Db, ctx: Pick<ReturnContext, "ret">, number: number) {
  if (!Number.isInteger(number) || number < 1) return null;
  const [row] = await db
    .select()
    .from(returnVersions)
    .where(
      and(eq(returnVersions.returnId, ctx.ret.id), eq(returnVersions.partnershipId, ctx.ret.partnershipId), eq(returnVersions.number, number)),
    )
    .limit(1);
  return row ? { ...row, snapshot: row.snapshot as ReturnSnapshot } : null;
}
