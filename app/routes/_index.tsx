import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getCurrentUser } from "~/auth/guards.server";
import { Button } from "~/components/Button";

export const meta: MetaFunction = () => [{ title: "Safeguarding self-assessment" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect("/home");
  return null;
}

export default function StartPage() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Complete your safeguarding self-assessment</h1>
        <p className="govuk-body">
          Use this service to complete your setting&apos;s safeguarding self-assessment for your local safeguarding
          children partnership.
        </p>
        <p className="govuk-body">It is for:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>schools, nurseries and colleges completing a section 175 or section 157 audit</li>
          <li>police, health, council services, voluntary and faith organisations completing a section 11 audit</li>
          <li>moderation panel members, subgroup chairs and the partnership business unit</li>
        </ul>
        <p className="govuk-body">
          You can start from your last return instead of from scratch, save as you go, and come back later.
        </p>
        <Button href="/sign-in" isStartButton>
          Sign in
        </Button>
        <h2 className="govuk-heading-m">Before you start</h2>
        <p className="govuk-body">
          You need an account. Your partnership&apos;s business unit invites you by email. We send you a link to sign
          in: there is no password to remember.
        </p>
      </div>
    </div>
  );
}
