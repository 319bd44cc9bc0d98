import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getCurrentUser } from "./auth/guards.server";
import { devEmailPageOpen } from "./http/dev-email-page.server";
import { useNonce } from "./nonce";
import { PageMeta } from "./page-meta";

export const SERVICE_NAME = "Safeguarding self-assessment";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/styles/application.css" },
  { rel: "icon", href: "/assets/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: SERVICE_NAME }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  return {
    user: user ? { name: user.name } : null,
    devEmails: devEmailPageOpen(request),
  };
}

function Frame({ children, signedIn, devEmails }: { children: ReactNode; signedIn: boolean; devEmails: boolean }) {
  const nonce = useNonce();
  return (
    <html lang="en" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#0b0c0c" />
        <PageMeta />
        <Links />
      </head>
      <body className="govuk-template__body" suppressHydrationWarning>
        <script
          nonce={nonce}
          dangerouslySetInnerHTML={{
            __html:
              "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <header className="govuk-service-navigation" data-module="govuk-service-navigation">
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <span className="govuk-service-navigation__service-name">
                <Link to={signedIn ? "/home" : "/"} className="govuk-service-navigation__link">
                  {SERVICE_NAME}
                </Link>
              </span>
              <nav aria-label="Account" className="govuk-service-navigation__wrapper">
                <ul className="govuk-service-navigation__list" id="navigation">
                  {signedIn ? (
                    <>
                      <li className="govuk-service-navigation__item">
                        <Link className="govuk-service-navigation__link" to="/home">
                          Your work
                        </Link>
                      </li>
                      <li className="govuk-service-navigation__item">
                        <Form method="post" action="/sign-out" className="app-inline-form">
                          <button type="submit" className="govuk-service-navigation__link app-link-button">
                            Sign out
                          </button>
                        </Form>
                      </li>
                    </>
                  ) : (
                    <li className="govuk-service-navigation__item">
                      <Link className="govuk-service-navigation__link" to="/sign-in">
                        Sign in
                      </Link>
                    </li>
                  )}
                  {devEmails ? (
                    <li className="govuk-service-navigation__item">
                      <Link className="govuk-service-navigation__link" to="/dev/emails">
                        Emails sent (development)
                      </Link>
                    </li>
                  ) : null}
                </ul>
              </nav>
            </div>
          </div>
        </header>
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content" role="main">
            {children}
          </main>
        </div>
        <footer className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <p className="govuk-body-s">
                  A service of your local safeguarding children partnership for section 175, 157 and 11
                  self-assessments.
                </p>
              </div>
            </div>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
        <script
          type="module"
          nonce={nonce}
          dangerouslySetInnerHTML={{
            __html: "import { initAll } from '/assets/govuk-frontend.min.js'; initAll();",
          }}
        />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Frame signedIn={Boolean(data.user)} devEmails={data.devEmails}>
      <Outlet />
    </Frame>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Frame signedIn={Boolean(data?.user)} devEmails={Boolean(data?.devEmails)}>
      <ErrorPage error={error} />
    </Frame>
  );
}

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
