// The words for a page that failed, shown by the root error boundary and each route's own.
import { Link, isRouteErrorResponse } from "@remix-run/react";

/** Plain words for each kind of failure; never a stack trace. */
export function ErrorPage({ error }: { error: unknown }) {
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 403)) {
    return error.status === 404 ? (
      <>
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/home">
            Go to your work
          </Link>
        </p>
      </>
    ) : (
      <>
        <h1 className="govuk-heading-l">You do not have access to this page</h1>
        <p className="govuk-body">
          Your account does not have the role needed for this page. If you think it should, contact your
          partnership&apos;s business unit.
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/home">
            Go to your work
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem with the service</h1>
      <p className="govuk-body">Try again later. Anything you had already saved has been kept.</p>
      <p className="govuk-body">If the problem continues, contact your partnership&apos;s business unit.</p>
    </>
  );
}
