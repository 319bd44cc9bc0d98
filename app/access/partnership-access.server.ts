// The door to a partnership's pages: signed in, holding a role in the partnership the URL names
// (otherwise "not found"), and the permission the page needs (otherwise refused and recorded).
import type { Params } from "@remix-run/react";
import { requirePartnershipBySlug, requirePermission, requireUser, type CurrentUser } from "../auth/guards.server";
import type { Permission } from "../auth/permissions";

export interface PartnershipAccess {
  user: CurrentUser;
  partnership: { id: string; slug: string; name: string };
}

export async function requirePartnershipAccess(request: Request, params: Params, permission: Permission): Promise<PartnershipAccess> {
  const user = await requireUser(request);
  const partnership = await requirePartnershipBySlug(request, user, params.slug);
  await requirePermission(request, user, permission, { partnershipId: partnership.id });
  return { user, partnership };
}
