import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireSettingAccess } from "~/access/setting-access.server";
import { clientAddress } from "~/auth/guards.server";
import { invitePerson, removeRole } from "~/auth/people.server";
import { can } from "~/auth/permissions";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { Checkboxes } from "~/components/Checkboxes";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Table } from "~/components/Table";
import { getDb } from "~/db.server";
import { loadSetting } from "~/domain/setting-overview.server";
import { settingRoleHolders } from "~/domain/setting-people.server";
import { DomainError } from "~/errors";
import { formValues, parseForm, typedText } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `People – ${data?.setting.name ?? "Your setting"} – Safeguarding self-assessment` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireSettingAccess(request, params, "setting.view");
  const db = await getDb();
  const scope = { partnershipId: access.partnershipId, settingId: access.settingId };
  const setting = await loadSetting(db, scope);
  if (!setting) throw new Response("Not found", { status: 404 });
  const people = await settingRoleHolders(db, scope);
  return {
    setting: { id: setting.id, name: setting.name },
    people: people.map((p) => ({ membershipId: p.membershipId, name: p.name, email: p.email, role: p.role, you: p.userId === access.user.id })),
    mayNominate: can(access.user.grants, "setting.nominateDsl", scope),
  };
}

const NominateForm = z.object({
  name: typedText("Full name").trim().min(1, "Enter the new DSL's full name").max(200, "Full name must be 200 characters or fewer"),
  email: z.string().trim().min(1, "Enter their email address").max(320, "Email address must be 320 characters or fewer").pipe(z.email("Enter an email address in the correct format, like name@example.org.uk")),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireSettingAccess(request, params, "setting.nominateDsl");
  const form = await request.formData();
  const parsed = parseForm(NominateForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const db = await getDb();
  const scope = { partnershipId: access.partnershipId, settingId: access.settingId };
  const leaving = form.getAll("leaving").map(String);
  try {
    await db.transaction(async (tx) => {
      const holders = await settingRoleHolders(tx, scope);
      for (const id of leaving) if (!holders.some((h) => h.membershipId === id && h.role === "dsl")) throw new DomainError("Select a DSL of this setting who has left", { status: 400, field: "leaving" });
      const actor = { id: access.user.id, name: access.user.name };
      await invitePerson(tx, { partnershipId: scope.partnershipId, invitedBy: actor, email: parsed.data.email, name: parsed.data.name, role: "dsl", settingId: scope.settingId, ipAddress: clientAddress(request) });
      for (const id of leaving) {
        const holder = holders.find((h) => h.membershipId === id)!;
        await removeRole(tx, { partnershipId: scope.partnershipId, userId: holder.userId, membershipId: id, actor, ipAddress: clientAddress(request) });
      }
    });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "email"]: refused.message }, values: formValues(form) }));
  }
  throw redirect(`/settings/${scope.settingId}/people?nominated=${encodeURIComponent(parsed.data.email.toLowerCase())}`);
}

export default function SettingPeople() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string> }>();
  const [search] = useSearchParams();
  const nominated = search.get("nominated");
  const dsls = d.people.filter((p) => p.role === "dsl");
  return (
    <>
      <BackLink href={`/settings/${d.setting.id}`} text={`Back to ${d.setting.name}`} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errorListFrom(result?.errors)} />
          {nominated ? (
            <NotificationBanner type="success" titleText="Done">
              <p className="govuk-notification-banner__heading">We have emailed {nominated} a link to sign in as the setting&apos;s designated safeguarding lead.</p>
            </NotificationBanner>
          ) : null}
          <span className="govuk-caption-l">{d.setting.name}</span>
          <h1 className="govuk-heading-l">People</h1>
          {dsls.length === 0 ? (
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                The setting has no designated safeguarding lead who can sign in: reminders about its return go to its signatory.
              </strong>
            </div>
          ) : null}
          <Table
            caption="Who works on the setting's return"
            captionClasses="govuk-visually-hidden"
            head={["Name", "Email", "Role"]}
            rows={d.people.map((p) => [`${p.name}${p.you ? " (you)" : ""}`, p.email, p.role === "dsl" ? "Designated safeguarding lead" : "Signatory"])}
          />
          {d.mayNominate ? (
            <Form method="post" noValidate>
              <h2 className="govuk-heading-m">Name a new designated safeguarding lead</h2>
              <p className="govuk-body">
                When the setting&apos;s DSL leaves, name the person taking over. We email them a link to sign in; the partnership&apos;s business unit sees the change in its audit log.
              </p>
              <Input id="name" name="name" label={{ text: "Full name", classes: "govuk-label--s" }} errorMessage={result?.errors.name} defaultValue={result?.values.name} />
              <Input id="email" name="email" type="email" spellCheck={false} label={{ text: "Email address", classes: "govuk-label--s" }} hint="Their work address: this is how they will sign in" errorMessage={result?.errors.email} defaultValue={result?.values.email} />
              {dsls.length > 0 ? (
                <Checkboxes
                  idPrefix="leaving"
                  name="leaving"
                  fieldset={{ legend: { text: "Has anyone left?", classes: "govuk-fieldset__legend--s" } }}
                  hint="Their DSL role for this setting is removed. Their other roles, if any, stay."
                  errorMessage={result?.errors.leaving}
                  items={dsls.map((p) => ({ value: p.membershipId, text: `${p.name} has left` }))}
                />
              ) : null}
              <Button>Name the new DSL</Button>
            </Form>
          ) : null}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
