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
    ret: Return;
    cycle: Cycle;
    versions: Pick<ReturnVersion, "number" | "submittedAt">[];
  }[];
  openActions: Action[];
}

export async function getSettingOverview(db: Db, scope: { partnershipId: string; settingId: string }): Promise<SettingOverview | null> {
  const setting = await loadSetting(db, scope);
  if (!setting) return null;
  const rows = await db
    .select({ ret: returns, cycle: cycles })
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
    .select()
    .from(actions)
    .where(and(eq(actions.settingId, setting.id), inArray(actions.status, OUTSTANDING_ACTION_STATUSES)))
    .orderBy(asc(actions.dueOn), asc(actions.createdAt));
  return {
    setting,
    returns: rows.map((r) => ({ ...r, versions: versionRows.filter((v) => v.returnId === r.ret.id) })),
    openActions,
  };
}
