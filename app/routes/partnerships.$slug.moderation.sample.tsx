import { randomInt } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { can } from "~/auth/permissions";
import { BackLink } from "~/components/BackLink";
import { Button } from "~/components/Button";
import { Checkboxes } from "~/components/Checkboxes";
import { ErrorPage } from "~/components/ErrorPage";
import { ErrorSummary, errorListFrom } from "~/components/ErrorSummary";
import { Input } from "~/components/Input";
import { InsetText } from "~/components/InsetText";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Table } from "~/components/Table";
import { getDb } from "~/db.server";
import { SAMPLE_REASON_LABELS } from "~/domain/moderation/labels";
import {
  confirmSample,
  loadCurrentSample,
  moderationCycle,
  previewSample,
  previewTopUp,
  topUpSample,
  type SamplePreview,
} from "~/domain/moderation/samples.server";
import { SAMPLING_RULE, sampleGrowth, validateRate } from "~/domain/sampling";
import { SETTING_TYPE_LABELS } from "~/domain/setting-types";
import type { SettingType } from "../../db/schema";
import { parseForm, type FieldErrors } from "~/forms";
import { refusal } from "~/http/domain-errors.server";

export const meta: MetaFunction = () => [{ title: "Draw the moderation sample – Safeguarding self-assessment" }];

