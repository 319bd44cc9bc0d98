import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { getCurrentUser } from "./auth/guards.server";
import { ErrorPage } from "./components/ErrorPage";
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

function Frame({ children, userName, devEmails }: { children: ReactNode; userName: string | null; devEmails: boolean }) {
  const nonce = useNonce();
  const signedIn = userName !== null;
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
                        <span className="govuk-service-navigation__text">Signed in as {userName}</span>
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
                <h2 className="govuk-visually-hidden">Support links</h2>
                <ul className="govuk-footer__inline-list">
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/accessibility">
                      Accessibility statement
                    </Link>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/privacy">
                      Privacy
                    </Link>
                  </li>
                  <li className="govuk-footer__inline-list-item">
                    <Link className="govuk-footer__link" to="/cookies">
                      Cookies
                    </Link>
                  </li>
                </ul>
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
    <Frame userName={data.user?.name ?? null} devEmails={data.devEmails}>
      <Outlet />
    </Frame>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Frame userName={data?.user?.name ?? null} devEmails={Boolean(data?.devEmails)}>
      <ErrorPage error={error} />
    </Frame>
  );
}
