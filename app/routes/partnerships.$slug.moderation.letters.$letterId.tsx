import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { BackLink } from "~/components/BackLink";
import { ErrorPage } from "~/components/ErrorPage";
import { NotificationBanner } from "~/components/NotificationBanner";
import { getDb } from "~/db.server";
import { FeedbackLetter as LetterBody } from "~/components/FeedbackLetter";
import { loadLetter } from "~/domain/moderation/letters.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Moderation feedback: ${data?.letter.settingName ?? "Letter"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership } = await requirePartnershipAccess(request, params, "moderation.read");
  const letter = await loadLetter(await getDb(), { partnershipId: partnership.id, letterId: params.letterId ?? "" });
  if (!letter) throw new Response("Not found", { status: 404 });
  return {
    back: `/partnerships/${partnership.slug}/moderation`,
    letter: letter.content,
    sent: new URL(request.url).searchParams.get("sent") === "1",
  };
}

export default function PanelLetter() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={d.back} text="Back to moderation" />
        {d.sent ? (
          <NotificationBanner type="success" titleText="Success">
            <p className="govuk-notification-banner__heading">The review is complete and the letter is on its way to the setting</p>
          </NotificationBanner>
        ) : null}
        <LetterBody letter={d.letter} headingLevel="h1" />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