const percent = (label: string, min: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter the ${label} as a percentage`)
    .refine((v) => /^\d+(\.\d)?$/.test(v), `Enter the ${label} as a number of percent, with no more than one decimal place, like 60`)
    .transform(Number)
    .refine((v) => v >= min && v <= 100, `The ${label} must be ${min === 0 ? "from 0%" : "more than 0%"} to 100%`);

const DrawForm = z.object({
  intent: z.enum(["preview", "confirm", "preview-top-up", "top-up"]),
  rate: percent("sampling rate", 0.1),
  seed: z.string().trim().min(1, "Enter a seed (any number or word)").max(100, "The seed must be 100 characters or fewer"),
  calibration: percent("calibration share", 0),
  prefer: z.literal("yes").optional(),
  expected: z.string().optional(),
});

type Values = Record<string, string>;

const freshSeed = () => String(randomInt(100_000, 1_000_000));

async function pageFor(request: Request, params: LoaderFunctionArgs["params"]) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "moderation.lead");
  const db = await getDb();
  const cycle = await moderationCycle(db, partnership.id, new URL(request.url).searchParams.get("cycle"));
  return { user, partnership, db, cycle };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { partnership, db, cycle } = await pageFor(request, params);
  const current = cycle ? await loadCurrentSample(db, partnership.id, cycle.id) : null;
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    cycle: cycle ? { id: cycle.id, name: cycle.name } : null,
    rule: SAMPLING_RULE,
    done: new URL(request.url).searchParams.get("done"),
    defaults: {
      rate: current ? String(Math.round(current.initial.rate * 1000) / 10) : "60",
      seed: freshSeed(),
      calibration: current ? String(Math.round(current.initial.calibrationShare * 1000) / 10) : "10",
      prefer: current?.initial.preferNotModeratedLastCycle ? "yes" : "",
    },
    sample: current
      ? {
          draws: current.draws.map((d) => ({ kind: d.kind, rate: d.rate * 100, seed: d.seed, drawnAt: d.drawnAt.toISOString() })),
          members: current.members.map(memberRow),
          submittedSince: current.submittedSince,
        }
      : null,
  };
}

function memberRow(m: { settingName: string; settingType: SettingType; versionNumber: number; reason: keyof typeof SAMPLE_REASON_LABELS; calibration: boolean }) {
  return {
    settingName: m.settingName,
    type: SETTING_TYPE_LABELS[m.settingType],
    version: m.versionNumber,
    reason: SAMPLE_REASON_LABELS[m.reason],
    calibration: m.calibration,
  };
}

function previewOf(p: SamplePreview) {
  const growth = sampleGrowth(p.draw);
  return {
    candidates: p.candidates,
    size: p.draw.size,
    target: p.draw.target,
    growth,
    strata: p.draw.strata.map((s) => ({ ...s, label: SETTING_TYPE_LABELS[s.stratum as SettingType] ?? s.stratum })),
    members: p.members.map(memberRow),
    expected: p.members.map((m) => m.returnId).join(","),
  };
}

type ActionResult = { errors: FieldErrors; values: Values; preview?: ReturnType<typeof previewOf>; topUp?: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, partnership, db, cycle } = await pageFor(request, params);
  if (!cycle) throw new Response("Not found", { status: 404 });
  const parsed = parseForm(DrawForm, await request.formData());
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const form = parsed.data;
  const rate = validateRate(form.rate);
  if (!rate.ok) return data<ActionResult>({ errors: { rate: rate.error }, values: formValuesOf(form) }, { status: 400 });
  const input = {
    partnershipId: partnership.id,
    cycleId: cycle.id,
    rate: rate.rate,
    seed: form.seed,
    preferNotModeratedLastCycle: form.prefer === "yes",
    calibrationShare: Math.round(form.calibration * 10) / 1000,
  };
  const actor = { userId: user.id, lifecycle: can(user.grants, "partnership.admin", { partnershipId: partnership.id }) ? ("admin" as const) : ("moderator" as const) };
  const back = `/partnerships/${partnership.slug}/moderation/sample?cycle=${cycle.id}`;
  try {
    if (form.intent === "preview") {
      const preview = await previewSample(db, input);
      if (preview.candidates === 0) return data<ActionResult>({ errors: { form: "No return has been submitted in this cycle yet, so there is nothing to sample." }, values: formValuesOf(form) }, { status: 409 });
      return { errors: {}, values: formValuesOf(form), preview: previewOf(preview) } satisfies ActionResult;
    }
    if (form.intent === "preview-top-up") {
      const preview = await previewTopUp(db, input);
      if (!preview || preview.candidates === 0) return data<ActionResult>({ errors: { form: "No return has been submitted since the sample was drawn." }, values: formValuesOf(form), topUp: true }, { status: 409 });
      return { errors: {}, values: formValuesOf(form), preview: previewOf(preview), topUp: true } satisfies ActionResult;
    }
    if (form.intent === "confirm") {
      await confirmSample(db, { ...input, actor, expectedReturnIds: (form.expected ?? "").split(",").filter(Boolean) });
      throw redirect(`${back}&done=drawn`);
    }
    await topUpSample(db, { ...input, actor });
    throw redirect(`${back}&done=topped-up`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return refusal(error, (refused) => ({ errors: { form: refused.message }, values: formValuesOf(form), topUp: form.intent.includes("top-up") }) satisfies ActionResult);
  }
}

function formValuesOf(form: z.infer<typeof DrawForm>): Values {
  return { rate: String(form.rate), seed: form.seed, calibration: String(form.calibration), prefer: form.prefer ?? "" };
}

function DrawFields({ values, errors, idPrefix }: { values: Values; errors: FieldErrors; idPrefix: string }) {
  return (
    <>
      <Input id={`${idPrefix}rate`} name="rate" classes="govuk-input--width-4" inputMode="text" label={{ text: "Sampling rate (%)" }} hint="The share of submitted returns the panel moderates, like 60" defaultValue={values.rate} errorMessage={errors.rate} />
      <Input id={`${idPrefix}seed`} name="seed" classes="govuk-input--width-10" label={{ text: "Seed" }} hint="Fixes the draw order: the same seed on the same returns gives the same sample. Keep the one shown or type your own." defaultValue={values.seed} errorMessage={errors.seed} />
      <Input id={`${idPrefix}calibration`} name="calibration" classes="govuk-input--width-4" label={{ text: "Calibration share (%)" }} hint="The share of the sample moderated a second time, independently, to check the panel agrees with itself. 0 for none." defaultValue={values.calibration} errorMessage={errors.calibration} />
      <Checkboxes
        idPrefix={`${idPrefix}prefer`}
        name="prefer"
        items={[{ value: "yes", text: "Prefer returns not moderated in the last full audit" }]}
        values={values.prefer === "yes" ? ["yes"] : []}
      />
    </>
  );
}

function PreviewTable({ preview }: { preview: ReturnType<typeof previewOf> }) {
  return (
    <>
      <p className="govuk-body">
        {preview.size} of {preview.candidates} returns{preview.size > preview.target ? ` (the rate asks for ${preview.target}` : ""}
        {preview.size > preview.target
          ? `; ${[
              preview.growth.smallStrata ? `${preview.growth.smallStrata} more so every type has one` : "",
              preview.growth.unsupportedExceeds ? `${preview.growth.unsupportedExceeds} more for unsupported Exceeds ratings` : "",
            ]
              .filter(Boolean)
              .join(", ")})`
          : ""}
        .
      </p>
      <Table
        caption="Size by type of setting"
        head={["Type of setting", "Submitted returns", "Places", "Drawn", "Always included"]}
        rows={preview.strata.map((s) => [s.label, String(s.candidates), String(s.quota), String(s.drawn), String(s.alwaysIncluded)])}
      />
      <MembersTable members={preview.members} caption="Who is in and why" />
    </>
  );
}

/** Confirming posts the inputs the preview was drawn with, whatever has been typed in the fields since. */
function ConfirmForm({ values, expected, intent, text }: { values: Values; expected: string; intent: "confirm" | "top-up"; text: string }) {
  return (
    <Form method="post">
      {(["rate", "seed", "calibration"] as const).map((name) => (
        <input key={name} type="hidden" name={name} value={values[name] ?? ""} />
      ))}
      {values.prefer === "yes" ? <input type="hidden" name="prefer" value="yes" /> : null}
      <input type="hidden" name="expected" value={expected} />
      <Button name="intent" value={intent} preventDoubleClick>
        {text}
      </Button>
    </Form>
  );
}

function MembersTable({ members, caption }: { members: ReturnType<typeof memberRow>[]; caption: string }) {
  return (
    <Table
      caption={caption}
      head={["Setting", "Type", "Version", "Reason", "Calibration"]}
      rows={members.map((m) => [m.settingName, m.type, `Version ${m.version}`, m.reason, m.calibration ? "Moderated twice" : ""])}
    />
  );
}

export default function DrawSample() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? d.defaults;
  const base = `/partnerships/${d.partnership.slug}/moderation`;
  return (
    <>
      <BackLink href={base} text="Back to the moderation panel" />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-full">
          {d.done === "drawn" || d.done === "topped-up" ? (
            <NotificationBanner type="success" titleText="Success">
              <p className="govuk-notification-banner__heading">{d.done === "drawn" ? "The sample has been drawn." : "The top-up has been added to the sample."}</p>
            </NotificationBanner>
          ) : null}
          <ErrorSummary errorList={errorListFrom(errors).map((e) => (e.href === "#form" ? { ...e, href: "#draw" } : e))} />
          <span className="govuk-caption-l">{d.cycle?.name ?? d.partnership.name}</span>
          <h1 className="govuk-heading-l">{d.sample ? "The moderation sample" : "Draw the moderation sample"}</h1>
          {!d.cycle ? (
            <p className="govuk-body">There are no audit cycles yet.</p>
          ) : (
            <>
              <details className="govuk-details">
                <summary className="govuk-details__summary">
                  <span className="govuk-details__summary-text">How the sample is drawn</span>
                </summary>
                <div className="govuk-details__text">{d.rule}</div>
              </details>
              {d.sample ? (
                <>
                  <p className="govuk-body">
                    {d.sample.members.length} returns drawn:{" "}
                    {d.sample.draws.map((draw) => `${draw.kind === "initial" ? "the sample" : "a top-up"} at ${draw.rate}% with seed ${draw.seed}`).join("; ")}.
                  </p>
                  <MembersTable members={d.sample.members} caption="In the sample" />
                  <h2 className="govuk-heading-m">Returns submitted since the draw</h2>
                  {d.sample.submittedSince === 0 ? (
                    <p className="govuk-body">No return has been submitted since the sample was drawn.</p>
                  ) : (
                    <>
                      <p className="govuk-body">
                        {d.sample.submittedSince} {d.sample.submittedSince === 1 ? "return has" : "returns have"} been submitted since. A top-up draws from them by the same rule.
                      </p>
                      <Form method="post" id="draw" noValidate>
                        <DrawFields values={values} errors={errors} idPrefix="" />
                        <Button name="intent" value="preview-top-up" classes={result?.preview ? "govuk-button--secondary" : undefined}>
                          Preview the top-up
                        </Button>
                      </Form>
                      {result?.preview && result.topUp ? (
                        <>
                          <PreviewTable preview={result.preview} />
                          <ConfirmForm values={values} expected={result.preview.expected} intent="top-up" text="Confirm the top-up" />
                        </>
                      ) : null}
                    </>
                  )}
                </>
              ) : (
                <>
                  <Form method="post" id="draw" noValidate>
                    <DrawFields values={values} errors={errors} idPrefix="" />
                    <Button name="intent" value="preview" classes={result?.preview ? "govuk-button--secondary" : undefined}>
                      Preview
                    </Button>
                  </Form>
                  {result?.preview ? (
                    <>
                      <InsetText>Check the sample below. Confirming draws it again with the same inputs and keeps it.</InsetText>
                      <PreviewTable preview={result.preview} />
                      <ConfirmForm values={values} expected={result.preview.expected} intent="confirm" text="Confirm the sample" />
                    </>
                  ) : null}
                </>
              )}
            </>
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
