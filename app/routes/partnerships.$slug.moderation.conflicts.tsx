import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Select } from "~/components/Select";
import { Table } from "~/components/Table";
import { Textarea } from "~/components/Textarea";
import { getDb } from "~/db.server";
import { declareConflict, listConflicts } from "~/domain/moderation/panel.server";
import { listSettings } from "~/domain/settings-register.server";
import { formatDate, parseForm, typedText, type FieldErrors } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction = () => [{ title: "Declare a conflict of interest – Moderation panel – Safeguarding self-assessment" }];

const ConflictForm = z.object({
  settingId: z.string().uuid("Select the setting you have a conflict of interest with"),
  reason: typedText("Reason").trim().min(1, "Enter why you have a conflict of interest").max(1000, "The reason must be 1000 characters or fewer"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "moderation.judge");
  const db = await getDb();
  const settings = await listSettings(db, partnership.id, {});
  const mine = await listConflicts(db, partnership.id, { moderatorUserId: user.id });
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    done: new URL(request.url).searchParams.get("done") === "declared",
    settings: [{ value: "", text: "Select a setting" }, ...settings.map((s) => ({ value: s.id, text: s.name }))],
    mine: mine.map((c) => ({ id: c.id, settingName: c.settingName, reason: c.reason, declaredOn: formatDate(c.declaredAt) })),
  };
}

type ActionResult = { errors: FieldErrors; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "moderation.judge");
  const parsed = parseForm(ConflictForm, await request.formData());
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await declareConflict(await getDb(), {
      partnershipId: partnership.id,
      moderatorUserId: user.id,
      settingId: parsed.data.settingId,
      reason: parsed.data.reason,
      actor: { id: user.id },
    });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "settingId"]: refused.message }, values: { settingId: parsed.data.settingId, reason: parsed.data.reason } }) satisfies ActionResult);
  }
  throw redirect(`/partnerships/${partnership.slug}/moderation/conflicts?done=declared`);
}

export default function DeclareConflict() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  return (
    <>
      <BackLink href={`/partnerships/${d.partnership.slug}/moderation`} text="Back to the moderation panel" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {d.done ? (
            <NotificationBanner type="success" titleText="Success">
              <p className="govuk-notification-banner__heading">Your conflict of interest has been recorded. You will not be assigned that setting&apos;s return.</p>
            </NotificationBanner>
          ) : null}
          <ErrorSummary errorList={errorListFrom(errors)} />
          <span className="govuk-caption-l">{d.partnership.name}</span>
          <h1 className="govuk-heading-l">Declare a conflict of interest</h1>
          <p className="govuk-body">
            Tell the panel about any setting you should not moderate: a family member there, a past or present job, a governorship. You are never assigned its return, and the panel
            lead sees your reason.
          </p>
          <Form method="post" noValidate>
            <Select id="settingId" name="settingId" label={{ text: "Setting", classes: "govuk-label--s" }} items={d.settings} value={result?.values.settingId ?? ""} errorMessage={errors.settingId} />
            <Textarea id="reason" name="reason" label={{ text: "Why you have a conflict of interest", classes: "govuk-label--s" }} defaultValue={result?.values.reason ?? ""} errorMessage={errors.reason} rows={3} />
            <Button preventDoubleClick>Declare the conflict</Button>
          </Form>
          <h2 className="govuk-heading-m">Your declared conflicts</h2>
          {d.mine.length === 0 ? (
            <p className="govuk-body">You have not declared any.</p>
          ) : (
            <Table head={["Setting", "Reason", "Declared"]} rows={d.mine.map((c) => [c.settingName, c.reason, c.declaredOn])} />
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
