import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { clientAddress } from "~/auth/guards.server";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, SETTING_ROLES } from "~/auth/permissions";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { Radios } from "~/components/Radios";
import { Select } from "~/components/Select";
import { getDb } from "~/db.server";
import { invitePerson } from "~/auth/people.server";
import { listSettings } from "~/domain/settings-register.server";
import { formValues, parseForm, typedText } from "~/forms";
import type { Role } from "../../db/schema";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Invite someone – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

const ROLES = Object.keys(ROLE_LABELS) as [Role, ...Role[]];

const roleHint = (role: Role) => `${ROLE_DESCRIPTIONS[role]}${SETTING_ROLES.includes(role) ? " Select their setting below." : ""}`;

const InviteForm = z
  .object({
    name: typedText("Full name").trim().min(1, "Enter the person's full name").max(200, "Full name must be 200 characters or fewer"),
    email: z
      .string()
      .trim()
      .min(1, "Enter their email address")
      .max(320, "Email address must be 320 characters or fewer")
      .pipe(z.email("Enter an email address in the correct format, like name@example.org.uk")),
    role: z.enum(ROLES, { error: "Select the role they will have" }),
    settingId: z
      .string()
      .optional()
      .transform((v) => v?.trim() || undefined),
  })
  .superRefine((v, ctx) => {
    // Runs beside the fields' own messages, so every problem is listed at once.
    if (!ROLES.includes(v.role)) return;
    if (SETTING_ROLES.includes(v.role) && !v.settingId) {
      ctx.addIssue({ code: "custom", path: ["settingId"], message: `Select the setting the ${ROLE_LABELS[v.role].toLowerCase()} works for` });
    }
    if (!SETTING_ROLES.includes(v.role) && v.settingId) {
      ctx.addIssue({
        code: "custom",
        path: ["settingId"],
        message: `Select "No setting": a ${ROLE_LABELS[v.role].toLowerCase()} works across the partnership`,
      });
    }
  });

function authorise(request: Request, slug: string | undefined) {
  return requirePartnershipAccess(request, { slug }, "users.manage");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await authorise(request, params.slug);
  const settings = await listSettings(await getDb(), partnership.id, { active: true });
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    settings: settings.map((s) => ({ value: s.id, text: s.urn ? `${s.name} (URN ${s.urn})` : s.name })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership } = await authorise(request, params.slug);
  const form = await request.formData();
  const parsed = parseForm(InviteForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await invitePerson(await getDb(), {
      partnershipId: partnership.id,
      invitedBy: { id: user.id, name: user.name },
      email: parsed.data.email,
      name: parsed.data.name,
      role: parsed.data.role,
      settingId: parsed.data.settingId,
      ipAddress: clientAddress(request),
    });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { [refused.field ?? "email"]: refused.message }, values: formValues(form) }));
  }
  const invited = parsed.data.email.toLowerCase();
  throw redirect(`/partnerships/${partnership.slug}/people?invited=${encodeURIComponent(invited)}`);
}

export default function InvitePerson() {
  const { partnership, settings } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string> }>();
  const errors = result?.errors;
  const values = result?.values;
  return (
    <>
      <Link to={`/partnerships/${partnership.slug}/people`} className="govuk-back-link">
        People and roles
      </Link>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errorList={errorListFrom(errors)} />
          <span className="govuk-caption-l">{partnership.name}</span>
          <h1 className="govuk-heading-l">Invite someone</h1>
          <p className="govuk-body">
            We will email them a link to sign in. The link works for 7 days. If they already use the service, they get
            the new role as well as the ones they have.
          </p>
          <Form method="post" noValidate>
            <Input
              id="name"
              name="name"
              autoComplete="off"
              spellCheck={false}
              label={{ text: "Full name", classes: "govuk-label--s" }}
              errorMessage={errors?.name}
              defaultValue={values?.name}
            />
            <Input
              id="email"
              name="email"
              type="email"
              autoComplete="off"
              spellCheck={false}
              label={{ text: "Email address", classes: "govuk-label--s" }}
              hint="Their work address. This is how they will sign in."
              errorMessage={errors?.email}
              defaultValue={values?.email}
            />
            <Radios
              idPrefix="role"
              name="role"
              fieldset={{ legend: { text: "Role", classes: "govuk-fieldset__legend--s" } }}
              errorMessage={errors?.role}
              value={values?.role}
              items={ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], hint: roleHint(r) }))}
            />
            <Select
              id="settingId"
              name="settingId"
              label={{ text: "Setting", classes: "govuk-label--s" }}
              hint="Only for a designated safeguarding lead or a signatory: the school, college or agency they work for."
              errorMessage={errors?.settingId}
              value={values?.settingId ?? ""}
              items={[{ value: "", text: "No setting (moderator, subgroup chair or administrator)" }, ...settings]}
            />
            <Button>
              Send invitation
            </Button>
          </Form>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
