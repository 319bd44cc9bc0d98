// Submitted versions: the JSON snapshot kept as the printable record, and one typed row per
// standard (version_answers) written in the same transaction, for findings and moderation. A
// version is never changed (a database trigger refuses it). Also the earlier cycle's version a
// new return starts from.
import { and, asc, desc, eq, lt, ne, notExists, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../db.server";
import {
  cycles,
  evidenceDocuments,
  returnDocuments,
  returnVersions,
  returns,
  standards,
  users,
  versionAnswers,
  versionDocuments,
  type ActionStatus,
  type ActionTheme,
  type Rating,
  type Return,
} from "../../db/schema";
import type { ReturnContext } from "./return-context.server";
import { standardRows, versionAnswerRows, type VersionAnswerRow } from "./version-answers";

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

/** A document the version names (decision 021): the file as it was, by its SHA-256. */
export interface SnapshotDocument {
  documentId: string;
  standardCode: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  description: string;
  carriedForward: boolean;
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
  /** Versions submitted before evidence documents have none. */
  documents?: SnapshotDocument[];
  signOff: { name: string; role: string; at: string; userId: string | null };
}

/**
 * Writes the return's next version (its number is one more than the last): the snapshot and its
 * typed answers (and, given one, the return's new state), in one statement in the caller's
 * transaction, which holds the return's lock.
 * The typed rows go as one JSON row set unpacked by PostgreSQL, not 12 bound parameters a row;
 * one statement instead of three (the number, the version, its rows) (decision 017).
 */
export async function writeVersion(
  tx: Db,
  input: {
    snapshot: ReturnSnapshot;
    partnershipId: string;
    submittedByUserId: string | null;
    submittedAt: Date;
    /** The return's state once this version is in (the lifecycle's move), set in the same statement. */
    returnStatus?: Return["status"];
    /**
     * Name the return's documents as they are now, in the snapshot's `documents` and as the
     * version's rows in version_documents (decision 021), read under the caller's lock.
     */
    withDocuments?: boolean;
    /** The version's number when the caller read it under its lock (a submission, with lockReturnWith); otherwise one more than the last. */
    number?: number;
    /**
     * Inserts that go with the version (its audit event, its receipts), written by the same
     * statement: each is one round trip fewer to the database. They cannot refer to the version.
     */
    alongside?: SQLWrapper[];
  },
): Promise<{ id: string; number: number }> {
  const { snapshot } = input;
  const returnId = sql`${snapshot.returnId}::uuid`;
  const partnershipId = sql`${input.partnershipId}::uuid`;
  const docs = input.withDocuments
    ? sql`docs as (
      select rd.document_id, coalesce(st.code, '') as standard_code, ed.file_name, ed.size_bytes, ed.sha256, rd.description,
        rd.carried_from_return_id is not null as carried_forward, rd.added_at
      from ${returnDocuments} rd
      join ${evidenceDocuments} ed on ed.id = rd.document_id
      left join ${standards} st on st.id = rd.standard_id
      where rd.return_id = ${returnId} and rd.partnership_id = ${partnershipId}
    ), `
    : sql``;
  // jsonb keeps no key order, so the documents joined on here read back as any snapshot's do.
  const snapshotJson = input.withDocuments
    ? sql`${JSON.stringify(snapshot)}::jsonb || jsonb_build_object('documents', (
        select coalesce(jsonb_agg(jsonb_build_object('documentId', d.document_id, 'standardCode', d.standard_code, 'fileName', d.file_name,
          'sizeBytes', d.size_bytes, 'sha256', d.sha256, 'description', d.description, 'carriedForward', d.carried_forward)
          order by d.added_at, d.file_name), '[]'::jsonb)
        from docs d))`
    : sql`${JSON.stringify(snapshot)}::jsonb`;
  const versionDocs = input.withDocuments
    ? sql`, version_docs as (
      insert into ${versionDocuments} (partnership_id, version_id, document_id, return_id, setting_id, standard_code, file_name, size_bytes, sha256, description)
      select ${partnershipId}, version.id, d.document_id, ${returnId}, ${snapshot.settingId}::uuid, d.standard_code, d.file_name, d.size_bytes, d.sha256, d.description
      from version cross join docs d
    )`
    : sql``;
  const moved = input.returnStatus
    ? sql`, moved as (
      update ${returns} set status = ${input.returnStatus}::return_status, updated_at = ${input.submittedAt.toISOString()}::timestamptz
      where id = ${snapshot.returnId}::uuid
    )`
    : sql``;
  const number = input.number === undefined ? nextVersionNumber(sql`${snapshot.returnId}::uuid`) : sql`${input.number}::int`;
  const alongside = sql.join(
    (input.alongside ?? []).map((statement, i) => sql`, ${sql.raw(`alongside_${i}`)} as (${statement.getSQL()})`),
  );
  const result = await tx.execute(sql`
    with ${docs}version as (
      insert into ${returnVersions} (partnership_id, return_id, number, snapshot, submitted_by_user_id, submitted_at)
      values (${input.partnershipId}::uuid, ${snapshot.returnId}::uuid, ${number}, ${snapshotJson},
        ${input.submittedByUserId}::uuid, ${input.submittedAt.toISOString()}::timestamptz)
      returning id, number
    ), typed as (
      insert into ${versionAnswers} (${ANSWER_COLUMNS})
      select ${input.partnershipId}::uuid, version.id, ${snapshot.returnId}::uuid, ${snapshot.cycleId}::uuid, ${snapshot.settingId}::uuid,
        version.number, ${STANDARD_VALUES}
      from version cross join ${standardRowSet(standardRows(snapshot))}
    )${versionDocs}${moved}${alongside}
    select id, number from version`);
  const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string; number: number }[];
  return { id: row.id, number: Number(row.number) };
}

/**
 * The number a return's next version takes: one more than its last. Read under the return's
 * lock, which makes it the number that version gets. `returnId` is an SQL expression (a value,
 * or a column of an enclosing statement written with its table).
 */
export function nextVersionNumber(returnId: SQL) {
  return sql<number>`(select coalesce(max(v.number), 0) + 1 from ${returnVersions} v where v.return_id = ${returnId})`;
}

const ANSWER_COLUMNS = sql.raw(
  "partnership_id, version_id, return_id, cycle_id, setting_id, version_number, standard_id, standard_code, section_code, rating, evidence_length, unsupported_exceeds",
);
const STANDARD_VALUES = sql.raw(`r."standardId", r."standardCode", r."sectionCode", r."rating"::rating, r."evidenceLength", r."unsupportedExceeds"`);
const STANDARD_RECORD = `"standardId" uuid, "standardCode" text, "sectionCode" text, "rating" text, "evidenceLength" integer, "unsupportedExceeds" boolean`;

/** Rows as one JSON parameter, unpacked as the row set `r`. */
function standardRowSet(rows: object[], extra = "") {
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${sql.raw(extra + STANDARD_RECORD)})`;
}

/** Typed answers of versions already written (the backfill below); rows already there are left. */
async function insertVersionAnswers(tx: Db, rows: VersionAnswerRow[]): Promise<void> {
  if (!rows.length) return;
  await tx.execute(sql`
    insert into ${versionAnswers} (${ANSWER_COLUMNS})
    select r."partnershipId", r."versionId", r."returnId", r."cycleId", r."settingId", r."versionNumber", ${STANDARD_VALUES}
    from ${standardRowSet(rows, `"partnershipId" uuid, "versionId" uuid, "returnId" uuid, "cycleId" uuid, "settingId" uuid, "versionNumber" integer, `)}
    on conflict do nothing`);
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
    await insertVersionAnswers(db, rows);
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
