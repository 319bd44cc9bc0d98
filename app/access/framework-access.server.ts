// The door to one framework version's pages: a partnership administrator (partnership.admin),
// then the version, found only among the partnership's own (otherwise "not found").
import type { Params } from "@remix-run/react";
import { clientAddress } from "../auth/guards.server";
import { getDb } from "../db.server";
import { readFrameworkForEditing, type Actor, type FrameworkForEditing } from "../domain/framework-editing.server";
import { requirePartnershipAccess, type PartnershipAccess } from "./partnership-access.server";

export interface FrameworkAccess extends PartnershipAccess {
  loaded: FrameworkForEditing;
  actor: Actor;
  /** The partnership's frameworks page; the version's own is `${base}/${id}`. */
  base: string;
}

export async function requireFrameworksAdmin(request: Request, params: Params) {
  const access = await requirePartnershipAccess(request, params, "partnership.admin");
  return {
    ...access,
    actor: { userId: access.user.id, ipAddress: clientAddress(request) } satisfies Actor,
    base: `/partnerships/${access.partnership.slug}/frameworks`,
  };
}

export async function requireFrameworkAccess(request: Request, params: Params): Promise<FrameworkAccess> {
  const access = await requireFrameworksAdmin(request, params);
  const loaded = await readFrameworkForEditing(await getDb(), access.partnership.id, params.frameworkId ?? "");
  if (!loaded) throw new Response("Not found", { status: 404 });
  return { ...access, loaded };
}
