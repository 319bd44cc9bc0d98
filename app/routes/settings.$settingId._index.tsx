import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { partnershipReturnsPath, requireSettingAccess } from "~/access/setting-access.server";
import { can } from "~/auth/permissions";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { listChallengesForSetting, settingChallengePath } from "~/domain/moderation/challenges.server";
import { STAGE_FOR_SETTING } from "~/domain/moderation/challenge-rules";
import { getDb } from "~/db.server";
import { ACTION_STATUS_LABELS, isOverdueAction, THEME_LABELS } from "~/domain/action-themes";
import { londonIsoDate } from "~/dates";
import { openChallengeCount } from "~/domain/challenges.server";
import { listSettingLetters } from "~/domain/moderation/letters.server";
import { getSettingOverview } from "~/domain/setting-overview.server";
import { RETURN_STATUS } from "~/domain/return-status";
import { formatDate } from "~/forms";
import { awaitsSetting, canMove, cycleIsOpen } from "~/domain/return-lifecycle";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.setting.name ?? "Your setting"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireSettingAccess(request, params, "setting.view");
  const db = await getDb();
  const overview = await getSettingOverview(db, access);
  if (!overview) throw new Response("Not found", { status: 404 });
  const current = overview.returns.find((r) => cycleIsOpen(r.cycle)) ?? null;
  const earlier = overview.returns.filter((r) => r !== current && r.versions.length > 0);
  return {
    setting: { id: overview.setting.id, name: overview.setting.name, urn: overview.setting.urn, basis: overview.setting.basis },
    current: current && {
      id: current.ret.id,
      status: current.ret.status,
      cycleName: current.cycle.name,
      cycleKind: current.cycle.kind,
      // Its own due date when the business unit gave it longer.
      dueOn: current.ret.dueOn ?? current.cycle.dueOn,
      versions: current.versions.map((v) => v.number),
    },
    earlier: earlier.map((r) => ({ id: r.ret.id, cycleName: r.cycle.name, versions: r.versions.map((v) => ({ number: v.number, submittedAt: v.submittedAt.toISOString() })) })),
    openActions: overview.openActions.map((a) => ({
      id: a.id,
      description: a.description,
      theme: a.theme,
      owner: a.owner,
      dueOn: a.dueOn,
      status: a.status,
      overdue: isOverdueAction(a, londonIsoDate()),
    })),
    openChallenges: await openChallengeCount(db, access),
    // The panel's questions the setting still has something to do on: answer, or resubmit.
    challenges: (await listChallengesForSetting(db, access))
      .filter((c) => c.stage === "awaiting_answer" || c.stage === "awaiting_resubmission")
      .map((c) => ({ href: settingChallengePath(c, access.settingId), code: c.standardCode, title: c.standardTitle, stage: STAGE_FOR_SETTING[c.stage], answerBy: c.stage === "awaiting_answer" ? c.respondBy : null })),
    letters: (await listSettingLetters(db, access)).map((l) => ({ id: l.id, cycleName: l.cycleName, outcomeLabel: l.outcomeLabel, sentAt: l.sentAt.toISOString() })),
    mayEdit: access.may.edit,
    mayNominateDsl: can(access.user.grants, "setting.nominateDsl", { partnershipId: access.partnershipId, settingId: access.settingId }),
    // A partnership's reader (an administrator) came here from its list of returns.
    backToReturns: access.may.edit ? null : partnershipReturnsPath(access),
  };
}

