import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { requireSettingAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { ErrorPage } from "~/components/ErrorPage";
import { getDb } from "~/db.server";
import { loadLetter } from "~/domain/moderation/letters.server";
import { FeedbackLetter as LetterBody } from "~/components/FeedbackLetter";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Moderation feedback: ${data?.letter.settingName ?? "Letter"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireSettingAccess(request, params, "setting.view");
  const letter = await loadLetter(await getDb(), { partnershipId: access.partnershipId, settingId: access.settingId, letterId: params.letterId ?? "" });
  if (!letter) throw new Response("Not found", { status: 404 });
  return { settingId: access.settingId, letter: letter.content };
}

export default function SettingLetter() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink href={`/settings/${d.settingId}`} text="Back to your setting" />
        <LetterBody letter={d.letter} headingLevel="h1" />
        <p className="govuk-body app-no-print">Use your browser&apos;s print option to print this letter or save it as a PDF.</p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
