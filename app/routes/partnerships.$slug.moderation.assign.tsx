import { randomInt } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Select } from "~/components/Select";
import { Table } from "~/components/Table";
import { getDb } from "~/db.server";
import { ASSIGNMENT_STATUS_LABELS } from "~/domain/moderation/labels";
import { assignByHand, autoAssign, listConflicts, listSampleAssignments, type AutoAssignResult } from "~/domain/moderation/panel.server";
import { moderationCycle } from "~/domain/moderation/samples.server";
import { parseForm } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction = () => [{ title: "Assign returns – Moderation panel – Safeguarding self-assessment" }];

const AssignForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("auto") }),
  z.object({
    intent: z.literal("by-hand"),
    returnId: z.string().uuid("Choose a return"),
    role: z.enum(["primary", "second"]),
    moderatorUserId: z.string().uuid("Select a panel member"),
  }),
]);

async function pageFor(request: Request, params: LoaderFunctionArgs["params"]) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "moderation.lead");
  const db = await getDb();
  const cycle = await moderationCycle(db, partnership.id, new URL(request.url).searchParams.get("cycle"));
  return { user, partnership, db, cycle };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, db, cycle } = await pageFor(request, params);
  const url = new URL(request.url);
  const rows = cycle ? await listSampleAssignments(db, partnership.id, cycle.id) : [];
  const conflicts = await listConflicts(db, partnership.id);
  const holder = (a: (typeof rows)[number]["primary"]) => (a ? `${a.moderatorName} (${ASSIGNMENT_STATUS_LABELS[a.status as keyof typeof ASSIGNMENT_STATUS_LABELS]})` : null);
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    cycle: cycle ? { id: cycle.id, name: cycle.name } : null,
    done: url.searchParams.get("done"),
    rows: rows.map((r) => ({
      returnId: r.returnId,
      settingName: r.settingName,
      calibration: r.calibration,
      primary: holder(r.primary),
      primaryMovable: r.primary === null || r.primary.status === "assigned",
      second: holder(r.second),
      secondOpen: r.calibration && r.primary !== null && (r.second === null || r.second.status === "assigned"),
      eligible: r.eligible.map((e) => ({ value: e.userId, text: e.name })),
    })),
    conflicts: conflicts.map((c) => ({ id: c.id, moderatorName: c.moderatorName, settingName: c.settingName, reason: c.reason })),
  };
}

type ActionResult = { error: string; returnId?: string; result?: AutoAssignResult };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, db, cycle } = await pageFor(request, params);
  if (!cycle) throw new Response("Not found", { status: 404 });
  const parsed = parseForm(AssignForm, await request.formData());
  const back = `/partnerships/${partnership.slug}/moderation/assign?cycle=${cycle.id}`;
  if (!parsed.ok) return data<ActionResult>({ error: Object.values(parsed.errors)[0] ?? "Check the form", returnId: parsed.values.returnId }, { status: 400 });
  const form = parsed.data;
  try {
    if (form.intent === "auto") {
      // A fresh seed each run: which member takes a tie is not for anyone to choose.
      const result = await autoAssign(db, { partnershipId: partnership.id, cycleId: cycle.id, seed: String(randomInt(1, 1_000_000_000)), actor: { id: user.id } });
      if (result.unassigned.length > 0)
        return data<ActionResult>({
          error: `${result.assigned.length} assigned. ${result.unassigned.map((u) => `${u.settingName}: ${u.reason}`).join(". ")}. Assign ${result.unassigned.length === 1 ? "it" : "them"} by hand.`,
          result,
        }, { status: 409 });
      throw redirect(`${back}&done=assigned`);
    }
    await assignByHand(db, { partnershipId: partnership.id, returnId: form.returnId, moderatorUserId: form.moderatorUserId, role: form.role, actor: { id: user.id } });
    throw redirect(`${back}&done=assigned`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusal(error, (refused) => ({ error: refused.message, returnId: form.intent === "by-hand" ? form.returnId : undefined }) satisfies ActionResult);
  }
}

function ByHand({ returnId, role, eligible, label }: { returnId: string; role: "primary" | "second"; eligible: { value: string; text: string }[]; label: string }) {
  if (eligible.length === 0) return <span className="govuk-body-s">Nobody eligible</span>;
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="by-hand" />
      <input type="hidden" name="returnId" value={returnId} />
      <input type="hidden" name="role" value={role} />
      <Select id={`${role}-${returnId}`} name="moderatorUserId" label={{ text: label, classes: "govuk-visually-hidden" }} items={eligible} />
      <Button classes="govuk-button--secondary govuk-!-margin-bottom-0">Assign</Button>
    </Form>
  );
}

export default function AssignReturns() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const base = `/partnerships/${d.partnership.slug}/moderation`;
  return (
    <>
      <BackLink href={base} text="Back to the moderation panel" />
      {d.done === "assigned" ? (
        <NotificationBanner type="success" titleText="Success">
          <p className="govuk-notification-banner__heading">The returns have been assigned.</p>
        </NotificationBanner>
      ) : null}
      <ErrorSummary errorList={result?.error ? [{ text: result.error, href: result.returnId ? `#primary-${result.returnId}` : "#auto" }] : []} />
      <span className="govuk-caption-l">{d.cycle?.name ?? d.partnership.name}</span>
      <h1 className="govuk-heading-l">Assign returns</h1>
      {d.rows.length === 0 ? (
        <p className="govuk-body">The sample for this cycle has not been drawn yet.</p>
      ) : (
        <>
          <p className="govuk-body">
            Assigning automatically gives each return without a panel member to the one with the fewest, never to someone with a role in the setting or a declared conflict of
            interest, and each calibration return a second, different panel member.
          </p>
          <Form method="post" id="auto">
            <Button name="intent" value="auto" preventDoubleClick>
              Assign automatically
            </Button>
          </Form>
          <Table
            caption="The sample"
            head={["Setting", "First moderator", "Second moderator (calibration)"]}
            rows={d.rows.map((r) => [
              r.settingName,
              <>
                {r.primary ? <p className="govuk-body-s govuk-!-margin-bottom-1">{r.primary}</p> : null}
                {r.primaryMovable ? <ByHand returnId={r.returnId} role="primary" eligible={r.eligible} label={`First moderator for ${r.settingName}`} /> : null}
              </>,
              r.calibration ? (
                <>
                  {r.second ? <p className="govuk-body-s govuk-!-margin-bottom-1">{r.second}</p> : null}
                  {r.secondOpen ? (
                    <ByHand returnId={r.returnId} role="second" eligible={r.eligible} label={`Second moderator for ${r.settingName}`} />
                  ) : r.primary ? null : (
                    <span className="govuk-body-s">Assign the first moderator first</span>
                  )}
                </>
              ) : (
                "Not calibrated"
              ),
            ])}
          />
        </>
      )}
      <h2 className="govuk-heading-m">Declared conflicts of interest</h2>
      {d.conflicts.length === 0 ? (
        <p className="govuk-body">No panel member has declared a conflict of interest.</p>
      ) : (
        <Table head={["Panel member", "Setting", "Reason"]} rows={d.conflicts.map((c) => [c.moderatorName, c.settingName, c.reason])} />
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
