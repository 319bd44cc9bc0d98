import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { clientAddress, getCurrentUser, safeRedirectPath } from "~/auth/guards.server";
import { requestSignInLink } from "~/auth/sign-in.server";
import { Button } from "~/components/Button";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { formValues, parseForm } from "~/forms";

export const meta: MetaFunction = () => [{ title: "Sign in – Safeguarding self-assessment" }];

const SignInForm = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address")
    .max(320, "Email address must be 320 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@example.org.uk")),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), "");
  if (await getCurrentUser(request)) throw redirect(redirectTo || "/home");
  return { redirectTo, kept: url.searchParams.get("kept") === "1", expired: url.searchParams.has("redirectTo") };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(SignInForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const redirectTo = safeRedirectPath(parsed.data.redirectTo, "") || undefined;
  const result = await requestSignInLink(await getDb(), {
    email: parsed.data.email,
    clientAddress: clientAddress(request),
    redirectTo,
  });
  // Only a flood from one client address is refused, whatever address it names; a busy email
  // address is answered like any other (decision 009).
  if (result.outcome === "rate_limited") {
    return data(
      {
        errors: {
          email: `There have been too many requests for sign-in links from your network. Wait ${result.retryAfterMinutes} minutes, then try again.`,
        },
        values: formValues(form),
      },
      { status: 429 },
    );
  }
  // The same answer whether or not the address belongs to someone, and whether or not a link was sent.
  throw redirect(`/sign-in/check-email?email=${encodeURIComponent(parsed.data.email)}`);
}

export default function SignInPage() {
  const { redirectTo, kept, expired } = useLoaderData<typeof loader>();
  const result = useActionData<{ errors: Record<string, string>; values: Record<string, string> }>();
  // Posted to the page's own address: Remix would add ?index, which a failed attempt leaves in
  // the address bar. What the address already says (where to go next, a kept form) stays.
  const query = new URLSearchParams(useLocation().search);
  query.delete("index");
  const formAction = query.size ? `/sign-in?${query}` : "/sign-in";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errorList={errorListFrom(result?.errors)} />
        {kept ? (
          <WarningText>
            You were signed out before your changes were saved. We have kept what you sent: sign in again and it will be
            shown on the page, ready to save.
          </WarningText>
        ) : expired ? (
          <p className="govuk-body">You need to sign in to see that page.</p>
        ) : null}
        <Form method="post" action={formAction} noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Input
            id="email"
            name="email"
            type="email"
            autoComplete="email"
            spellCheck={false}
            label={{ text: "Sign in with your email address", isPageHeading: true, classes: "govuk-label--l" }}
            hint="Use the address your partnership invited. We will email you a link to sign in."
            errorMessage={result?.errors.email}
            defaultValue={result?.values.email}
          />
          <Button>
            Send me a sign-in link
          </Button>
        </Form>
      </div>
    </div>
  );
}
