// A setting's home: the setting, its returns across cycles with their versions, and its open actions.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db.server";
import { actions, cycles, returnVersions, returns, settings, type Action, type Cycle, type Return, type ReturnVersion, type Setting } from "../../db/schema";
import { isUuid } from "../ids";
import { OUTSTANDING_ACTION_STATUSES } from "./action-themes";

export async function loadSetting(db: Db, scope: { partnershipId: string; settingId: string }) {
  if (!isUuid(scope.settingId)) return null;
  const [row] = await db
    .select()
    .from(settings)
    .where(and(eq(settings.id, scope.settingId), eq(settings.partnershipId, scope.partnershipId)))
    .limit(1);
  return row ?? null;
}

export interface SettingOverview {
  setting: Setting;
  returns: {
    ret: Pick<Return, "id" | "status" | "dueOn">;
    cycle: Pick<Cycle, "name" | "kind" | "status" | "dueOn">;
    versions: Pick<ReturnVersion, "number" | "submittedAt">[];
  }[];
  openActions: Pick<Action, "id" | "description" | "theme" | "owner" | "dueOn" | "status">[];
}

export async function getSettingOverview(db: Db, scope: { partnershipId: string; settingId: string }): Promise<SettingOverview | null> {
  const setting = await loadSetting(db, scope);
  if (!setting) return null;
  const rows = await db
    // What the page shows, not every column: a row's columns are parsed one by one.
    .select({
      ret: { id: returns.id, status: returns.status, dueOn: returns.dueOn },
      cycle: { name: cycles.name, kind: cycles.kind, status: cycles.status, dueOn: cycles.dueOn },
    })
    .from(returns)
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(and(eq(returns.settingId, setting.id), eq(returns.partnershipId, setting.partnershipId)))
    .orderBy(desc(cycles.opensOn));
  const versionRows = rows.length
    ? await db
        .select({ returnId: returnVersions.returnId, number: returnVersions.number, submittedAt: returnVersions.submittedAt })
        .from(returnVersions)
        .where(inArray(returnVersions.returnId, rows.map((r) => r.ret.id)))
        .orderBy(asc(returnVersions.number))
    : [];
  const openActions = await db
    .select({ id: actions.id, description: actions.description, theme: actions.theme, owner: actions.owner, dueOn: actions.dueOn, status: actions.status })
    .from(actions)
    .where(and(eq(actions.settingId, setting.id), inArray(actions.status, OUTSTANDING_ACTION_STATUSES)))
    .orderBy(asc(actions.dueOn), asc(actions.createdAt));
  return {
    setting,
    returns: rows.map((r) => ({ ...r, versions: versionRows.filter((v) => v.returnId === r.ret.id) })),
    openActions,
  };
}
