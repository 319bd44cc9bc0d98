import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useBlocker, useFetcher, useLoaderData } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { takeKeptForm } from "~/auth/kept-forms.server";
import { requireReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { CharacterCount } from "~/components/CharacterCount";
import { ErrorSummary } from "~/components/ErrorSummary";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Radios } from "~/components/Radios";
import { Tag } from "~/components/Tag";
import { WarningText } from "~/components/WarningText";
import { getDb } from "~/db.server";
import { evidenceWarning, isUnsupportedExceeds, RATING_HINTS, RATING_LABELS, RATINGS } from "~/domain/ratings";
import { standardsNeedingAnAction } from "~/domain/action-nudges";
import { loadActions } from "~/domain/action-plans.server";
import { returnPath } from "~/domain/return-context.server";
import { findEarlierAnswers } from "~/domain/return-versions.server";
import { answerFingerprint, loadAnswers, saveAnswers, type AnswerConflict } from "~/domain/returns.server";
import { formatDateTime, formatTime, formValues } from "~/forms";
import type { Rating } from "../../db/schema";
import { fieldId } from "~/domain/return-progress";
import { MAX_EVIDENCE, MAX_NOTES, parseSectionForm } from "~/domain/section-form.server";
import { awaitsSetting, isOpenForChanges, mayChangeStandard } from "~/domain/return-lifecycle";
import { refusal } from "~/http/domain-errors.server";
import { documentsByStandard, listReturnDocuments } from "~/domain/evidence-documents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.section.code}. ${data?.section.title ?? "Section"} – Safeguarding self-assessment` },
];

/**
 * Where "Save and continue" goes instead of the next section. Only check your answers, named by a
 * word and never by a path the browser sends, so nothing can send the person elsewhere.
 */
function returnToOf(value: unknown): "check" | null {
  return value === "check" ? "check" : null;
}

