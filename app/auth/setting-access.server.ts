// The door to a setting's pages: authorise by role for that setting (or its partnership), then
// load only what belongs to the setting and partnership that were authorised.
import type { Params } from "@remix-run/react";
import { getDb } from "../db.server";
import { loadReturn, partnershipOfSetting, type ReturnContext } from "../domain/returns.server";
import { requirePermission, requireUser, type CurrentUser } from "./guards.server";
import { can, type Permission } from "./permissions";

export interface SettingAccess {
  user: CurrentUser;
  partnershipId: string;
  settingId: string;
  /** What else this person may do here, for showing or hiding buttons (the server still checks). */
  may: { edit: boolean; signOff: boolean };
}

const notFound = () => new Response("Not found", { status: 404 });

export async function requireSettingAccess(request: Request, params: Params, permission: Permission): Promise<SettingAccess> {
  const user = await requireUser(request);
  const settingId = params.settingId ?? "";
  const partnershipId = await partnershipOfSetting(await getDb(), settingId);
  if (!partnershipId) throw notFound();
  await requirePermission(request, user, permission, { partnershipId, settingId });
  return {
    user,
    partnershipId,
    settingId,
    may: {
      edit: can(user.grants, "return.edit", { partnershipId, settingId }),
      signOff: can(user.grants, "return.signOff", { partnershipId, settingId }),
    },
  };
}

export async function requireReturnAccess(
  request: Request,
  params: Params,
  permission: Permission,
): Promise<SettingAccess & { ctx: ReturnContext }> {
  const access = await requireSettingAccess(request, params, permission);
  const ctx = await loadReturn(await getDb(), {
    partnershipId: access.partnershipId,
    settingId: access.settingId,
    returnId: params.returnId ?? "",
  });
  if (!ctx) throw notFound();
  return { ...access, ctx };
}
