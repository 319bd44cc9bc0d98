import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { inWords } from "~/auth/cookies.server";
import { EXPIRED_SESSION_KEPT_HOURS } from "~/auth/sessions.server";
import { KEPT_FORM_HOURS } from "~/auth/kept-forms.server";
import { Configured, ConfiguredEmail } from "~/components/NotSet";
import { getConfig } from "~/env.server";

export const meta: MetaFunction = () => [{ title: "Privacy notice – Safeguarding self-assessment" }];

const EMAIL_ROUTE = {
  notify: "through GOV.UK Notify, a government service that delivers email on our behalf",
  smtp: "through the installation's own mail server",
  file: "nowhere: this installation writes emails to files on its own server instead of sending them (a demonstration or test installation)",
} as const;

export function loader() {
  const config = getConfig();
  return {
    about: config.about,
    linkMinutes: config.signIn.linkMinutes,
    idle: inWords(config.session.idleMinutes),
    absolute: inWords(config.session.absoluteHours * 60),
    emailRoute: EMAIL_ROUTE[config.mail.transport],
    expiredSessionKept: inWords(EXPIRED_SESSION_KEPT_HOURS * 60),
    keptForm: inWords(KEPT_FORM_HOURS * 60),
  };
}

export default function PrivacyNotice() {
  const data = useLoaderData<typeof loader>();
  const controller = <Configured value={data.about.dataController} variable="DATA_CONTROLLER" />;
  const contact = <ConfiguredEmail value={data.about.serviceContactEmail} variable="SERVICE_CONTACT_EMAIL" />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Privacy notice</h1>
        <p className="govuk-body">
          This notice explains what personal information the safeguarding self-assessment service holds, why, who can
          see it and how long it is kept.
        </p>

        <h2 className="govuk-heading-m">Who is responsible for your information</h2>
        <p className="govuk-body">The data controller for the information in this service is {controller}.</p>
        <p className="govuk-body">For questions about this notice or your information, contact {contact}.</p>

        <h2 className="govuk-heading-m">What we hold</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            your name, your email address and your roles: for example designated safeguarding lead or headteacher of
            a setting, member of the moderation panel, or the partnership&apos;s business unit, and the settings you
            hold them for
          </li>
          <li>
            the self-assessment returns you and your colleagues write: ratings, evidence, notes, the action plan, the
            name and job title of the person who signs a return off, and a copy of each return as submitted
          </li>
          <li>the moderation panel&apos;s judgements and challenges on returns, and the answers to them</li>
          <li>
            a log of what was done in the service, by whom and when: for example signing in (and attempts that
            failed), inviting someone, changing or submitting a return, and pages someone was refused. Many entries
            record the internet (IP) address the request came from
          </li>
          <li>
            a copy of every email the service sends (sign-in links, invitations, receipts), with the address it was
            sent to and whether it was delivered
          </li>
        </ul>
        <p className="govuk-body">
          There are no passwords. To sign in you ask for a link, which we email to you; it works once, for{" "}
          {data.linkMinutes} minutes. We store only a scrambled form of the link&apos;s code. To stop anyone sending
          many links, we count requests by internet address and by a scrambled form of the email address for a day.
        </p>

        <h2 className="govuk-heading-m">Why we hold it</h2>
        <p className="govuk-body">
          Settings complete these self-assessments for the local safeguarding children partnership under section 175
          and section 157 of the Education Act 2002 and section 11 of the Children Act 2004, as part of the
          partnership&apos;s safeguarding arrangements under the Children Act 2004. The information is used to run
          the assessments, check them and follow up their actions. The lawful basis is public task (Article 6(1)(e)
          of the UK General Data Protection Regulation). The log is kept to show who did what, and to protect the
          service from misuse.
        </p>

        <h2 className="govuk-heading-m">Who can see it</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>the designated safeguarding lead and the signatory of a setting see that setting&apos;s returns and action plan</li>
          <li>the partnership&apos;s business unit sees every setting&apos;s returns, and the people and their roles</li>
          <li>the moderation panel sees submitted returns</li>
          <li>education subgroup chairs see the partnership&apos;s register of settings</li>
        </ul>
        <p className="govuk-body">
          Nobody in one partnership sees another partnership&apos;s information. Emails leave {data.emailRoute}.
        </p>

        <h2 className="govuk-heading-m">How long we keep it</h2>
        <p className="govuk-body">
          Returns, action plans, moderation records, the log and the copies of emails are kept for{" "}
          <Configured value={data.about.retentionPeriod} variable="RETENTION_PERIOD" />. The service does not delete
          them by itself when that time is up: the installation&apos;s administrator does.
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            you are signed out after {data.idle} without using the service, or {data.absolute} after signing in; the
            record of a sign-in that ran out is removed {data.expiredSessionKept} later, and at once when you sign out
          </li>
          <li>sign-in links are removed a week after they expire</li>
          <li>a form sent after you were signed out is kept for {data.keptForm}, to offer it back to you</li>
        </ul>
        <p className="govuk-body">
          This service uses only essential cookies. <Link className="govuk-link" to="/cookies">Read about the cookies we use</Link>.
        </p>

        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          You can ask for a copy of the information we hold about you, and ask for it to be corrected. You may also
          be able to ask for it to be deleted or for its use to be restricted, or object to its use. Contact{" "}
          {contact}.
        </p>
        <p className="govuk-body">
          If you are unhappy with how your information is handled, you can complain to the{" "}
          <a className="govuk-link" href="https://ico.org.uk/make-a-complaint/">
            Information Commissioner&apos;s Office
          </a>
          .
        </p>
      </div>
    </div>
  );
}
