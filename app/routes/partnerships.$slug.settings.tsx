import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useRouteError } from "@remix-run/react";
import { requirePartnershipAccess } from "~/access/partnership-access.server";
import { can } from "~/auth/permissions";
import { Button } from "~/components/Button";
import { Checkboxes } from "~/components/Checkboxes";
import { ErrorPage } from "~/components/ErrorPage";
import { Select } from "~/components/Select";
import { Table } from "~/components/Table";
import { NotificationBanner } from "~/components/NotificationBanner";
import { Tag } from "~/components/Tag";
import { getDb } from "~/db.server";
import { listSettings } from "~/domain/settings-register.server";
import { settingsMissingPeople } from "~/domain/setting-people.server";
import { BASIS_LABELS, isSettingType, isStatutoryBasis, SETTING_TYPE_LABELS, SETTING_TYPES, STATUTORY_BASES } from "~/domain/setting-types";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Settings register – ${data?.partnership.name ?? "Partnership"} – Safeguarding self-assessment` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, partnership } = await requirePartnershipAccess(request, params, "register.view");

  // A filter value that is not one of ours (an old bookmark, a typo) means "any".
  const search = new URL(request.url).searchParams;
  const type = search.get("type");
  const basis = search.get("basis");
  const filter = {
    type: isSettingType(type) ? type : undefined,
    basis: isStatutoryBasis(basis) ? basis : undefined,
    showInactive: search.getAll("inactive").includes("yes"),
  };
  // What an import just did (the import page comes back here with its counts).
  const count = (name: string) => (/^\d{1,6}$/.test(search.get(name) ?? "") ? Number(search.get(name)) : null);
  const counts = { created: count("created"), updated: count("updated"), deactivated: count("deactivated") };
  const imported = counts.created !== null && counts.updated !== null && counts.deactivated !== null ? (counts as Record<keyof typeof counts, number>) : null;
  const rows = await listSettings(await getDb(), partnership.id, {
    type: filter.type,
    basis: filter.basis,
    active: filter.showInactive ? undefined : true,
  });
  const missing = await settingsMissingPeople(await getDb(), partnership.id);
  return {
    partnership: { name: partnership.name, slug: partnership.slug },
    mayAdminister: can(user.grants, "partnership.admin", { partnershipId: partnership.id }),
    imported,
    filter,
    settings: rows.map((s) => ({ id: s.id, name: s.name, urn: s.urn, reference: s.reference, type: s.type, basis: s.basis, active: s.active, deactivatedReason: s.deactivatedReason, noDsl: missing.noDsl.has(s.id), noSignatory: missing.noSignatory.has(s.id) })),
  };
}

export default function SettingsRegister() {
  const { partnership, mayAdminister, imported, filter, settings } = useLoaderData<typeof loader>();
  // Keyed by the query so the fields show the filter in force after each (client-side) search.
  const { search } = useLocation();
  const count = `Showing ${settings.length} ${settings.length === 1 ? "setting" : "settings"}`;
  return (
    <>
      <Link to={`/partnerships/${partnership.slug}`} className="govuk-back-link">
        {partnership.name}
      </Link>
      {imported ? (
        <NotificationBanner type="success" titleText="Imported">
          <p className="govuk-notification-banner__heading">
            The register has been updated: {imported.created} created, {imported.updated} updated, {imported.deactivated} deactivated.
          </p>
        </NotificationBanner>
      ) : null}
      <span className="govuk-caption-l">{partnership.name}</span>
      <h1 className="govuk-heading-l">Settings register</h1>
      {mayAdminister ? (
        <div className="govuk-button-group">
          <Button href={`/partnerships/${partnership.slug}/settings/import`} classes="govuk-button--secondary">
            Refresh from GIAS
          </Button>
          <Button href={`/partnerships/${partnership.slug}/settings/new`} classes="govuk-button--secondary">
            Add a setting
          </Button>
        </div>
      ) : null}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          <Form method="get" key={search} role="search" aria-label="Filter settings">
            <h2 className="govuk-heading-m">Filter</h2>
            <Select
              id="type"
              name="type"
              label={{ text: "Type of setting", classes: "govuk-label--s" }}
              value={filter.type ?? ""}
              items={[{ value: "", text: "All types" }, ...SETTING_TYPES.map((t) => ({ value: t, text: SETTING_TYPE_LABELS[t] }))]}
            />
            <Select
              id="basis"
              name="basis"
              label={{ text: "Statutory basis", classes: "govuk-label--s" }}
              value={filter.basis ?? ""}
              items={[{ value: "", text: "Any basis" }, ...STATUTORY_BASES.map((b) => ({ value: b, text: BASIS_LABELS[b] }))]}
            />
            <Checkboxes
              idPrefix="inactive"
              name="inactive"
              fieldset={{ legend: { text: "Status" } }}
              classes="govuk-checkboxes--small"
              items={[{ value: "yes", text: "Show inactive settings", checked: filter.showInactive }]}
            />
            <Button classes="govuk-button--secondary">
              Apply filters
            </Button>
          </Form>
        </div>
        <div className="govuk-grid-column-two-thirds">
          <p className="govuk-body" role="status">
            {count}
          </p>
          {settings.length === 0 ? (
            <p className="govuk-body">No settings match these filters.</p>
          ) : (
            <Table
              caption={<span className="govuk-visually-hidden">Settings</span>}
              head={["Name", "URN or reference", "Type", "Statutory basis", "Status", ...(mayAdminister ? [<span key="a" className="govuk-visually-hidden">Changes</span>] : [])]}
              rows={settings.map((s) => [
                s.name,
                s.urn ?? s.reference ?? <span className="govuk-visually-hidden">None</span>,
                SETTING_TYPE_LABELS[s.type],
                <abbr key="basis" title={BASIS_LABELS[s.basis]}>
                  {s.basis}
                </abbr>,
                s.active ? (
                  <span key="status">
                    <Tag text="Active" colour="green" />
                    {s.noDsl ? <Tag text="No DSL" colour="red" /> : null}
                    {s.noSignatory ? <Tag text="No signatory" colour="orange" /> : null}
                  </span>
                ) : (
                  <span key="status">
                    <Tag text="Inactive" colour="grey" />
                    {s.deactivatedReason ? <span className="govuk-body-s govuk-!-display-block">{s.deactivatedReason}</span> : null}
                  </span>
                ),
                ...(mayAdminister
                  ? [
                      <span key="changes">
                        {s.urn ? null : (
                          <Link className="govuk-link govuk-!-display-block" to={`/partnerships/${partnership.slug}/settings/${s.id}/edit`}>
                            Change<span className="govuk-visually-hidden"> {s.name}</span>
                          </Link>
                        )}
                        {s.active ? (
                          <Link className="govuk-link" to={`/partnerships/${partnership.slug}/settings/${s.id}/deactivate`}>
                            Deactivate<span className="govuk-visually-hidden"> {s.name}</span>
                          </Link>
                        ) : null}
                      </span>,
                    ]
                  : []),
              ])}
            />
          )}
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage error={useRouteError()} />;
}
