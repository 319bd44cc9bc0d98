// The settings register: the schools and colleges (from a GIAS extract) and agencies a
// partnership audits. An import never deletes a setting: a school that closes is marked
// inactive and keeps its returns.
import { createHash } from "node:crypto";
import { and, asc, eq, isNotNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../db.server";
import {
  partnerships,
  settings,
  type NewSetting,
  type Setting,
  type SettingType,
  type StatutoryBasis,
} from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { classifyEstablishment, establishmentState, parseGiasExtract, type GiasEstablishment } from "./gias";
import { DomainError } from "../errors";

export interface SkippedEstablishment {
  urn: string;
  name: string;
  reason: string;
}

/** URNs by what the import did to them. */
export interface SettingsImportResult {
  created: string[];
  updated: string[];
  deactivated: string[];
  unchanged: string[];
  skipped: SkippedEstablishment[];
}

export interface ImportSettingsOptions {
  partnershipId: string;
  /** The three-digit GIAS local authority code; establishments of other authorities are ignored. */
  laCode: string;
  file: Uint8Array;
  /** Recorded in the audit event. */
  fileName?: string;
  actorUserId?: string | null;
}

/** The file or the request cannot be imported; nothing was changed. */
export class SettingsImportError extends DomainError {
  constructor(message: string) {
    super(message, { status: 400 });
    this.name = "SettingsImportError";
  }
}

// The columns an import owns: a difference in any of them makes an update.
const IMPORTED_FIELDS = ["name", "type", "basis", "ukprn", "laCode", "postcode", "giasType", "giasStatus", "active"] as const;
type ImportedFields = Pick<Setting, (typeof IMPORTED_FIELDS)[number]>;

// 1,000 rows of 11 values stays far below PostgreSQL's 65,535 parameters per statement, and a
// national extract (~30,000 establishments) is about 30 statements.
const WRITE_BATCH = 1000;

/** What an import would do, worked out without writing (the same rules as importSettings). */
export interface SettingsImportPreview {
  laCode: string;
  /** Establishments of the local authority in the file. */
  establishments: number;
  result: SettingsImportResult;
  /** Each URN's name: the file's where it has the establishment, the register's otherwise. */
  names: Record<string, string>;
  /**
   * A digest of every write the import would make. Applying a preview passes it back, and the
   * import refuses if the register or the file would now give anything else.
   */
  fingerprint: string;
}

function establishmentsOf(options: Pick<ImportSettingsOptions, "laCode" | "file">) {
  const laCode = options.laCode.trim();
  if (!/^\d{3}$/.test(laCode)) {
    throw new SettingsImportError(`The local authority code must be three digits, such as 876 (got "${options.laCode}")`);
  }
  const inLa = parseGiasExtract(options.file).filter((e) => e.laCode === laCode);
  if (inLa.length === 0) {
    throw new SettingsImportError(`The file has no establishments for local authority ${laCode}`);
  }
  return { laCode, inLa };
}

async function planFor(db: Db, partnershipId: string, inLa: GiasEstablishment[]) {
  const existing = await db
    .select()
    .from(settings)
    .where(and(eq(settings.partnershipId, partnershipId), isNotNull(settings.urn)));
  const byUrn = new Map(existing.map((s) => [s.urn as string, s]));
  const plan = planSettingsImport(inLa, byUrn);
  const names: Record<string, string> = {};
  for (const [urn, s] of byUrn) names[urn] = s.name;
  for (const e of inLa) if (e.urn && e.name) names[e.urn] = e.name;
  const { created, updated, deactivated } = plan.result;
  const fingerprint = createHash("sha256").update(JSON.stringify({ created, updated, deactivated, writes: plan.writes })).digest("hex");
  return { plan, names, fingerprint };
}

/** What importing the file would create, update and deactivate; nothing is written. */
export async function previewSettingsImport(db: Db, options: ImportSettingsOptions): Promise<SettingsImportPreview> {
  const { laCode, inLa } = establishmentsOf(options);
  const { plan, names, fingerprint } = await planFor(db, options.partnershipId, inLa);
  return { laCode, establishments: inLa.length, result: plan.result, names, fingerprint };
}

/**
 * Imports a GIAS extract into a partnership's register: creates new settings, updates changed
 * ones, deactivates closed ones, in one transaction with one audit event. Re-importing the same
 * file changes nothing. The file is checked completely before the database is touched. It is
 * the preview (the same plan, made again under the lock) and then its writes; given the
 * preview's fingerprint, it refuses when the plan is no longer the one previewed.
 */
export async function importSettings(
  db: Db,
  options: ImportSettingsOptions & { expectedFingerprint?: string; source?: string },
): Promise<SettingsImportResult> {
  const { laCode, inLa } = establishmentsOf(options);

  return db.transaction(async (tx) => {
    // Holding the partnership row serialises two imports into the same register.
    const [partnership] = await tx
      .select({ id: partnerships.id })
      .from(partnerships)
      .where(eq(partnerships.id, options.partnershipId))
      .for("update");
    if (!partnership) throw new SettingsImportError("The partnership does not exist");

    const { plan, fingerprint } = await planFor(tx, options.partnershipId, inLa);
    if (options.expectedFingerprint !== undefined && options.expectedFingerprint !== fingerprint)
      throw new SettingsImportError("The register has changed since the preview, so nothing was imported: look at the new preview and apply it again");

    const rows: NewSetting[] = plan.writes.map((w) => ({ ...w, partnershipId: options.partnershipId }));
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      await tx
        .insert(settings)
        .values(rows.slice(i, i + WRITE_BATCH))
        .onConflictDoUpdate({
          target: [settings.partnershipId, settings.urn],
          set: {
            ...Object.fromEntries(IMPORTED_FIELDS.map((field) => [field, excluded(settings[field])])),
            updatedAt: sql`now()`,
          },
        });
    }

    const { result } = plan;
    await recordAudit(tx, {
      action: "settings.imported",
      actorUserId: options.actorUserId ?? null,
      partnershipId: options.partnershipId,
      entityType: "partnership",
      entityId: options.partnershipId,
      detail: {
        laCode,
        fileName: options.fileName ?? null,
        source: options.source ?? "file",
        establishments: inLa.length,
        created: result.created.length,
        updated: result.updated.length,
        deactivated: result.deactivated.length,
        unchanged: result.unchanged.length,
        skipped: result.skipped.length,
      },
    });
    return result;
  });
}

