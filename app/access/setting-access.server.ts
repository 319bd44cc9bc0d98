// The door to a setting's pages: authorise by role for that setting (or its partnership), then
// load only what belongs to the setting and partnership that were authorised.
import type { Params } from "@remix-run/react";
import { getDb } from "../db.server";
import { loadReturn, partnershipOfSetting, returnPath, type ReturnContext } from "../domain/return-context.server";
import { requirePermission, requireUser, type CurrentUser } from "../auth/guards.server";
import { can, type Permission } from "../auth/permissions";

export interface SettingAccess {
  user: CurrentUser;
  partnershipId: string;
  settingId: string;
  /** What else this person may do here, for showing or hiding buttons (the server still checks). */
  may: { view: boolean; edit: boolean; signOff: boolean; submit: boolean; readSubmitted: boolean; manageUsers: boolean };
  /** The setting's partnership, as this person's roles name it, for links to its pages. */
  partnershipSlug: string;
}

const notFound = () => new Response("Not found", { status: 404 });

/**
 * Authorises one permission, or any one of several (a submitted version is readable by the
 * setting's own people and by the partnership's moderators and admins).
 */
export async function requireSettingAccess(
  request: Request,
  params: Params,
  permission: Permission | readonly Permission[],
): Promise<SettingAccess> {
  const user = await requireUser(request);
  const settingId = params.settingId ?? "";
  const partnershipId = await partnershipOfSetting(await getDb(), settingId);
  if (!partnershipId) throw notFound();
  const scope = { partnershipId, settingId };
  const wanted = typeof permission === "string" ? [permission] : permission;
  if (!wanted.some((p) => can(user.grants, p, scope))) await requirePermission(request, user, wanted[0], scope);
  return {
    user,
    partnershipId,
    settingId,
    may: {
      view: can(user.grants, "setting.view", scope),
      edit: can(user.grants, "return.edit", { partnershipId, settingId }),
      signOff: can(user.grants, "return.signOff", { partnershipId, settingId }),
      submit: can(user.grants, "return.submit", { partnershipId, settingId }),
      readSubmitted: can(user.grants, "returns.viewSubmitted", { partnershipId }),
      manageUsers: can(user.grants, "users.manage", { partnershipId }),
    },
    // Whoever got this far holds a role in the partnership.
    partnershipSlug: user.grants.find((g) => g.partnershipId === partnershipId)?.partnershipSlug ?? "",
  };
}

export async function requireReturnAccess(
  request: Request,
  params: Params,
  permission: Permission | readonly Permission[],
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

/**
 * Where someone reading a return goes back to: the return itself for those who may open it (the
 * setting's people, administrators), otherwise the partnership's returns for its cycle, where a
 * moderator found it.
 */
export function backFromReturn(access: SettingAccess & { ctx: ReturnContext }): { href: string; text: string } {
  const returns = partnershipReturnsPath(access);
  if (access.may.view || !returns) return { href: returnPath(access.ctx), text: "Back to the return" };
  return { href: `${returns}?cycle=${access.ctx.cycle.id}`, text: "Back to returns" };
}

/** The partnership's list of returns, for those who may read it. */
export function partnershipReturnsPath(access: SettingAccess): string | null {
  return access.may.readSubmitted ? `/partnerships/${access.partnershipSlug}/returns` : null;
}

/** Submitted versions: the setting's own people, and the partnership's moderators and admins. */
export const READ_SUBMITTED = ["setting.view", "returns.viewSubmitted"] as const;

export function requireSubmittedReturnAccess(request: Request, params: Params) {
  return requireReturnAccess(request, params, READ_SUBMITTED);
}
