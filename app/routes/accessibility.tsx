import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { inWords } from "~/auth/cookies.server";
import { Configured, ConfiguredEmail } from "~/components/NotSet";
import { getConfig } from "~/env.server";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Safeguarding self-assessment" }];

// Change these when the statement is reviewed: the regulations ask for the dates to be true.
const PREPARED_ON = "1 December 2026";
const REVIEWED_ON = "1 December 2026";

export function loader() {
  const config = getConfig();
  return {
    baseUrl: config.baseUrl,
    about: config.about,
    idle: inWords(config.session.idleMinutes),
    absolute: inWords(config.session.absoluteHours * 60),
  };
}

export default function AccessibilityStatement() {
  const data = useLoaderData<typeof loader>();
  const organisation = <Configured value={data.about.dataController} variable="DATA_CONTROLLER" />;
  const contact = <ConfiguredEmail value={data.about.accessibilityContactEmail} variable="ACCESSIBILITY_CONTACT_EMAIL or SERVICE_CONTACT_EMAIL" />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Accessibility statement for Safeguarding self-assessment</h1>
        <p className="govuk-body">
          This accessibility statement applies to the Safeguarding self-assessment service at {data.baseUrl}.
        </p>
        <p className="govuk-body">
          This service is run by {organisation}. We want as many people as possible to be able to use it. It is built
          from the GOV.UK Design System&apos;s components, which are designed so that you can:
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>change colours, contrast levels and fonts using browser or device settings</li>
          <li>zoom in up to 400% without the text spilling off the screen</li>
          <li>get around the service using just a keyboard or speech recognition software</li>
          <li>listen to the service using a screen reader</li>
        </ul>
        <p className="govuk-body">Every part of the service works without JavaScript.</p>
        <p className="govuk-body">
          <a className="govuk-link" href="https://mcmw.abilitynet.org.uk/">
            AbilityNet
          </a>{" "}
          has advice on making your device easier to use if you have a disability.
        </p>

        <h2 className="govuk-heading-m">How accessible this service is</h2>
        <p className="govuk-body">We know some parts of this service are not fully accessible:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            you are signed out after {data.idle} without using the service, and {data.absolute} after you signed in,
            without a warning first and with no way to ask for more time (anything you send after that is kept and
            offered back once you sign in again)
          </li>
        </ul>
        <p className="govuk-body">
          The service has been checked only by automated tests (see below). It has not yet been audited by hand or
          tested by people who use assistive technology, so there may be problems we have not found.
        </p>

        <h2 className="govuk-heading-m">Feedback and contact information</h2>
        <p className="govuk-body">
          If you need information on this service in a different format, such as accessible PDF, large print, easy
          read, audio recording or braille, email {contact}. We will consider your request and get back to you.
        </p>

        <h2 className="govuk-heading-m">Reporting accessibility problems with this service</h2>
        <p className="govuk-body">
          We are always looking to improve the accessibility of this service. If you find any problems not listed on
          this page or think we are not meeting accessibility requirements, email {contact}.
        </p>

        <h2 className="govuk-heading-m">Enforcement procedure</h2>
        <p className="govuk-body">
          The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the &lsquo;accessibility
          regulations&rsquo;). If you are not happy with how we respond to your complaint, contact the{" "}
          <a className="govuk-link" href="https://www.equalityadvisoryservice.com/">
            Equality Advisory and Support Service (EASS)
          </a>
          .
        </p>
        <p className="govuk-body">
          If you are in Northern Ireland and are not happy with how we respond to your complaint you can contact the{" "}
          <a className="govuk-link" href="https://www.equalityni.org/Home">
            Equality Commission for Northern Ireland
          </a>{" "}
          who are responsible for enforcing the accessibility regulations in Northern Ireland.
        </p>

        <h2 className="govuk-heading-m">Technical information about this service&apos;s accessibility</h2>
        <p className="govuk-body">
          {organisation} is committed to making this service accessible, in accordance with the Public Sector Bodies
          (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.
        </p>

        <h3 className="govuk-heading-s">Compliance status</h3>
        <p className="govuk-body">
          This service is partially compliant with the{" "}
          <a className="govuk-link" href="https://www.w3.org/TR/WCAG22/">
            Web Content Accessibility Guidelines version 2.2
          </a>{" "}
          AA standard, due to the non-compliances listed below.
        </p>

        <h3 className="govuk-heading-s">Non-accessible content</h3>
        <p className="govuk-body">The content listed below is non-accessible for the following reasons.</p>
        <h4 className="govuk-heading-s">Non-compliance with the accessibility regulations</h4>
        <p className="govuk-body">
          The time limits on being signed in ({data.idle} without activity, {data.absolute} in all) cannot be turned
          off, adjusted or extended, and there is no warning before they end. This fails WCAG 2.2 success criterion
          2.2.1 (Timing Adjustable). The limits protect safeguarding information on shared and unattended computers;
          what you send after being signed out is kept for you.
        </p>

        <h3 className="govuk-heading-s">Disproportionate burden</h3>
        <p className="govuk-body">We are not claiming disproportionate burden for any part of this service.</p>

        <h3 className="govuk-heading-s">Content that&apos;s not within the scope of the accessibility regulations</h3>
        <p className="govuk-body">We know of no content in this service that is outside their scope.</p>

        <h2 className="govuk-heading-m">Preparation of this accessibility statement</h2>
        <p className="govuk-body">
          This statement was prepared on {PREPARED_ON}. It was last reviewed on {REVIEWED_ON}.
        </p>
        <p className="govuk-body">
          The service is tested on every change by its developers, with automated tests only: the axe-core checker
          tests the pages its browser tests visit against WCAG 2.2 AA in Chromium, with JavaScript on and with it
          off. Automated
          checks find only some accessibility problems. No manual audit has been done, and the service has not been
          tested with screen readers or other assistive technology.
        </p>
      </div>
    </div>
  );
}