export default function SettingHome() {
  const { setting, current, earlier, openActions, openChallenges, challenges, letters, mayEdit, mayNominateDsl, backToReturns } = useLoaderData<typeof loader>();
  const base = `/settings/${setting.id}/returns`;
  return (
    <>
      {backToReturns ? <BackLink href={backToReturns} text="Back to returns" /> : null}
      <span className="govuk-caption-l">
        {setting.urn ? `URN ${setting.urn} · ` : ""}Section {setting.basis.slice(1)} {setting.basis === "s11" ? "Children Act 2004" : "Education Act 2002"}
      </span>
      <h1 className="govuk-heading-l">{setting.name}</h1>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">This year&apos;s self-assessment</h2>
          {current ? (
            <>
              <dl className="govuk-summary-list">
                <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
                  <dt className="govuk-summary-list__key">Audit</dt>
                  <dd className="govuk-summary-list__value">
                    {current.cycleName}
                    {current.cycleKind === "interim" ? " (interim update)" : ""}
                  </dd>
                </div>
                <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
                  <dt className="govuk-summary-list__key">Status</dt>
                  <dd className="govuk-summary-list__value">
                    <Tag {...RETURN_STATUS[current.status]} />
                  </dd>
                </div>
                <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
                  <dt className="govuk-summary-list__key">Due</dt>
                  <dd className="govuk-summary-list__value">{formatDate(current.dueOn)}</dd>
                </div>
              </dl>
              {mayEdit && canMove(current.status, "start", "setting") ? (
                // A link to the return, announced as one: starting is the button on the return's own page.
                <Button href={`${base}/${current.id}`} attributes={{ role: "link" }}>
                  Start your return
                </Button>
              ) : (
                <p className="govuk-body">
                  <Link className="govuk-link govuk-!-font-weight-bold" to={`${base}/${current.id}`}>
                    {!mayEdit ? "View the return" : awaitsSetting(current.status) ? "Continue your return" : "View your return"}
                  </Link>
                </p>
              )}
            </>
          ) : (
            <p className="govuk-body">There is no open audit for {mayEdit ? "your" : "this"} setting at the moment.</p>
          )}
          {challenges.length > 0 ? (
            <div className="govuk-inset-text">
              {openChallenges > 0 ? (
                <p className="govuk-body">
                  The moderation panel has {openChallenges} {openChallenges === 1 ? "question" : "questions"} about{" "}
                  {mayEdit ? "your return waiting for your answer" : "the return waiting for the setting's answer"}.
                </p>
              ) : (
                <p className="govuk-body">
                  {mayEdit ? "You have" : "The setting has"} answered the moderation panel: the return must be signed off and submitted again.
                </p>
              )}
              <ul className="govuk-list govuk-!-margin-bottom-0">
                {challenges.map((c) => (
                  <li key={c.href}>
                    <Link className="govuk-link" to={c.href}>
                      {`Standard ${c.code}: ${c.title}`}
                    </Link>{" "}
                    <Tag {...c.stage} />
                    {c.answerBy ? ` Answer by ${formatDate(c.answerBy)}.` : ""}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          {letters.length ? (
            <>
              <h2 className="govuk-heading-m">Moderation feedback</h2>
              <ul className="govuk-list">
                {letters.map((l) => (
                  <li key={l.id}>
                    <Link className="govuk-link" to={`/settings/${setting.id}/letters/${l.id}`}>
                      {l.cycleName}: {l.outcomeLabel.toLowerCase()}
                    </Link>{" "}
                    (sent {formatDate(l.sentAt)})
                  </li>
                ))}
              </ul>
            </>
          ) : null}

          <h2 className="govuk-heading-m">Outstanding actions</h2>
          {openActions.length ? (
            <Table
              head={["Action", "Theme", "Due", "Status"]}
              rows={openActions.map((a) => [
                <span key="d" className="govuk-!-font-weight-regular">{a.description}</span>,
                THEME_LABELS[a.theme],
                a.dueOn ? (
                  <span key="due">
                    {formatDate(a.dueOn)}
                    {a.overdue ? (
                      <>
                        {" "}
                        <Tag text="Overdue" colour="red" />
                      </>
                    ) : null}
                  </span>
                ) : (
                  "No date"
                ),
                ACTION_STATUS_LABELS[a.status],
              ])}
            />
          ) : (
            <p className="govuk-body">{mayEdit ? "You have" : "The setting has"} no outstanding actions.</p>
          )}
          <p className="govuk-body">
            <Link className="govuk-link" to={`/settings/${setting.id}/actions`}>
              {mayEdit ? "See and update your action plan" : "See the setting's action plan"}
            </Link>
            , with every action from earlier returns and how each has progressed.
          </p>
          <p className="govuk-body">
            <Link className="govuk-link" to={`/settings/${setting.id}/people`}>
              People who work on the return
            </Link>
            {mayNominateDsl ? ": name a new designated safeguarding lead when yours leaves." : "."}
          </p>

          <h2 className="govuk-heading-m">Earlier returns</h2>
          {earlier.length ? (
            <ul className="govuk-list">
              {earlier.map((r) => (
                <li key={r.id}>
                  {r.cycleName}:{" "}
                  {r.versions.map((v, i) => (
                    <span key={v.number}>
                      {i > 0 ? ", " : ""}
                      <Link className="govuk-link" to={`${base}/${r.id}/versions/${v.number}`}>
                        version {v.number}
                        <span className="govuk-visually-hidden"> of {r.cycleName}</span>
                      </Link>{" "}
                      ({formatDate(v.submittedAt)})
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          ) : (
            <p className="govuk-body">No earlier returns.</p>
          )}
        </div>
      </div>
    </>
  );
}
