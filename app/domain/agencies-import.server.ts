// Importing relevant agencies (section 11) from the business unit's list (issue 12): one row per
// agency, upserted by the partnership's own reference, with its DSL and signatory invited. The
// format is docs/imports.md. Every row is checked first; if any is wrong nothing is applied.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db.server";
import { memberships, partnerships, settings, users, type SettingType } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { CsvImportError, readCsvRows, type RowProblem } from "./csv-rows";
import { SETTING_TYPE_LABELS } from "./setting-types";

export const AGENCY_COLUMNS = ["reference", "name", "sector", "dsl_name", "dsl_email", "signatory_name", "signatory_email"] as const;

export const AGENCY_SECTORS: readonly SettingType[] = ["police", "health", "council_service", "voluntary", "faith", "sport_leisure"];

/** "police", "Police", "council service", "Health provider": the sector's key or its label, any case. */
export function agencySector(value: string): SettingType | null {
  const v = value.trim().toLowerCase().replace(/[\s-]+/g, "_");
  for (const sector of AGENCY_SECTORS) {
    if (v === sector || v === SETTING_TYPE_LABELS[sector].toLowerCase().replace(/[\s-]+/g, "_")) return sector;
  }
  return null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface AgencyRow {
  line: number;
  reference: string;
  name: string;
  type: SettingType;
  dsl: { name: string; email: string } | null;
  signatory: { name: string; email: string } | null;
}

/**
 * Invites one person to a role at a setting, inside the caller's transaction. The importer is
 * handed it (the command passes `invitePerson` from app/auth) so that app/domain does not
 * import app/auth: invitations belong to sign-in, the register to the domain.
 */
export type InviteToSetting = (
  tx: Db,
  person: { partnershipId: string; invitedBy: { id: string | null; name: string }; email: string; name: string; role: "dsl" | "signatory"; settingId: string },
) => Promise<unknown>;

export interface AgenciesImportResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  invited: number;
}

function readAgencies(file: Uint8Array): AgencyRow[] {
  const rows = readCsvRows(file, ["reference", "name", "sector"], ["dsl_name", "dsl_email", "signatory_name", "signatory_email"]);
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  const agencies: AgencyRow[] = [];
  if (rows.length === 0) throw new CsvImportError([{ line: null, message: "The file has a header row but no agencies" }]);
  for (const row of rows) {
    const problem = (message: string) => problems.push({ line: row.line, message });
    const reference = row.get("reference");
    const name = row.get("name");
    const type = agencySector(row.get("sector"));
    if (!reference) problem("enter the agency's reference");
    else if (reference.length > 40) problem("the reference must be 40 characters or fewer");
    else if (seen.has(reference.toLowerCase())) problem(`the reference ${reference} is also on row ${seen.get(reference.toLowerCase())}`);
    else seen.set(reference.toLowerCase(), row.line);
    if (!name) problem("enter the agency's name");
    if (!type) problem(`"${row.get("sector")}" is not a sector; use one of: ${AGENCY_SECTORS.join(", ")}`);
    const person = (role: "dsl" | "signatory", label: string) => {
      const personName = row.get(`${role}_name`);
      const email = row.get(`${role}_email`).toLowerCase();
      if (!personName && !email) return null;
      if (!personName) problem(`enter the ${label}'s name`);
      if (!EMAIL.test(email)) problem(`the ${label}'s email address "${email}" is not in the correct format`);
      return { name: personName, email };
    };
    const dsl = person("dsl", "DSL");
    const signatory = person("signatory", "signatory");
    if (type) agencies.push({ line: row.line, reference, name, type, dsl, signatory });
  }
  if (problems.length) throw new CsvImportError(problems);
  return agencies;
}

/**
 * Upserts the agencies by reference and invites each one's DSL and signatory who do not hold
 * that role there yet, all in one transaction: a wrong row, or a failure part-way, changes
 * nothing and sends nothing.
 */
export async function importAgencies(
  db: Db,
  input: { partnershipId: string; file: Uint8Array; fileName?: string; actor?: { id: string; name: string } | null; invite: InviteToSetting },
): Promise<AgenciesImportResult> {
  const agencies = readAgencies(input.file);
  return db.transaction(async (tx) => {
    const [partnership] = await tx.select().from(partnerships).where(eq(partnerships.id, input.partnershipId)).for("update");
    if (!partnership) throw new Error("The partnership does not exist");
    const existing = await tx
      .select()
      .from(settings)
      .where(and(eq(settings.partnershipId, partnership.id), inArray(settings.reference, agencies.map((a) => a.reference))));
    const byReference = new Map(existing.map((s) => [s.reference!, s]));
    const problems: RowProblem[] = [];
    for (const a of agencies) {
      const known = byReference.get(a.reference);
      if (known && known.basis !== "s11") problems.push({ line: a.line, message: `the reference ${a.reference} belongs to ${known.name}, which is not an agency` });
    }
    if (problems.length) throw new CsvImportError(problems);

    const result: AgenciesImportResult = { created: [], updated: [], unchanged: [], invited: 0 };
    for (const a of agencies) {
      const known = byReference.get(a.reference);
      let settingId: string;
      if (!known) {
        const [created] = await tx
          .insert(settings)
          .values({ partnershipId: partnership.id, reference: a.reference, name: a.name, type: a.type, basis: "s11" })
          .returning({ id: settings.id });
        settingId = created.id;
        result.created.push(a.reference);
      } else {
        settingId = known.id;
        if (known.name !== a.name || known.type !== a.type || !known.active) {
          await tx.update(settings).set({ name: a.name, type: a.type, active: true, deactivatedAt: null, deactivatedReason: null, updatedAt: new Date() }).where(eq(settings.id, known.id));
          result.updated.push(a.reference);
        } else result.unchanged.push(a.reference);
      }
      for (const [role, person] of [["dsl", a.dsl], ["signatory", a.signatory]] as const) {
        if (!person) continue;
        const [holds] = await tx
          .select({ id: memberships.id })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(users.email, person.email), eq(memberships.settingId, settingId), eq(memberships.role, role)));
        if (holds) continue;
        await input.invite(tx, {
          partnershipId: partnership.id,
          invitedBy: input.actor ?? { id: null, name: partnership.name },
          email: person.email,
          name: person.name,
          role,
          settingId,
        });
        result.invited++;
      }
    }
    await recordAudit(tx, {
      action: "agencies.imported",
      actorUserId: input.actor?.id ?? null,
      partnershipId: partnership.id,
      entityType: "partnership",
      entityId: partnership.id,
      detail: { fileName: input.fileName ?? null, created: result.created.length, updated: result.updated.length, invited: result.invited },
    });
    return result;
  });
}
