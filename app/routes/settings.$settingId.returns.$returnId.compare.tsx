import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useRouteError } from "@remix-run/react";
import { backFromReturn, requireSubmittedReturnAccess } from "~/access/setting-access.server";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary } from "~/components/ErrorSummary";
import { Select } from "~/components/Select";
import { Table } from "~/components/Table";
import { Tag } from "~/components/Tag";
import { getDb, type Db } from "~/db.server";
import { RATING_LABELS } from "~/domain/ratings";
import type { ReturnContext } from "~/domain/return-context.server";
import { findEarlierVersion, getVersion, listVersions } from "~/domain/return-versions.server";
import { loadAnswers } from "~/domain/returns.server";
import type { DiffPart } from "~/domain/text-diff";
import { compareAnswers, type AnswerComparison, type ComparableAnswer } from "~/domain/version-compare";
import { formatDate } from "~/forms";
import type { Rating } from "../../db/schema";
import { awaitsSetting } from "~/domain/return-lifecycle";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Compare versions – ${data?.setting.name ?? "Return"} – Safeguarding self-assessment` },
];

// What can be compared: "v1", "v2"... (this return's versions), "earlier" (the previous cycle's
// latest version) and "draft" (the answers as they stand, while the return is being worked on).
type Choice = { value: string; text: string };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await requireSubmittedReturnAccess(request, params);
  const { ctx, may } = access;
  const db = await getDb();
  const versions = await listVersions(db, ctx);
  const earlier = await findEarlierVersion(db, ctx);
  // Moderators and admins read what was submitted, never a draft.
  const hasDraft = may.view && awaitsSetting(ctx.ret.status);

  // Oldest first, as people read a history.
  const options: Choice[] = [
    ...(earlier
      ? [{ value: "earlier", text: `Previous cycle: ${earlier.snapshot.cycleName} version ${earlier.number}` }]
      : []),
    ...versions.map((v) => ({
      value: `v${v.number}`,
      text: `Version ${v.number} (submitted ${formatDate(v.submittedAt)})`,
    })),
    ...(hasDraft ? [{ value: "draft", text: "Current draft" }] : []),
  ];
  const fallback = defaultPair(versions.length, Boolean(earlier), hasDraft);
  const url = new URL(request.url);
  const pick = (name: string, otherwise: string | undefined) => {
    const value = url.searchParams.get(name);
    return value && options.some((o) => o.value === value) ? value : otherwise;
  };
  const compare = pick("compare", fallback?.compare);
  const against = pick("with", fallback?.with);

  const base = {
    back: backFromReturn(access),
    setting: { name: ctx.setting.name },
    cycle: { name: ctx.cycle.name },
    options,
    compare: compare ?? "",
    with: against ?? "",
  };
  if (!compare || !against) return { ...base, problem: null, result: null };
  if (compare === against) return { ...base, problem: "Select two different versions to compare", result: null };

  const load = async (value: string) => {
    const text = options.find((o) => o.value === value)!.text;
    return { text, answers: await answersOf(db, ctx, value, earlier?.snapshot.answers ?? []) };
  };
  const after = await load(compare);
  const before = await load(against);
  const comparisons = compareAnswers(before.answers, after.answers);
  return {
    ...base,
    problem: null,
    result: {
      beforeText: before.text,
      afterText: after.text,
      changed: comparisons.filter((c) => c.change !== "unchanged"),
      unchanged: comparisons.filter((c) => c.change === "unchanged").length,
    },
  };
}

/** Latest version against the one before it, or against the previous cycle when there is only one. */
function defaultPair(
  versionCount: number,
  hasEarlier: boolean,
  hasDraft: boolean,
): { compare: string; with: string } | null {
  if (versionCount >= 2) return { compare: `v${versionCount}`, with: `v${versionCount - 1}` };
  if (versionCount === 1 && hasEarlier) return { compare: "v1", with: "earlier" };
  if (versionCount === 1 && hasDraft) return { compare: "draft", with: "v1" };
  if (versionCount === 0 && hasDraft && hasEarlier) return { compare: "draft", with: "earlier" };
  return null;
}

async function answersOf(
  db: Db,
  ctx: ReturnContext,
  value: string,
  earlier: ComparableAnswer[],
): Promise<ComparableAnswer[]> {
  const pick = (a: ComparableAnswer) => ({ code: a.code, title: a.title, rating: a.rating, evidence: a.evidence });
  if (value === "earlier") return earlier.map(pick);
  if (value === "draft") return (await loadAnswers(db, ctx)).map(pick);
  const version = await getVersion(db, ctx, Number(value.slice(1)));
  // The value was checked against the list of versions, so it exists.
  return (version?.snapshot.answers ?? []).map(pick);
}

const ratingText = (rating: Rating | null) => (rating ? RATING_LABELS[rating] : "Not rated");

function RatingChange({ c }: { c: AnswerComparison }) {
  if (c.change === "added") return <>{ratingText(c.after!.rating)}</>;
  if (c.change === "removed") return <>{ratingText(c.before!.rating)}</>;
  if (!c.ratingChanged) return <>{ratingText(c.after!.rating)} (no change)</>;
  return (
    <>
      {ratingText(c.before!.rating)} <span aria-hidden="true">→</span>
      <span className="govuk-visually-hidden"> changed to</span> <strong>{ratingText(c.after!.rating)}</strong>
    </>
  );
}

/**
 * Neighbouring changed words read as one removal and one addition ("~~we have not~~ policy
 * reviewed"), not word by word, and a screen reader hears each change once.
 */
function groupChanges(parts: DiffPart[]): DiffPart[] {
  const grouped: DiffPart[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    const both = removed.trim() !== "" && added.trim() !== "";
    if (removed.trim()) grouped.push({ kind: "removed", text: both ? removed.trimEnd() : removed });
    if (both) grouped.push({ kind: "same", text: " " });
    if (added.trim()) grouped.push({ kind: "added", text: both ? added.trimStart() : added });
    removed = added = "";
  };
  parts.forEach((part, i) => {
    if (part.kind === "removed") removed += part.text;
    else if (part.kind === "added") added += part.text;
    else if ((removed || added) && /^\s+$/.test(part.text) && parts[i + 1] && parts[i + 1].kind !== "same") {
      // A space between two changes belongs to both sides of the change.
      removed += part.text;
      added += part.text;
    } else {
      flush();
      grouped.push(part);
    }
  });
  flush();
  return grouped;
}

function EvidenceDiff({ parts }: { parts: DiffPart[] }) {
  return (
    <div className="app-multiline">
      {groupChanges(parts).map((part, i) =>
        part.kind === "same" ? (
          <span key={i}>{part.text}</span>
        ) : part.kind === "removed" ? (
          <del key={i} className="app-diff-removed">
            <span className="govuk-visually-hidden">[removed: </span>
            {part.text}
            <span className="govuk-visually-hidden">]</span>
          </del>
        ) : (
          <ins key={i} className="app-diff-added">
            <span className="govuk-visually-hidden">[added: </span>
            {part.text}
            <span className="govuk-visually-hidden">]</span>
          </ins>
        ),
      )}
    </div>
  );
}

function EvidenceCell({ c }: { c: AnswerComparison }) {
  // A new or retired standard has nothing to compare its evidence with: show it as it is.
  if (c.change === "added") return <div className="app-multiline">{c.after!.evidence || "No evidence given"}</div>;
  if (c.change === "removed") return <div className="app-multiline">{c.before!.evidence || "No evidence given"}</div>;
  if (c.evidenceDiff.length === 0) return <>No change</>;
  return <EvidenceDiff parts={c.evidenceDiff} />;
}

export default function CompareVersions() {
  const page = useLoaderData<typeof loader>();
  const { result } = page;
  return (
    <>
      <BackLink href={page.back.href} text={page.back.text} />
      {page.problem ? <ErrorSummary errorList={[{ text: page.problem, href: "#with" }]} /> : null}
      <span className="govuk-caption-l">
        {page.setting.name} – {page.cycle.name}
      </span>
      <h1 className="govuk-heading-l">Compare versions</h1>
      {page.options.length < 2 ? (
        <p className="govuk-body">
          There is nothing to compare yet:{" "}
          {page.options.some((o) => o.value === "earlier")
            ? "this return has no submitted version or draft to compare with the earlier return."
            : page.options.some((o) => o.value.startsWith("v"))
              ? "this return has only one submitted version, and there is no earlier return."
              : "this return has no submitted version, and there is no earlier return."}
        </p>
      ) : (
        <Form method="get">
          <Select
            id="compare"
            name="compare"
            label={{ text: "Compare", classes: "govuk-label--s" }}
            items={page.options}
            value={page.compare}
          />
          <Select
            id="with"
            name="with"
            label={{ text: "with", classes: "govuk-label--s" }}
            items={page.options}
            value={page.with}
            errorMessage={page.problem ?? undefined}
          />
          <Button classes="govuk-button--secondary">
            Compare
          </Button>
        </Form>
      )}

      {result ? (
        <>
          <h2 className="govuk-heading-m">What changed</h2>
          <p className="govuk-body">
            From <strong>{result.beforeText}</strong> to <strong>{result.afterText}</strong>.
          </p>
          {result.changed.length === 0 ? (
            <p className="govuk-body">No standards changed.</p>
          ) : (
            <Table
              caption={`${result.changed.length === 1 ? "1 standard" : `${result.changed.length} standards`} changed`}
              captionClasses="govuk-table__caption--s"
              head={["Standard", "Rating", "Evidence"]}
              rows={result.changed.map((c) => [
                <>
                  {c.code}
                  <span className="govuk-!-display-block govuk-!-font-weight-regular govuk-body-s">{c.title}</span>
                  {c.change === "added" ? <Tag text="New standard" colour="turquoise" /> : null}
                  {c.change === "removed" ? <Tag text="Retired standard" colour="grey" /> : null}
                </>,
                <RatingChange key="rating" c={c} />,
                <EvidenceCell key="evidence" c={c} />,
              ])}
            />
          )}
          <p className="govuk-body">
            {result.unchanged === 1 ? "1 standard is unchanged." : `${result.unchanged} standards are unchanged.`}
          </p>
        </>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
