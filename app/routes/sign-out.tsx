import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { clientAddress, getCurrentUser } from "~/auth/guards.server";
import { invalidateSession, serializeBlankSessionCookie } from "~/auth/sessions.server";
import { recordAudit } from "~/accounts/audit.server";
import { getDb } from "~/db.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) {
    const db = await getDb();
    await db.transaction(async (tx) => {
      await invalidateSession(tx, user.sessionId);
      await recordAudit(tx, { action: "sign_out", actorUserId: user.id, ipAddress: clientAddress(request) });
    });
  }
  throw redirect("/signed-out", { headers: { "Set-Cookie": serializeBlankSessionCookie() } });
}
