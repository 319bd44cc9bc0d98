// The feedback letter as the setting reads and prints it, and as the panel previews it before
// sending: drawn from the letter's frozen content only.
import { THEME_LABELS } from "~/domain/action-themes";
import type { LetterContent } from "~/domain/moderation/letters.server";
import { RATING_LABELS } from "~/domain/ratings";
import { formatDate } from "~/forms";
import { CHALLENGE_STATUS_LABELS } from "~/domain/moderation/review-words";
import type { Rating } from "../../db/schema";

const ratingText = (r: Rating | null) => (r ? RATING_LABELS[r] : "No rating");

/** The letter as the setting reads and prints it (and the panel previews it). */
export function FeedbackLetter({ letter, headingLevel = "h2" }: { letter: LetterContent; headingLevel?: "h1" | "h2" }) {
  const Title = headingLevel;
  const Sub = headingLevel === "h1" ? "h2" : "h3";
  return (
    <article className="app-letter">
      <span className="govuk-caption-l">{letter.cycleName}</span>
      <Title className={headingLevel === "h1" ? "govuk-heading-l" : "govuk-heading-m"}>Moderation feedback: {letter.settingName}</Title>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Outcome</dt>
          <dd className="govuk-summary-list__value">{letter.outcomeLabel}</dd>
        </div>
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Return reviewed</dt>
          <dd className="govuk-summary-list__value">Version {letter.versionNumber}</dd>
        </div>
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Completed by</dt>
          <dd className="govuk-summary-list__value">
            {letter.completedBy} on {formatDate(letter.completedAt)}
          </dd>
        </div>
      </dl>
      {letter.summary ? <p className="govuk-body app-pre-line">{letter.summary}</p> : null}
      <Sub className="govuk-heading-m">Ratings</Sub>
      <table className="govuk-table">
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Standard
            </th>
            <th scope="col" className="govuk-table__header">
              Your rating
            </th>
            <th scope="col" className="govuk-table__header">
              Moderated rating
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {letter.standards.map((s) => (
            <tr className="govuk-table__row" key={s.code}>
              <th scope="row" className="govuk-table__header">
                {s.code} {s.title}
              </th>
              <td className="govuk-table__cell">{ratingText(s.selfAssessed)}</td>
              <td className="govuk-table__cell">
                {ratingText(s.moderated)}
                {s.verdict === "revised" ? <span className="govuk-body-s app-pre-line">{`\n${s.reason}`}</span> : " (agreed)"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Sub className="govuk-heading-m">Challenges</Sub>
      {letter.challenges.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {letter.challenges.map((c, i) => (
            <li key={i}>
              Standard {c.standardCode}: {CHALLENGE_STATUS_LABELS[c.status] ?? c.status}
              {c.resolution ? `. ${c.resolution}` : ""}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">The panel raised no challenges.</p>
      )}
      <Sub className="govuk-heading-m">Actions the panel added to the plan</Sub>
      {letter.actions.length ? (
        <ul className="govuk-list govuk-list--bullet">
          {letter.actions.map((a, i) => (
            <li key={i}>
              {a.standardCode ? `Standard ${a.standardCode}: ` : ""}
              {a.description} ({THEME_LABELS[a.theme]}, owner {a.owner}
              {a.dueOn ? `, due ${formatDate(a.dueOn)}` : ""})
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">The panel added no actions.</p>
      )}
    </article>
  );
}