const excluded = (column: AnyPgColumn): SQL => sql.raw(`excluded."${column.name}"`);

type SettingWrite = ImportedFields & { urn: string };

/**
 * Decides what happens to each establishment of one local authority, given the partnership's
 * settings by URN. Only creations and real changes are written, so an unchanged setting keeps
 * its updated_at.
 */
export function planSettingsImport(
  establishments: GiasEstablishment[],
  existingByUrn: Map<string, Setting>,
): { result: SettingsImportResult; writes: SettingWrite[] } {
  const result: SettingsImportResult = { created: [], updated: [], deactivated: [], unchanged: [], skipped: [] };
  const writes: SettingWrite[] = [];
  const seen = new Set<string>();
  const skip = (e: GiasEstablishment, reason: string) => result.skipped.push({ urn: e.urn, name: e.name, reason });

  for (const e of establishments) {
    if (!e.urn) {
      skip(e, "It has no URN");
      continue;
    }
    if (seen.has(e.urn)) {
      skip(e, "Its URN appears more than once in the file; the first row was used");
      continue;
    }
    seen.add(e.urn);
    if (!e.name) {
      skip(e, "It has no establishment name");
      continue;
    }
    const classification = classifyEstablishment(e);
    if (!classification) {
      skip(e, `Not a school or college the register holds (${e.typeName || "no type"}, ${e.typeGroup || "no type group"})`);
      continue;
    }
    const state = establishmentState(e.status);
    if (state === "not_open") {
      skip(e, `Not open yet (status "${e.status || "none"}")`);
      continue;
    }
    const before = existingByUrn.get(e.urn);
    if (state === "inactive" && !before) {
      skip(e, "Closed, and not in the register");
      continue;
    }

    const wanted: SettingWrite = {
      urn: e.urn,
      name: e.name,
      type: classification.type,
      basis: classification.basis,
      ukprn: e.ukprn,
      laCode: e.laCode,
      postcode: e.postcode,
      giasType: e.typeName,
      giasStatus: e.status,
      active: state === "active",
    };
    if (!before) {
      result.created.push(e.urn);
      writes.push(wanted);
    } else if (IMPORTED_FIELDS.every((field) => before[field] === wanted[field])) {
      result.unchanged.push(e.urn);
    } else {
      (before.active && !wanted.active ? result.deactivated : result.updated).push(e.urn);
      writes.push(wanted);
    }
  }
  return { result, writes };
}

export interface SettingsFilter {
  type?: SettingType;
  basis?: StatutoryBasis;
  active?: boolean;
}

export async function listSettings(db: Db, partnershipId: string, filter: SettingsFilter = {}): Promise<Setting[]> {
  const conditions = [eq(settings.partnershipId, partnershipId)];
  if (filter.type) conditions.push(eq(settings.type, filter.type));
  if (filter.basis) conditions.push(eq(settings.basis, filter.basis));
  if (filter.active !== undefined) conditions.push(eq(settings.active, filter.active));
  return db
    .select()
    .from(settings)
    .where(and(...conditions))
    .orderBy(asc(settings.name), asc(settings.urn));
}

/**
 * The register as CSV (RFC 4180, CRLF). A cell that a spreadsheet would run as a formula gets a
 * leading apostrophe, so an establishment named "=HYPERLINK(...)" stays text.
 */
export function settingsToCsv(rows: Pick<Setting, "urn" | "name" | "type" | "basis" | "active">[]): string {
  const lines = [["urn", "name", "type", "basis", "active"], ...rows.map((r) => [r.urn ?? "", r.name, r.type, r.basis, String(r.active)])];
  return lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
