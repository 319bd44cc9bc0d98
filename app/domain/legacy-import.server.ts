// Moving in from spreadsheets (issue 12): last cycle's returns, kept until now in the
// partnership's own workbooks, imported into an earlier, closed cycle as submitted returns, so
// each setting's next return can start from its own answers. One row per setting and standard;
// optionally a second file of actions. The formats are docs/imports.md. Every row of both files
// is checked first, and if any is wrong nothing is applied and each problem is listed with its row.
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../db.server";
import { actions, answers, cycles, returnVersions, returns, settings, type ActionStatus, type ActionTheme, type Rating, type Setting } from "../../db/schema";
import { recordAudit } from "../accounts/audit.server";
import { isIsoDate } from "../dates";
import { DomainError } from "../errors";
import { hasHiddenControlCharacters } from "../forms";
import { isUuid } from "../ids";
import { ACTION_STATUS_LABELS, THEME_LABELS } from "./action-themes";
import { CsvImportError, readCsvRows, type CsvRow, type RowProblem } from "./csv-rows";
import { loadFramework, type LoadedFramework } from "./frameworks.server";
import { RATING_LABELS } from "./ratings";
import { writeVersion, type ReturnSnapshot } from "./return-versions.server";

/** The largest answers or actions file an upload takes (a partnership's 500 settings × 60 standards is about 10 MB). */
export const MAX_LEGACY_FILE_BYTES = 20 * 1024 * 1024;

export const RETURN_COLUMNS = ["setting", "standard", "rating", "evidence"] as const;
export const ACTION_COLUMNS = ["setting", "standard", "description", "theme", "owner", "due_date", "status"] as const;

const key = (v: string) => v.trim().toLowerCase().replace(/[\s-]+/g, "_");

/** A value that is one of ours by key or label, any case ("Partially met", "partially_met"). */
function oneOf<T extends string>(value: string, labels: Record<T, string>): T | null {
  const v = key(value);
  for (const [k, label] of Object.entries(labels) as [T, string][]) if (v === k || v === key(label)) return k;
  return null;
}

/** A due date as 2025-03-31 or 31/03/2025 (as UK spreadsheets write it). */
function dueDate(value: string): string | null {
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  const iso = uk ? `${uk[3]}-${uk[2].padStart(2, "0")}-${uk[1].padStart(2, "0")}` : value.trim();
  return isIsoDate(iso) ? iso : null;
}

export interface LegacyImportResult {
  returns: number;
  answers: number;
  actions: number;
}

interface ParsedAnswer {
  line: number;
  code: string;
  rating: Rating;
  evidence: string;
}

interface ParsedAction {
  line: number;
  code: string | null;
  description: string;
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
  status: ActionStatus;
}

/**
 * Imports the returns (and actions) into the cycle, which must be closed. All or nothing: the
 * files are checked against the register and the cycle's frameworks, and any problem refuses the
 * whole import with every problem listed (CsvImportError).
 */
