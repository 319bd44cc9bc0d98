import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { portalCookies } from "~/auth/cookies.server";

export const meta: MetaFunction = () => [{ title: "Cookies – Safeguarding self-assessment" }];

export function loader() {
  return { cookies: portalCookies() };
}

export default function CookiesPage() {
  const { cookies } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Cookies</h1>
        <p className="govuk-body">
          Cookies are small files saved on your phone, tablet or computer when you visit a website.
        </p>
        <p className="govuk-body">
          This service uses only the cookies it needs to work: to keep you signed in and to finish signing you in. We
          do not use cookies to measure how you use the service, to remember your choices or for advertising, and no
          other website sets cookies through this one. Because these cookies are essential, we do not ask you to
          accept them.
        </p>
        <h2 className="govuk-heading-m">Essential cookies</h2>
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">The cookies this service sets</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Purpose
              </th>
              <th scope="col" className="govuk-table__header">
                Expires
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {cookies.map((cookie) => (
              <tr className="govuk-table__row" key={cookie.name}>
                <th scope="row" className="govuk-table__header">
                  <code className="app-break-anywhere">{cookie.name}</code>
                </th>
                <td className="govuk-table__cell">{cookie.purpose}</td>
                <td className="govuk-table__cell">{cookie.expires}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="govuk-body">
          No script on a page can read them (they are HttpOnly), and your browser does not send them with a form
          another website posts to this one, or with anything another website loads from it in the background
          (SameSite=Lax).
        </p>
      </div>
    </div>
  );
}
