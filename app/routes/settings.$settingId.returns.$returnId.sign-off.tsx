import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requireReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { Checkboxes } from "~/components/Checkboxes";
import { ErrorMessage } from "~/components/ErrorMessage";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { InsetText } from "~/components/InsetText";
import { NotificationBanner } from "~/components/NotificationBanner";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { returnPath } from "~/domain/return-context.server";
import { getReturnOverview, listSignatories, requestSignOff, signOffReturn } from "~/domain/returns.server";
import { formatDateTime, formValues, parseForm, typedText, type FieldErrors } from "~/forms";
import { hasStarted } from "~/domain/return-lifecycle";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.reader ? "Who signs off the return" : "Sign off the return"} – ${data?.setting.name ?? "Return"} – Safeguarding self-assessment` },
];

const DECLARATION =
  "I confirm this self-assessment is accurate to the best of my knowledge and was completed with our designated safeguarding lead";

const SignOffForm = z.object({
  fullName: typedText("Full name", { error: "Enter your full name" })
    .trim()
    .min(1, "Enter your full name")
    .max(200, "Full name must be 200 characters or fewer"),
  roleTitle: typedText("Role", { error: "Enter your role, for example headteacher" })
    .trim()
    .min(1, "Enter your role, for example headteacher")
    .max(200, "Role must be 200 characters or fewer"),
  declaration: z.literal("confirmed", {
    error: "Confirm that the self-assessment is accurate and was completed with your designated safeguarding lead",
  }),
  // When the return was last changed as this page showed it: the signatory signs what they read.
  readAt: z.iso
    .datetime()
    .optional()
    .catch(undefined)
    .transform((v) => (v ? new Date(v) : undefined)),
});

interface SignOffResult {
  errors?: FieldErrors;
  /** A refusal from the domain (the return was submitted meanwhile, say), not about one field. */
  formError?: string;
  values: Record<string, string>;
}

interface RequestResult {
  requestError: string;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireReturnAccess(request, params, "setting.view");
  const { user, ctx, may } = access;
  const base = returnPath(ctx);
  if (!hasStarted(ctx.ret.status)) throw redirect(base);
  const db = await getDb();
  const overview = await getReturnOverview(db, ctx);
  const signatories = await listSignatories(db, ctx);
  return {
    base,
    setting: { name: ctx.setting.name },
    cycle: { name: ctx.cycle.name },
    signatories: signatories.map((s) => s.name),
    maySignOff: may.signOff,
    maySubmit: may.submit,
    // An administrator reads who signs off: the page speaks of the setting, not to it, and sends
    // them to invite a signatory when the setting has none.
    reader: !may.edit,
    invitePath: may.manageUsers ? `/partnerships/${access.partnershipSlug}/people/invite` : null,
    editable: overview.editable,
    defaultName: user.name,
    readAt: ctx.ret.updatedAt.toISOString(),
    signOff: ctx.ret.signedOffAt
      ? { name: ctx.ret.signedOffName ?? "", role: ctx.ret.signedOffRole ?? "", at: ctx.ret.signedOffAt.toISOString() }
      : null,
    // What is left apart from the sign-off itself: signing now would be withdrawn by the next change.
    stillToDo: overview.problems.filter((p) => p.href !== `${base}/sign-off`).length,
    // The DSL asks the signatories by email once the rest is done (the signatory signs instead).
    mayRequest: may.edit && !may.signOff,
    requested: ctx.ret.signOffRequestedAt ? ctx.ret.signOffRequestedAt.toISOString() : null,
    justRequested: new URL(request.url).searchParams.get("requested") === "1",
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "request-sign-off") {
    // The DSL (who may change the return) asks the signatories to sign it off.
    const { user, ctx } = await requireReturnAccess(request, params, "return.edit");
    try {
      await requestSignOff(await getDb(), ctx, { actor: { id: user.id, name: user.name } });
    } catch (error) {
      return refusal(error, (refused): RequestResult => ({ requestError: refused.message }));
    }
    throw redirect(`${returnPath(ctx)}/sign-off?requested=1`);
  }
  const { user, ctx } = await requireReturnAccess(request, params, "return.signOff");
  const parsed = parseForm(SignOffForm, form);
  if (!parsed.ok) return data<SignOffResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await signOffReturn(await getDb(), ctx, {
      actor: { id: user.id, name: user.name },
      name: parsed.data.fullName,
      roleTitle: parsed.data.roleTitle,
      readAt: parsed.data.readAt,
    });
  } catch (error) {
    return refusal(error, (refused): SignOffResult => ({ formError: refused.message, values: formValues(form) }));
  }
  throw redirect(`${returnPath(ctx)}/check`);
}

export default function SignOff() {
  const page = useLoaderData<typeof loader>();
  const actionData = useActionData<SignOffResult | RequestResult>();
  const result = actionData && "values" in actionData ? actionData : undefined;
  const requestError = actionData && "requestError" in actionData ? actionData.requestError : undefined;
  const errors = result?.errors;
  const values = result?.values;
  if (page.reader) return <WhoSignsOff page={page} />;
  return (
    <>
      <BackLink href={`${page.base}/check`} text="Back to check your answers" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {page.justRequested && page.requested && !actionData ? (
            <NotificationBanner type="success" titleText="Success">
              <p className="govuk-notification-banner__heading">
                We have emailed {page.signatories.join(" and ")} to say the return is ready to sign off.
              </p>
            </NotificationBanner>
          ) : null}
          <ErrorSummary
            errorList={
              requestError
                ? [{ text: requestError, href: "#request-sign-off" }]
                : result?.formError
                  ? [{ text: result.formError, href: "#sign-off" }]
                  : errorListFrom(errors)
            }
          />
          <span className="govuk-caption-l">
            {page.setting.name} – {page.cycle.name}
          </span>
          <h1 className="govuk-heading-l">Sign off the return</h1>
          <p className="govuk-body">
            Before the return is submitted, your headteacher, chair of governors or agency lead signs it off to confirm
            it is accurate.
          </p>
          {page.signOff ? (
            <InsetText>
              Signed off by {page.signOff.name}, {page.signOff.role}, on {formatDateTime(page.signOff.at)}.
            </InsetText>
          ) : null}

          <div id="sign-off">
            {!page.editable ? (
              <p className="govuk-body">
                This return cannot be signed off now: it has been submitted or the audit cycle has closed.
              </p>
            ) : page.maySignOff ? (
              <>
                <p className="govuk-body">
                  Once you have signed it off, you or your designated safeguarding lead can submit the return. Any
                  change to the return after you sign it off withdraws your sign-off, and it will need signing off
                  again.
                </p>
                {page.stillToDo > 0 ? (
                  <WarningText>
                    The return is not finished yet. You can sign it off now, but it is best to wait until it is
                    complete.
                  </WarningText>
                ) : null}
                <p className="govuk-body">
                  <Link className="govuk-link" to={`${page.base}/check`}>
                    Read the answers before you sign off
                  </Link>
                </p>
                <Form method="post" noValidate>
                  <input type="hidden" name="readAt" value={page.readAt} />
                  <Input
                    id="fullName"
                    name="fullName"
                    autoComplete="name"
                    spellCheck={false}
                    label={{ text: "Full name", classes: "govuk-label--s" }}
                    errorMessage={errors?.fullName}
                    defaultValue={values ? values.fullName : page.defaultName}
                  />
                  <Input
                    id="roleTitle"
                    name="roleTitle"
                    autoComplete="organization-title"
                    label={{ text: "Role", classes: "govuk-label--s" }}
                    hint="For example, headteacher, chair of governors or agency lead"
                    errorMessage={errors?.roleTitle}
                    defaultValue={values?.roleTitle}
                  />
                  <Checkboxes
                    idPrefix="declaration"
                    name="declaration"
                    fieldset={{ legend: { text: "Declaration", classes: "govuk-fieldset__legend--m" } }}
                    errorMessage={errors?.declaration}
                    items={[{ value: "confirmed", text: DECLARATION, checked: values?.declaration === "confirmed" }]}
                  />
                  <Button preventDoubleClick>
                    Sign off
                  </Button>
                </Form>
              </>
            ) : (
              <>
                <h2 className="govuk-heading-m">Who signs off</h2>
                {page.signatories.length > 0 ? (
                  <>
                    <p className="govuk-body">
                      Your headteacher, chair of governors or agency lead must sign in to the service and sign the
                      return off. For {page.setting.name}, that is:
                    </p>
                    <ul className="govuk-list govuk-list--bullet">
                      {page.signatories.map((name, i) => (
                        <li key={`${name}-${i}`}>{name}</li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p className="govuk-body">
                    Your headteacher, chair of governors or agency lead must sign in to the service and sign the return
                    off, but nobody at {page.setting.name} has that role yet. Ask your partnership&apos;s business unit
                    to invite them.
                  </p>
                )}
                <p className="govuk-body">
                  Any change to the return after it is signed off withdraws the sign-off, so ask them to sign off when
                  the return is complete. Once it is signed off,{" "}
                  {page.maySubmit ? "you or they" : "they or the designated safeguarding lead"} can submit it.
                </p>
                {page.mayRequest && page.signatories.length > 0 && !page.signOff ? (
                  <AskForSignOff page={page} error={requestError} />
                ) : null}
                <p className="govuk-body">
                  <Link className="govuk-link" to={`${page.base}/check`}>
                    Check your answers
                  </Link>
                </p>
              </>
            )}
          </div>
        </div>
      </div>
    </>
  );
}

/** The DSL's button to email the signatories, once everything but the sign-off is done. */
function AskForSignOff({ page, error }: { page: ReturnType<typeof useLoaderData<typeof loader>>; error?: string }) {
  const names = page.signatories.join(" and ");
  return (
    <div id="request-sign-off" className={error ? "govuk-form-group govuk-form-group--error" : undefined}>
      <h2 className="govuk-heading-m">Ask for sign-off</h2>
      <ErrorMessage id="request-sign-off-error" text={error} />
      {page.requested ? (
        <p className="govuk-body">You last asked for sign-off on {formatDateTime(page.requested)}.</p>
      ) : null}
      {page.stillToDo > 0 ? (
        <p className="govuk-body">
          When everything else in the return is done, you can email {names} from here to say it is ready to sign off.
        </p>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="request-sign-off" />
          <p className="govuk-body">
            We will email {names} with a link to this page, saying the return is ready for them to sign off.
          </p>
          <Button preventDoubleClick classes={page.requested ? "govuk-button--secondary" : undefined}>
            {page.requested ? "Email them again" : "Email them to ask for sign-off"}
          </Button>
        </Form>
      )}
    </div>
  );
}

/** For a reader of the return (an administrator): who signs it off, and whether they have. */
function WhoSignsOff({ page }: { page: ReturnType<typeof useLoaderData<typeof loader>> }) {
  return (
    <>
      <BackLink href={`${page.base}/check`} text="Back to all the answers" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <span className="govuk-caption-l">
            {page.setting.name} – {page.cycle.name}
          </span>
          <h1 className="govuk-heading-l">Who signs off the return</h1>
          <p className="govuk-body">
            Before the return is submitted, the setting&apos;s headteacher, chair of governors or agency lead signs it
            off to confirm it is accurate.
          </p>
          {page.signOff ? (
            <InsetText>
              Signed off by {page.signOff.name}, {page.signOff.role}, on {formatDateTime(page.signOff.at)}.
            </InsetText>
          ) : null}
          {page.signatories.length > 0 ? (
            <>
              <p className="govuk-body">For {page.setting.name}, that is:</p>
              <ul className="govuk-list govuk-list--bullet">
                {page.signatories.map((name, i) => (
                  <li key={`${name}-${i}`}>{name}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="govuk-body">
              Nobody at {page.setting.name} has that role yet.
              {page.invitePath ? (
                <>
                  {" "}
                  <Link className="govuk-link" to={page.invitePath}>
                    Invite their signatory
                  </Link>
                  .
                </>
              ) : null}
            </p>
          )}
          {page.editable ? (
            <p className="govuk-body">
              Once it is signed off, the setting&apos;s designated safeguarding lead or signatory can submit it. Any
              change to the return after it is signed off withdraws the sign-off.
            </p>
          ) : null}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
