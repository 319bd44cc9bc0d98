import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { placesOf } from "~/auth/places";

export const meta: MetaFunction = () => [{ title: "Your work – Safeguarding self-assessment" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const places = placesOf(user.grants);
  // Most people work in one place: take them straight there.
  if (places.length === 1) throw redirect(places[0].href);
  return { name: user.name, places };
}

export default function Home() {
  const { name, places } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Choose where you are working</h1>
        {places.length === 0 ? (
          <p className="govuk-body">
            Your account has no roles at the moment. Contact your partnership&apos;s business unit to be given access.
          </p>
        ) : (
          <ul className="govuk-list govuk-list--spaced">
            {places.map((p) => (
              <li key={p.href}>
                <Link className="govuk-link govuk-!-font-weight-bold" to={p.href}>
                  {p.title}
                </Link>
                <br />
                <span className="govuk-body-s">
                  {p.roles.join(", ")}
                  {p.title !== p.partnership ? ` – ${p.partnership}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