export async function importLegacyReturns(
  db: Db,
  input: { partnershipId: string; cycleId: string; returnsFile: Uint8Array; actionsFile?: Uint8Array | null; actorUserId?: string | null; now?: Date },
): Promise<LegacyImportResult> {
  const answerRows = readCsvRows(input.returnsFile, [...RETURN_COLUMNS]);
  const actionRows = input.actionsFile ? readCsvRows(input.actionsFile, ["setting", "description", "theme"], ["standard", "owner", "due_date", "status"]) : [];
  if (answerRows.length === 0) throw new CsvImportError([{ line: null, message: "The returns file has a header row but no answers" }]);
  const now = input.now ?? new Date();

  return db.transaction(async (tx) => {
    const [cycle] = isUuid(input.cycleId)
      ? await tx.select().from(cycles).where(and(eq(cycles.id, input.cycleId), eq(cycles.partnershipId, input.partnershipId))).for("update")
      : [];
    if (!cycle) throw new DomainError("That audit cycle was not found", { status: 404 });
    if (cycle.status !== "closed")
      throw new DomainError(`${cycle.name} is ${cycle.status}: returns from spreadsheets go into an earlier cycle once it is closed`, { status: 409, field: "file" });

    // Settings by URN or reference, as the files name them.
    const names = [...new Set([...answerRows, ...actionRows].map((r) => r.get("setting")).filter(Boolean))];
    const found = names.length
      ? await tx
          .select()
          .from(settings)
          .where(and(eq(settings.partnershipId, input.partnershipId), or(inArray(settings.urn, names), inArray(settings.reference, names))))
      : [];
    const settingNamed = new Map<string, Setting>();
    for (const s of found) {
      if (s.urn) settingNamed.set(s.urn, s);
      if (s.reference) settingNamed.set(s.reference, s);
    }
    const frameworks = new Map<string, LoadedFramework>();
    for (const id of [cycle.educationFrameworkId, cycle.agencyFrameworkId]) frameworks.set(id, (await loadFramework(tx, input.partnershipId, id))!);
    const frameworkOf = (s: Setting) => frameworks.get(s.basis === "s11" ? cycle.agencyFrameworkId : cycle.educationFrameworkId)!;
    const standardsOf = (s: Setting) => frameworkOf(s).sections.flatMap((section) => section.standards.filter((st) => !st.retired).map((st) => ({ ...st, section })));

    const problems: RowProblem[] = [];
    const settingOf = (row: CsvRow): Setting | null => {
      const name = row.get("setting");
      if (!name) {
        problems.push({ line: row.line, message: "enter the setting's URN or reference" });
        return null;
      }
      const s = settingNamed.get(name);
      if (!s) problems.push({ line: row.line, message: `no setting in the register has the URN or reference ${name}` });
      return s ?? null;
    };

    const bySetting = new Map<string, { setting: Setting; answers: Map<string, ParsedAnswer>; actions: ParsedAction[]; named: Set<string> }>();
    const entry = (s: Setting) => bySetting.get(s.id) ?? bySetting.set(s.id, { setting: s, answers: new Map(), actions: [], named: new Set() }).get(s.id)!;
    for (const row of answerRows) {
      const s = settingOf(row);
      const code = row.get("standard");
      const rating = oneOf(row.get("rating"), RATING_LABELS);
      const evidence = row.get("evidence");
      if (!rating) problems.push({ line: row.line, message: `"${row.get("rating")}" is not a rating; use Not met, Partially met, Met, Exceeds or Not applicable` });
      if (hasHiddenControlCharacters(evidence)) problems.push({ line: row.line, message: "the evidence has hidden control characters in it" });
      if (!s) continue;
      const standard = standardsOf(s).find((st) => st.code === code);
      if (!standard) {
        problems.push({ line: row.line, message: `standard "${code}" is not in ${frameworkOf(s).framework.title}` });
        continue;
      }
      if (rating === "not_applicable" && !standard.allowsNotApplicable) problems.push({ line: row.line, message: `standard ${code} cannot be rated Not applicable` });
      const e = entry(s);
      // A row with a problem of its own still names its standard: it is not missing as well.
      e.named.add(code);
      const earlier = e.answers.get(code);
      if (earlier) problems.push({ line: row.line, message: `${s.name} has standard ${code} on row ${earlier.line} too` });
      else if (rating) e.answers.set(code, { line: row.line, code, rating, evidence });
    }
    for (const row of actionRows) {
      const s = settingOf(row);
      const code = row.get("standard") || null;
      const description = row.get("description");
      const theme = oneOf(row.get("theme"), THEME_LABELS);
      const status = row.get("status") ? oneOf(row.get("status"), ACTION_STATUS_LABELS) : "open";
      const due = row.get("due_date") ? dueDate(row.get("due_date")) : null;
      if (!description) problems.push({ line: row.line, message: "enter what the action is (description)" });
      if (!theme) problems.push({ line: row.line, message: `"${row.get("theme")}" is not a theme; use one of: ${Object.values(THEME_LABELS).join(", ")}` });
      if (!status) problems.push({ line: row.line, message: `"${row.get("status")}" is not a status; use one of: ${Object.values(ACTION_STATUS_LABELS).join(", ")}` });
      if (row.get("due_date") && !due) problems.push({ line: row.line, message: `"${row.get("due_date")}" is not a date; write it as 31/03/2025 or 2025-03-31` });
      if (!s) continue;
      if (code && !standardsOf(s).some((st) => st.code === code)) problems.push({ line: row.line, message: `standard "${code}" is not in ${frameworkOf(s).framework.title}` });
      if (!bySetting.has(s.id)) problems.push({ line: row.line, message: `${s.name} has actions but no answers in the returns file` });
      if (description && theme && status) entry(s).actions.push({ line: row.line, code, description, theme, owner: row.get("owner") || "Not recorded", dueOn: due, status });
    }
    for (const { setting, named } of bySetting.values()) {
      const missing = standardsOf(setting).filter((st) => !named.has(st.code)).map((st) => st.code);
      if (missing.length) problems.push({ line: null, message: `${setting.name} has no row for standard${missing.length === 1 ? "" : "s"} ${missing.join(", ")}` });
    }
    const ids = [...bySetting.keys()];
    const existing = ids.length ? await tx.select().from(returns).where(and(eq(returns.cycleId, cycle.id), inArray(returns.settingId, ids))) : [];
    const submitted = existing.length
      ? new Set((await tx.selectDistinct({ returnId: returnVersions.returnId }).from(returnVersions).where(inArray(returnVersions.returnId, existing.map((r) => r.id)))).map((r) => r.returnId))
      : new Set<string>();
    for (const r of existing) if (submitted.has(r.id)) problems.push({ line: null, message: `${bySetting.get(r.settingId)!.setting.name} already has a submitted return in ${cycle.name}` });
    if (problems.length) throw new CsvImportError(problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));

    const result: LegacyImportResult = { returns: 0, answers: 0, actions: 0 };
    for (const { setting, answers: given, actions: planned } of bySetting.values()) {
      const framework = frameworkOf(setting);
      let ret = existing.find((r) => r.settingId === setting.id);
      if (!ret) {
        [ret] = await tx
          .insert(returns)
          .values({ partnershipId: input.partnershipId, cycleId: cycle.id, settingId: setting.id, frameworkId: framework.framework.id, status: "submitted", startedAt: now })
          .returning();
      } else {
        await tx.update(returns).set({ status: "submitted", startedAt: ret.startedAt ?? now, frameworkId: framework.framework.id, updatedAt: now }).where(eq(returns.id, ret.id));
      }
      const standards = standardsOf(setting);
      await tx
        .insert(answers)
        .values(standards.map((st) => ({ partnershipId: input.partnershipId, returnId: ret.id, standardId: st.id, rating: given.get(st.code)!.rating, evidence: given.get(st.code)!.evidence })))
        .onConflictDoNothing();
      const inserted = planned.length
        ? await tx
            .insert(actions)
            .values(planned.map((a) => ({ partnershipId: input.partnershipId, settingId: setting.id, originReturnId: ret.id, standardCode: a.code, description: a.description, theme: a.theme, owner: a.owner, dueOn: a.dueOn, status: a.status })))
            .returning()
        : [];
      const snapshot: ReturnSnapshot = {
        schema: 1,
        returnId: ret.id,
        settingId: setting.id,
        settingName: setting.name,
        cycleId: cycle.id,
        cycleName: cycle.name,
        cycleKind: cycle.kind,
        frameworkId: framework.framework.id,
        frameworkTitle: framework.framework.title,
        frameworkVersion: framework.framework.version,
        answers: standards.map((st) => ({
          standardId: st.id,
          code: st.code,
          title: st.title,
          sectionCode: st.section.code,
          sectionTitle: st.section.title,
          rating: given.get(st.code)!.rating,
          evidence: given.get(st.code)!.evidence,
          notes: "",
        })),
        actions: inserted.map((a) => ({ id: a.id, description: a.description, theme: a.theme, owner: a.owner, dueOn: a.dueOn, status: a.status, standardCode: a.standardCode, update: null })),
        signOff: { name: "Imported from the partnership's spreadsheet", role: "", at: now.toISOString(), userId: null },
      };
      await writeVersion(tx, { snapshot, partnershipId: input.partnershipId, submittedByUserId: input.actorUserId ?? null, submittedAt: now });
      result.returns++;
      result.answers += standards.length;
      result.actions += inserted.length;
    }
    await recordAudit(tx, {
      action: "returns.imported",
      actorUserId: input.actorUserId ?? null,
      partnershipId: input.partnershipId,
      entityType: "cycle",
      entityId: cycle.id,
      detail: { ...result },
    });
    return result;
  });
}