async function loadSection(request: Request, params: LoaderFunctionArgs["params"], permission: "setting.view" | "return.edit") {
  const access = await requireReturnAccess(request, params, permission);
  const { ctx } = access;
  const index = ctx.framework.sections.findIndex((s) => s.id === params.sectionId);
  if (index < 0) throw new Response("Not found", { status: 404 });
  const db = await getDb();
  const answers = (await loadAnswers(db, ctx)).filter((a) => a.sectionId === params.sectionId);
  return { ...access, db, section: ctx.framework.sections[index], next: ctx.framework.sections[index + 1] ?? null, answers };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { ctx, db, section, next, answers, may, user } = await loadSection(request, params, "setting.view");
  const earlier =
    ctx.ret.startedFromReturnId || awaitsSetting(ctx.ret.status)
      ? await findEarlierAnswers(
          db,
          ctx,
          answers.map((a) => a.code),
        )
      : null;
  const previousByCode = new Map((earlier?.answers ?? []).map((a) => [a.code, a]));
  const documents = documentsByStandard(await listReturnDocuments(db, ctx));
  const kept = await takeKeptForm(db, request, user);
  const url = new URL(request.url);
  const codes = new Set(answers.map((a) => a.code));
  // The actions naming this section's standards, for the nudge about a rating below Met with
  // nothing planned (worked out again in the browser as ratings change).
  const actions = (await loadActions(db, ctx))
    .filter((a) => a.standardCode && codes.has(a.standardCode))
    .map((a) => ({ standardCode: a.standardCode, status: a.status, update: a.update ? { status: a.update.status } : null }));
  return {
    path: returnPath(ctx),
    settingName: ctx.setting.name,
    cycleName: ctx.cycle.name,
    section: { id: section.id, code: section.code, title: section.title },
    nextSectionId: next?.id ?? null,
    editable: isOpenForChanges(ctx.editable) && may.edit,
    // An administrator reads the section: the page speaks of the setting, not to it.
    reader: !may.edit,
    earlierCycleName: earlier?.cycleName ?? null,
    kept: kept ? Object.fromEntries(Object.entries(kept.values).map(([k, v]) => [k, v[0] ?? ""])) : null,
    savedBanner: url.searchParams.get("saved") === "1",
    returnTo: returnToOf(url.searchParams.get("returnTo")),
    limits: { evidence: MAX_EVIDENCE, notes: MAX_NOTES },
    actions,
    standards: answers.map((a) => {
      const previous = previousByCode.get(a.code);
      return {
        standardId: a.standardId,
        code: a.code,
        title: a.title,
        guidance: a.guidance,
        allowsNotApplicable: a.allowsNotApplicable,
        // A return reopened by the moderation panel's challenge changes only the challenged standards.
        changeable: mayChangeStandard(ctx.editable, a.code),
        rating: a.rating,
        evidence: a.evidence,
        notes: a.notes,
        revision: a.revision,
        fingerprint: answerFingerprint(a),
        carriedForward: a.review === "carried_forward",
        unsupportedExceeds: isUnsupportedExceeds(a.rating, a.evidence),
        evidenceWarning: evidenceWarning(a.rating, a.evidence),
        previous: previous ? { rating: previous.rating, evidence: previous.evidence } : null,
        documents: (documents.get(a.standardId) ?? []).map((d) => ({ documentId: d.documentId, fileName: d.fileName, carriedForward: d.carriedForward })),
      };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { ctx, db, section, next, answers, user } = await loadSection(request, params, "return.edit");
  const form = await request.formData();
  // Only the standards that may change are in the form (the rest are shown, not posted).
  const parsed = parseSectionForm(
    form,
    answers.filter((a) => mayChangeStandard(ctx.editable, a.code)),
  );
  const typed = formValues(form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, conflicts: [] as AnswerConflict[], saved: false }, { status: 400 });
  let result;
  try {
    result = await saveAnswers(db, ctx, {
      entries: parsed.entries,
      actor: { id: user.id, name: user.name },
      // Pressing "Save and continue" on the page confirms the carried-forward answers it showed.
      confirmUnchanged: parsed.intent === "continue",
    });
  } catch (error) {
    return refusal(error, (refused) => ({ errors: { form: refused.message }, values: typed, conflicts: [] as AnswerConflict[], saved: false }));
  }
  if (!result.ok) {
    const errors: Record<string, string> = {};
    for (const c of result.conflicts)
      errors[fieldId("evidence", c.code)] =
        `${c.stored.updatedBy ?? "Someone else"} saved standard ${c.code} while you were editing it. Compare the two versions below, then save again`;
    return data({ errors, values: typed, conflicts: result.conflicts, saved: false }, { status: 409 });
  }
  if (parsed.intent === "autosave") {
    // What the form now holds is what the server holds (or, for a standard left alone, what it
    // was based on): the next save is judged against these.
    const fingerprints = Object.fromEntries(parsed.entries.map((e) => [e.standardId, answerFingerprint(e)]));
    return {
      errors: {} as Record<string, string>,
      values: {},
      conflicts: [] as AnswerConflict[],
      saved: true,
      revisions: result.revisions,
      fingerprints,
      savedAt: new Date().toISOString(),
    };
  }
  const base = returnPath(ctx);
  if (parsed.intent === "later") throw redirect(base);
  // Warn (never block) before moving on about a thin "Exceeds", or Met or Exceeds with no evidence.
  const thin = parsed.entries.some((e) => evidenceWarning(e.rating, e.evidence) !== null);
  // Changing an answer from check your answers goes back there (GOV.UK's check answers pattern).
  const returnTo = returnToOf(form.get("returnTo"));
  if (thin) throw redirect(`${base}/sections/${section.id}?saved=1${returnTo ? `&returnTo=${returnTo}` : ""}`);
  throw redirect(returnTo === "check" ? `${base}/check` : next ? `${base}/sections/${next.id}` : base);
}

type Standard = ReturnType<typeof useLoaderData<typeof loader>>["standards"][number];

export default function SectionPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fetcher = useFetcher<typeof action>();
  const formRef = useRef<HTMLFormElement>(null);
  const values: Record<string, string> = { ...(d.kept ?? {}), ...((result?.values as Record<string, string>) ?? {}) };
  const conflicts = new Map((result?.conflicts ?? []).map((c) => [c.standardId, c]));
  const errors = (result?.errors ?? {}) as Record<string, string>;

  // What each standard's form is based on moves on with every autosave; the hidden inputs must
  // follow or the next save conflicts. After a conflict the form is based on the stored answer
  // shown beside it, so saving again is a deliberate replacement.
  const basesFrom = () =>
    Object.fromEntries(
      d.standards.map((s) => {
        const stored = conflicts.get(s.standardId)?.stored;
        return [s.standardId, stored ? { revision: stored.revision, fingerprint: stored.fingerprint } : { revision: s.revision, fingerprint: s.fingerprint }];
      }),
    );
  const [bases, setBases] = useState<Record<string, { revision: number; fingerprint: string }>>(basesFrom);
  useEffect(() => {
    setBases(basesFrom());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [d, result]);
  useEffect(() => {
    const saved = fetcher.data as { saved?: boolean; revisions?: Record<string, number>; fingerprints?: Record<string, string> } | undefined;
    if (!saved?.saved || !saved.revisions) return;
    const { revisions, fingerprints = {} } = saved;
    setBases((b) =>
      Object.fromEntries(
        Object.entries(b).map(([id, base]) => [
          id,
          { revision: revisions[id] ?? base.revision, fingerprint: fingerprints[id] ?? base.fingerprint },
        ]),
      ),
    );
  }, [fetcher.data]);

  // Live view of what is typed, for the Exceeds warning before saving (JavaScript only).
  const [live, setLive] = useState<Record<string, { rating: Rating | null; evidence: string }> | null>(null);
  const readForm = useCallback(() => {
    const form = formRef.current;
    if (!form) return;
    const fd = new FormData(form);
    setLive(
      Object.fromEntries(
        d.standards.map((s) => [
          s.standardId,
          s.changeable
            ? { rating: (fd.get(`rating.${s.standardId}`) as Rating | null) ?? null, evidence: String(fd.get(`evidence.${s.standardId}`) ?? "") }
            : { rating: s.rating, evidence: s.evidence },
        ]),
      ),
    );
  }, [d.standards]);

  const timer = useRef<ReturnType<typeof setTimeout>>();
  const [dirty, setDirty] = useState(false);
  // Edits counted as typed, as sent by an autosave and as saved: any typed but not yet saved are
  // lost if the page is left now (decision 007).
  const edits = useRef({ typed: 0, sent: 0, saved: 0 });
  const [unsaved, setUnsaved] = useState(false);
  const noteSaved = useCallback((upTo: number) => {
    edits.current.saved = Math.max(edits.current.saved, upTo);
    setUnsaved(edits.current.typed > edits.current.saved);
  }, []);
  const autosaveNow = useCallback(() => {
    clearTimeout(timer.current);
    const form = formRef.current;
    if (!form) return;
    const fd = new FormData(form);
    fd.set("intent", "autosave");
    edits.current.sent = edits.current.typed;
    fetcher.submit(fd, { method: "post" });
    setDirty(false);
  }, [fetcher]);
  const onInput = useCallback(
    (_event: FormEvent<HTMLFormElement>) => {
      readForm();
      if (!d.editable) return;
      setDirty(true);
      edits.current.typed += 1;
      setUnsaved(true);
      clearTimeout(timer.current);
      timer.current = setTimeout(autosaveNow, 1500);
    },
    [d.editable, autosaveNow, readForm],
  );
  // A pending autosave belongs to this section's form as it is now. A save button sends the form
  // itself, and the next section reuses this component: an autosave firing after either would post
  // the next section's carried-forward answers as reviewed without anyone having looked at them.
  const cancelAutosave = useCallback(() => {
    clearTimeout(timer.current);
    setDirty(false);
    noteSaved(edits.current.typed);
  }, [noteSaved]);
  useEffect(() => cancelAutosave, [d.section.id, cancelAutosave]);
  useEffect(() => {
    const saved = fetcher.data as { saved?: boolean } | undefined;
    if (fetcher.state === "idle" && saved?.saved) noteSaved(edits.current.sent);
  }, [fetcher.state, fetcher.data, noteSaved]);
  // Reloading or closing the page with edits not yet saved: the browser asks first. The listener
  // is there only while there are such edits, so the page stays in the back-forward cache otherwise.
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);
  // Following a link in the service with edits not yet saved: they are saved first, as the
  // autosave would have a moment later, and then the page moves on.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      edits.current.typed > edits.current.saved &&
      (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
  );
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (edits.current.typed > edits.current.sent) autosaveNow();
    noteSaved(edits.current.typed);
    blocker.proceed();
  }, [blocker, autosaveNow, noteSaved]);

  const autosave = fetcher.data as { saved?: boolean; savedAt?: string; conflicts?: AnswerConflict[]; errors?: Record<string, string> } | undefined;
  const status =
    fetcher.state !== "idle"
      ? "Saving…"
      : dirty
        ? ""
        : autosave?.saved && autosave.savedAt
          ? `Saved at ${formatTime(autosave.savedAt)}`
          : autosave && !autosave.saved
            ? autosave.conflicts?.length
              ? "Not saved: someone else has changed this section. Press “Save and come back later” to see both versions."
              : "Not saved: check the page for problems and press a save button."
            : "";

  const onwards = d.returnTo === "check" ? `${d.path}/check` : d.nextSectionId ? `${d.path}/sections/${d.nextSectionId}` : d.path;
  // With JavaScript, what is on screen now; without it, what was saved.
  const needingAnAction = standardsNeedingAnAction(
    d.standards.map((s) => ({ ...s, rating: live?.[s.standardId]?.rating ?? (live ? null : s.rating) })),
    d.actions,
  );
  const warned = d.standards.filter((s) => s.evidenceWarning);
  const errorList = Object.entries(errors).map(([id, text]) => ({ text, href: `#${id === "form" ? "section-form" : id}` }));

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {d.returnTo === "check" ? (
          <BackLink href={`${d.path}/check`} text="Back to check your answers" />
        ) : (
          <BackLink href={d.path} text={d.reader ? "Back to the return" : "Back to your return"} />
        )}
        <ErrorSummary errorList={errorList} />
        {d.kept ? (
          <NotificationBanner titleText="Important">
            <p className="govuk-notification-banner__heading">
              You were signed out before your changes were saved. We have put what you typed back in the form: check it and save.
            </p>
          </NotificationBanner>
        ) : null}
        {d.savedBanner && warned.length ? (
          <NotificationBanner type="success" titleText="Success">
            <p className="govuk-notification-banner__heading">Your answers are saved</p>
            {warned.map((s) => (
              <p className="govuk-body" key={s.standardId}>
                {`Standard ${s.code}: ${s.evidenceWarning}`}
              </p>
            ))}
            <p className="govuk-body">
              <Link className="govuk-notification-banner__link" to={onwards}>
                {`Continue without changing ${warned.length === 1 ? "it" : "them"}`}
              </Link>
            </p>
          </NotificationBanner>
        ) : null}
        <span className="govuk-caption-l">{d.cycleName}</span>
        <h1 className="govuk-heading-l">
          {d.section.code}. {d.section.title}
        </h1>
        {!d.editable && !d.reader ? <p className="govuk-body">This return cannot be changed now. You can read your answers.</p> : null}
        <Form method="post" noValidate ref={formRef} onInput={onInput} onSubmit={cancelAutosave} id="section-form">
          {d.returnTo ? <input type="hidden" name="returnTo" value={d.returnTo} /> : null}
          {d.standards.map((s) => (
            <StandardFields
              key={s.standardId}
              standard={s}
              values={values}
              errors={errors}
              conflict={conflicts.get(s.standardId)}
              base={bases[s.standardId] ?? { revision: s.revision, fingerprint: s.fingerprint }}
              live={live?.[s.standardId]}
              path={d.path}
              editable={d.editable && s.changeable}
              reader={d.reader}
              earlierCycleName={d.earlierCycleName}
              limits={d.limits}
            />
          ))}
          {d.editable && needingAnAction.length ? (
            <div id="needs-an-action">
              <WarningText>These standards are rated below Met and there is no action for them in the action plan.</WarningText>
              <ul className="govuk-list govuk-list--bullet">
                {needingAnAction.map((s) => (
                  <li key={s.standardId}>
                    <Link className="govuk-link" to={`${d.path}/actions?standard=${encodeURIComponent(s.code)}#add`}>
                      {`Add an action for standard ${s.code}, ${s.title}`}
                    </Link>{" "}
                    {s.rating ? `(${RATING_LABELS[s.rating]})` : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {d.editable ? (
            <>
              {/* Without JavaScript there is no autosave: say so, and hide it when the page's scripts run. */}
              <p className="govuk-body app-no-js">
                Nothing on this page is saved until you press “Save and continue” or “Save and come back later”.
              </p>
              <p className="govuk-body app-autosave-status" role="status" aria-live="polite">
                {status}
              </p>
              <div className="govuk-button-group">
                <Button name="intent" value="continue">
                  Save and continue
                </Button>
                <Button name="intent" value="later" classes="govuk-button--secondary">
                  Save and come back later
                </Button>
              </div>
            </>
          ) : null}
        </Form>
      </div>
    </div>
  );
}

function StandardFields({
  standard: s,
  values,
  errors,
  conflict,
  base,
  live,
  path,
  editable,
  reader,
  earlierCycleName,
  limits,
}: {
  standard: Standard;
  values: Record<string, string>;
  errors: Record<string, string>;
  conflict?: AnswerConflict;
  base: { revision: number; fingerprint: string };
  live?: { rating: Rating | null; evidence: string };
  path: string;
  editable: boolean;
  reader: boolean;
  earlierCycleName: string | null;
  limits: { evidence: number; notes: number };
}) {
  const ratingName = `rating.${s.standardId}`;
  const evidenceName = `evidence.${s.standardId}`;
  const notesName = `notes.${s.standardId}`;
  const rating = ratingName in values ? values[ratingName] : s.rating;
  const evidence = evidenceName in values ? values[evidenceName] : s.evidence;
  const notes = notesName in values ? values[notesName] : s.notes;
  const warning = live ? evidenceWarning(live.rating, live.evidence) : s.evidenceWarning;
  const items = RATINGS.filter((r) => r !== "not_applicable" || s.allowsNotApplicable).map((r) => ({
    value: r,
    text: RATING_LABELS[r],
    hint: RATING_HINTS[r],
  }));
  return (
    <section className="govuk-!-margin-bottom-9" aria-labelledby={`heading-${fieldId("s", s.code)}`}>
      <h2 className="govuk-heading-m" id={`heading-${fieldId("s", s.code)}`}>
        <span className="govuk-caption-m">Standard {s.code}</span>
        {s.title}
      </h2>
      {s.carriedForward && editable ? (
        <p className="govuk-body">
          <Tag text="Carried forward – review" colour="yellow" /> Check this answer still describes your setting and change
          what has moved on. “Save and continue” confirms it.
        </p>
      ) : s.carriedForward ? (
        // Nobody can press "Save and continue" here: say what the answer is, not what to do with it.
        <p className="govuk-body">
          <Tag text="Carried forward" colour="yellow" /> This answer was carried forward from the last return and has not
          been reviewed.
        </p>
      ) : null}
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">What good evidence looks like</span>
        </summary>
        <div className="govuk-details__text">{s.guidance}</div>
      </details>
      {s.previous ? (
        <div className="app-previous-answer">
          <p className="govuk-body-s govuk-!-margin-bottom-1">
            <strong>{reader ? "The setting's" : "Your"} answer in {earlierCycleName}:</strong> {s.previous.rating ? RATING_LABELS[s.previous.rating] : "No rating"}
          </p>
          {s.previous.evidence ? <p className="govuk-body-s govuk-!-margin-bottom-0 app-pre-line">{s.previous.evidence}</p> : null}
        </div>
      ) : null}
      <input type="hidden" name="standardId" value={s.standardId} />
      <input type="hidden" name={`revision.${s.standardId}`} value={base.revision} />
      <input type="hidden" name={`fingerprint.${s.standardId}`} value={base.fingerprint} />
      {editable ? (
        <>
          <Radios
            idPrefix={fieldId("rating", s.code)}
            name={ratingName}
            fieldset={{ legend: { text: `How well does your setting meet standard ${s.code}?` } }}
            errorMessage={errors[fieldId("rating", s.code)]}
            value={rating}
            items={items}
            classes="govuk-radios--small"
          />
          {warning ? (
            <WarningText>
              {warning} What good evidence looks like: {s.guidance}
            </WarningText>
          ) : null}
          {conflict ? (
            <div className="govuk-inset-text" id={`conflict-${fieldId("s", s.code)}`}>
              <h3 className="govuk-heading-s">
                Saved by {conflict.stored.updatedBy ?? "someone else"} on {formatDateTime(conflict.stored.updatedAt)}
              </h3>
              <p className="govuk-body-s">Rating: {conflict.stored.rating ? RATING_LABELS[conflict.stored.rating] : "No rating"}</p>
              <p className="govuk-body-s app-pre-line">{conflict.stored.evidence || "No evidence"}</p>
              <p className="govuk-body-s">
                Your text is in the box below. Combine the two if you need to: saving again replaces the version above.
              </p>
            </div>
          ) : null}
          <CharacterCount
            id={fieldId("evidence", s.code)}
            name={evidenceName}
            maxlength={limits.evidence}
            label={{ text: "Evidence", classes: "govuk-label--s" }}
            hint="What you have in place and how you know it works: documents, records, dates, figures."
            errorMessage={errors[fieldId("evidence", s.code)]}
            defaultValue={evidence}
            rows={6}
          />
          <CharacterCount
            id={fieldId("notes", s.code)}
            name={notesName}
            maxlength={limits.notes}
            label={{ text: "Notes for your team (optional)", classes: "govuk-label--s" }}
            hint="The moderation panel can read these too."
            errorMessage={errors[fieldId("notes", s.code)]}
            defaultValue={notes}
            rows={2}
          />
          <p className="govuk-body">
            <Link className="govuk-link" to={`${path}/actions?standard=${encodeURIComponent(s.code)}#add`}>
              Add an action for standard {s.code}
            </Link>
          </p>
        </>
      ) : (
        <dl className="govuk-summary-list">
          <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
            <dt className="govuk-summary-list__key">Rating</dt>
            <dd className="govuk-summary-list__value">{s.rating ? RATING_LABELS[s.rating] : "No rating"}</dd>
          </div>
          <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
            <dt className="govuk-summary-list__key">Evidence</dt>
            <dd className="govuk-summary-list__value app-pre-line">{s.evidence || "None given"}</dd>
          </div>
        </dl>
      )}
      <StandardDocuments standard={s} path={path} editable={editable} />
    </section>
  );
}

/** The standard's evidence documents, each a download, and the way to the page that adds and removes them. */
function StandardDocuments({ standard: s, path, editable }: { standard: Standard; path: string; editable: boolean }) {
  const settingId = path.split("/")[2];
  const href = `${path}/standards/${s.standardId}/documents`;
  return (
    <div className="govuk-!-margin-top-4" id={`documents-${fieldId("s", s.code)}`}>
      <h3 className="govuk-heading-s">Documents</h3>
      {s.documents.length ? (
        <ul className="govuk-list">
          {s.documents.map((d) => (
            <li key={d.documentId}>
              <a className="govuk-link" href={`/settings/${settingId}/documents/${d.documentId}`} download>
                {d.fileName}
              </a>
              {d.carriedForward ? " (carried forward)" : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No documents attached.</p>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={href}>
          {editable ? `Add or remove documents for standard ${s.code}` : `Documents for standard ${s.code}`}
        </Link>
      </p>
    </div>
  );
}
