// Aggregate findings for the education subgroup (issue 13): every figure of a cycle counted in
// SQL over the typed submitted answers (version_answers), the panel's reviews, judgements and
// challenges, and the action plans. The findings page, the workbook and `portal export` all call
// this module, so they cannot disagree; each figure carries its numerator, denominator and a
// one-line definition.
//
// The definitions, once (the one-line ones travel with each figure):
// - A return is submitted when it has a submitted version; its self-assessed ratings are those of
//   its latest version. On time: its first version was submitted (UK date) on or before its own
//   due date (an extension's, else the cycle's). By the close: on or before the cycle's closing
//   date (closes_on, else the day it was closed; while neither, every submission so far).
// - A return is moderated when its first panel member's review (role primary) is completed. Its
//   moderated rating of a standard is the panel's revised rating, or the self-assessed one where
//   the panel agreed. Calibration's second reviews do not count here.
// - Lowered / raised: the moderated rating is below / above the self-assessed one on the scale
//   not met < partially met < met < exceeds (not applicable and no rating are not on it).
//
// Counted where: each submitted return's contribution to these figures is kept, by database
// triggers in the same transaction as every write that changes it, in findings_returns (one row
// per return: its flags, its moderation counts, its latest ratings) and summed per cycle, standard,
// type of setting and basis in findings_tallies (migration 0013, decision 024). The definitions
// above are written once more there, in findings_recount(); the page reads at most a few thousand
// tallies and one row per return, never the million answers of a national cycle.
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db.server";
import type { ActionTheme, Rating, SettingType, StatutoryBasis } from "../../db/schema";
import { THEMES, THEME_LABELS } from "./action-themes";
import { RATING_COLUMNS, type Figure, type FindingsFilters, type RatingCounts } from "./findings";
import { SETTING_TYPE_LABELS } from "./setting-types";

export type { Figure, FindingsFilters } from "./findings";

type CycleKind = "full" | "interim";
type Row = Record<string, unknown>;
async function rowsOf<T = Row>(db: Db, query: SQL): Promise<T[]> {
  const result = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
const int = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export interface FindingsCycle {
  id: string;
  partnershipId: string;
  name: string;
  kind: CycleKind;
  opensOn: string;
  dueOn: string;
  closesOn: string | null;
}

export async function loadFindingsCycle(db: Db, partnershipId: string, cycleId: string): Promise<FindingsCycle | null> {
  const [row] = await rowsOf<Row>(
    db,
    sql`select id, partnership_id, name, kind, opens_on::text as opens_on, due_on::text as due_on, closes_on::text as closes_on
        from cycles where id = ${cycleId}::uuid and partnership_id = ${partnershipId}::uuid`,
  );
  return row ? cycleOf(row) : null;
}

const cycleOf = (row: Row): FindingsCycle => ({
  id: String(row.id),
  partnershipId: String(row.partnership_id),
  name: String(row.name),
  kind: row.kind as CycleKind,
  opensOn: String(row.opens_on),
  dueOn: String(row.due_on),
  closesOn: row.closes_on === null ? null : String(row.closes_on),
});

let previousCycleColumn: Promise<boolean> | undefined;
/** Whether cycles.previous_cycle_id exists yet (migration 0011, another issue's): asked once. */
function hasPreviousCycleColumn(db: Db): Promise<boolean> {
  previousCycleColumn ??= rowsOf<Row>(
    db,
    sql`select 1 from information_schema.columns where table_name = 'cycles' and column_name = 'previous_cycle_id' and table_schema = current_schema()`,
  ).then((r) => r.length > 0, () => false);
  return previousCycleColumn;
}

/**
 * The cycle year on year compares with: the one an administrator named as its previous cycle
 * when it is of the same kind, else the latest of the same kind that opened before it.
 */
export async function previousCycleOfSameKind(db: Db, cycle: FindingsCycle): Promise<FindingsCycle | null> {
  if (await hasPreviousCycleColumn(db)) {
    const [named] = await rowsOf<Row>(
      db,
      sql`select p.id, p.partnership_id, p.name, p.kind, p.opens_on::text as opens_on, p.due_on::text as due_on, p.closes_on::text as closes_on
          from cycles c join cycles p on p.id = c.previous_cycle_id and p.partnership_id = c.partnership_id
          where c.id = ${cycle.id}::uuid and p.kind = c.kind`,
    );
    if (named) return cycleOf(named);
  }
  const [row] = await rowsOf<Row>(
    db,
    sql`select id, partnership_id, name, kind, opens_on::text as opens_on, due_on::text as due_on, closes_on::text as closes_on
        from cycles where partnership_id = ${cycle.partnershipId}::uuid and kind = ${cycle.kind} and opens_on < ${cycle.opensOn}::date
        order by opens_on desc, created_at desc limit 1`,
  );
  return row ? cycleOf(row) : null;
}

/** The cycle just before, of any kind: the one whose actions "the previous return" planned. */
async function previousCycleOfAnyKind(db: Db, cycle: FindingsCycle): Promise<{ id: string; name: string } | null> {
  const [row] = await rowsOf<Row>(
    db,
    sql`select id, name from cycles where partnership_id = ${cycle.partnershipId}::uuid and opens_on < ${cycle.opensOn}::date
        order by opens_on desc, created_at desc limit 1`,
  );
  return row ? { id: String(row.id), name: String(row.name) } : null;
}

const filtered = (filters: FindingsFilters) => Boolean(filters.settingType || filters.basis);
const settingFilter = (filters: FindingsFilters, alias = "s") =>
  sql.join(
    [
      filters.settingType ? sql`and ${sql.raw(alias)}.type = ${filters.settingType}` : sql``,
      filters.basis ? sql`and ${sql.raw(alias)}.basis = ${filters.basis}` : sql``,
    ],
    sql` `,
  );

/**
 * The invited returns the filters select (scope), with each one's due and closing dates, and the
 * submitted ones among them (fr: their findings_returns rows).
 */
function baseCtes(cycleId: string, partnershipId: string, filters: FindingsFilters): SQL {
  return sql`
    scope as (
      select r.id as return_id, r.setting_id, r.framework_id, r.status, s.type, s.basis, coalesce(r.due_on, c.due_on) as due_on,
             coalesce(c.closes_on, (c.closed_at at time zone 'Europe/London')::date) as closes_on
      from returns r
      join settings s on s.id = r.setting_id and s.partnership_id = r.partnership_id
      join cycles c on c.id = r.cycle_id and c.partnership_id = r.partnership_id
      where r.partnership_id = ${partnershipId}::uuid and r.cycle_id = ${cycleId}::uuid ${settingFilter(filters)}
    ),
    fr as (
      select f.*, scope.due_on, scope.closes_on from findings_returns f join scope on scope.return_id = f.return_id
      where f.partnership_id = ${partnershipId}::uuid and f.cycle_id = ${cycleId}::uuid
    )`;
}

export interface Headline {
  invited: Figure;
  submittedOnTime: Figure;
  submittedByClose: Figure;
  submitted: Figure;
  everyStandardMet: Figure;
  moderationCoverage: Figure;
  moderatedAgreed: Figure;
  exceedsNotSupported: Figure;
  previousActionsCompleted: Figure;
  outstandingActions: number;
}

export async function headlineFigures(db: Db, cycle: FindingsCycle, filters: FindingsFilters): Promise<Headline> {
  const p = cycle.partnershipId;
  const previous = await previousCycleOfAnyKind(db, cycle);
  const [row] = await rowsOf<Row>(
    db,
    sql`with ${baseCtes(cycle.id, p, filters)},
    register as (
      select count(*)::int as n from settings s where s.partnership_id = ${p}::uuid and s.active ${settingFilter(filters)}
    ),
    previous_plans as (
      select a.setting_id, bool_and(a.status in ('done','dropped')) as completed
      from actions a
      join returns pr on pr.id = a.origin_return_id and pr.partnership_id = a.partnership_id
      ${filtered(filters) ? sql`join settings s on s.id = a.setting_id and s.partnership_id = a.partnership_id` : sql``}
      where a.partnership_id = ${p}::uuid and pr.cycle_id = ${previous?.id ?? null}::uuid ${settingFilter(filters)}
      group by a.setting_id
    ),
    outstanding as (
      select count(*)::int as n from actions a join scope on scope.setting_id = a.setting_id
      where a.partnership_id = ${p}::uuid and a.status in ('open','in_progress')
    ),
    -- One pass over each: the submitted returns' flags, and the previous plans.
    submitted as (
      select count(*)::int as submitted,
        (count(*) filter (where (fr.first_submitted_at at time zone 'Europe/London')::date <= fr.due_on))::int as on_time,
        (count(*) filter (where fr.closes_on is null or (fr.first_submitted_at at time zone 'Europe/London')::date <= fr.closes_on))::int as by_close,
        (count(*) filter (where fr.every_standard_met))::int as every_met,
        (count(*) filter (where fr.assignment_id is not null))::int as moderated,
        (count(*) filter (where fr.assignment_id is not null and fr.outcome = 'agreed'))::int as agreed,
        (count(*) filter (where fr.exceeded))::int as exceeded,
        (count(*) filter (where fr.exceeded and fr.exceeded_flagged))::int as exceeded_flagged
      from fr
    ),
    planned as (
      select count(*)::int as planned, (count(*) filter (where completed))::int as planned_completed from previous_plans
    )
    select (select count(*)::int from scope) as invited, (select n from register) as register, submitted.*, planned.*,
      (select n from outstanding) as outstanding
    from submitted, planned`,
  );
  const n = (k: string) => int(row?.[k]);
  const fig = (key: string, label: string, numerator: number, denominator: number, definition: string): Figure => ({ key, label, numerator, denominator, definition });
  return {
    invited: fig("invited", "Settings invited", n("invited"), n("register"), "Settings invited to the cycle, of the active settings in the register."),
    submitted: fig("submitted", "Settings that submitted (participation)", n("submitted"), n("invited"), "Invited settings with a submitted return, at any time so far."),
    submittedOnTime: fig(
      "submittedOnTime",
      "Submitted on time",
      n("on_time"),
      n("invited"),
      "Invited settings whose first submission was on or before their due date (the cycle's, or their extension's).",
    ),
    submittedByClose: fig(
      "submittedByClose",
      "Submitted by the close",
      n("by_close"),
      n("invited"),
      "Invited settings whose first submission was on or before the cycle's closing date (all so far while it has none).",
    ),
    everyStandardMet: fig(
      "everyStandardMet",
      "Rated every standard met or exceeded",
      n("every_met"),
      n("submitted"),
      "Submitting settings whose latest version rates every standard met or exceeds (or not applicable where allowed).",
    ),
    moderationCoverage: fig("moderationCoverage", "Moderation coverage", n("moderated"), n("submitted"), "Submitted returns whose first panel review is completed."),
    moderatedAgreed: fig("moderatedAgreed", "Moderated returns agreed", n("agreed"), n("moderated"), "Moderated returns whose review's outcome is agreed (not agreed with changes, not not agreed)."),
    exceedsNotSupported: fig(
      "exceedsNotSupported",
      "Exceeds unsupported or revised down",
      n("exceeded_flagged"),
      n("exceeded"),
      "Submitting settings that rated any standard Exceeds in any version, whose Exceeds lacked the evidence, or the panel or a challenge lowered.",
    ),
    previousActionsCompleted: fig(
      "previousActionsCompleted",
      "Completed all actions from their previous return",
      n("planned_completed"),
      n("planned"),
      previous
        ? `Settings whose ${previous.name} return planned an action, with every such action now done or no longer needed.`
        : "No earlier cycle: there is no previous return.",
    ),
    outstandingActions: n("outstanding"),
  };
}

export const headlineList = (h: Headline): Figure[] => [
  h.invited,
  h.submitted,
  h.submittedOnTime,
  h.submittedByClose,
  h.everyStandardMet,
  h.moderationCoverage,
  h.moderatedAgreed,
  h.exceedsNotSupported,
  h.previousActionsCompleted,
];

export interface ParticipationRow {
  key: string;
  label: string;
  invited: number;
  submitted: number;
}

/** Invited and submitted by type of setting and by statutory basis (those with anyone invited). */
export async function participation(db: Db, cycle: FindingsCycle, filters: FindingsFilters): Promise<{ byType: ParticipationRow[]; byBasis: ParticipationRow[] }> {
  const rows = await rowsOf<Row>(
    db,
    sql`with ${baseCtes(cycle.id, cycle.partnershipId, filters)}
        select scope.type::text as type, scope.basis::text as basis, count(*)::int as invited, count(fr.return_id)::int as submitted
        from scope left join fr on fr.return_id = scope.return_id group by scope.type, scope.basis`,
  );
  const sum = (key: "type" | "basis") => {
    const map = new Map<string, { invited: number; submitted: number }>();
    for (const r of rows) {
      const k = String(r[key]);
      const t = map.get(k) ?? { invited: 0, submitted: 0 };
      t.invited += int(r.invited);
      t.submitted += int(r.submitted);
      map.set(k, t);
    }
    return map;
  };
  const byType = sum("type");
  const byBasis = sum("basis");
  return {
    byType: (Object.keys(SETTING_TYPE_LABELS) as SettingType[])
      .filter((t) => byType.has(t))
      .map((t) => ({ key: t, label: SETTING_TYPE_LABELS[t], ...byType.get(t)! })),
    byBasis: (["s175", "s157", "s11"] as StatutoryBasis[]).filter((b) => byBasis.has(b)).map((b) => ({ key: b, label: b, ...byBasis.get(b)! })),
  };
}

export interface StandardFindings {
  standardId: string;
  code: string;
  title: string;
  framework: "education" | "agency";
  self: RatingCounts;
  selfTotal: number;
  moderated: RatingCounts;
  moderatedTotal: number;
  /** Judged standards whose self-assessed and moderated ratings are both on the scale. */
  judged: number;
  lowered: number;
  raised: number;
}

const emptyCounts = (): RatingCounts => Object.fromEntries(RATING_COLUMNS.map((c) => [c, 0])) as RatingCounts;

/**
 * Each standard of the frameworks the selected returns use, in framework order: self-assessed
 * ratings of the latest versions, moderated ratings of the moderated returns, and how many the
 * panel lowered and raised.
 */
export async function standardFindings(db: Db, cycle: FindingsCycle, filters: FindingsFilters): Promise<StandardFindings[]> {
  const p = cycle.partnershipId;
  const standardsRows = await rowsOf<Row>(
    db,
    sql`with ${baseCtes(cycle.id, p, filters)}
        select st.id, st.code, st.title, f.kind from standards st
        join frameworks f on f.id = st.framework_id
        join framework_sections sec on sec.id = st.section_id
        where st.partnership_id = ${p}::uuid and st.framework_id in (select distinct framework_id from scope) and not st.retired
        order by f.kind, sec.position, st.position`,
  );
  const tallies = await rowsOf<Row>(
    db,
    sql`select t.standard_id,
          sum(t.self_not_met)::int as self_not_met, sum(t.self_partially_met)::int as self_partially_met, sum(t.self_met)::int as self_met,
          sum(t.self_exceeds)::int as self_exceeds, sum(t.self_not_applicable)::int as self_not_applicable, sum(t.self_none)::int as self_none,
          sum(t.mod_not_met)::int as mod_not_met, sum(t.mod_partially_met)::int as mod_partially_met, sum(t.mod_met)::int as mod_met,
          sum(t.mod_exceeds)::int as mod_exceeds, sum(t.mod_not_applicable)::int as mod_not_applicable, sum(t.mod_none)::int as mod_none,
          sum(t.judged)::int as judged, sum(t.lowered)::int as lowered, sum(t.raised)::int as raised
        from findings_tallies t
        where t.partnership_id = ${p}::uuid and t.cycle_id = ${cycle.id}::uuid
          ${filters.settingType ? sql`and t.setting_type = ${filters.settingType}` : sql``}
          ${filters.basis ? sql`and t.basis = ${filters.basis}` : sql``}
        group by t.standard_id`,
  );
  const byId = new Map<string, StandardFindings>();
  for (const s of standardsRows) {
    byId.set(String(s.id), {
      standardId: String(s.id),
      code: String(s.code),
      title: String(s.title),
      framework: s.kind as "education" | "agency",
      self: emptyCounts(),
      selfTotal: 0,
      moderated: emptyCounts(),
      moderatedTotal: 0,
      judged: 0,
      lowered: 0,
      raised: 0,
    });
  }
  for (const r of tallies) {
    const s = byId.get(String(r.standard_id));
    if (!s) continue;
    for (const column of RATING_COLUMNS) {
      s.self[column] = int(r[`self_${column}`]);
      s.moderated[column] = int(r[`mod_${column}`]);
    }
    s.selfTotal = RATING_COLUMNS.reduce((sum, column) => sum + s.self[column], 0);
    s.moderatedTotal = RATING_COLUMNS.reduce((sum, column) => sum + s.moderated[column], 0);
    s.judged = int(r.judged);
    s.lowered = int(r.lowered);
    s.raised = int(r.raised);
  }
  return [...byId.values()];
}

/** Standards by the share the panel lowered, highest first (then by how many it rests on, then code). */
export function rankByInflation(standards: StandardFindings[]): StandardFindings[] {
  const share = (s: StandardFindings) => (s.judged === 0 ? -1 : s.lowered / s.judged);
  return [...standards].sort((a, b) => share(b) - share(a) || b.judged - a.judged || a.framework.localeCompare(b.framework) || a.code.localeCompare(b.code, "en", { numeric: true }));
}

export interface ThemeFigure {
  theme: ActionTheme;
  label: string;
  actions: number;
  settings: number;
}

/** Outstanding (not started or in progress) actions of the selected invited settings, by theme. */
export async function outstandingByTheme(db: Db, cycle: FindingsCycle, filters: FindingsFilters): Promise<ThemeFigure[]> {
  const rows = await rowsOf<Row>(
    db,
    sql`with ${baseCtes(cycle.id, cycle.partnershipId, filters)}
        select a.theme::text as theme, count(*)::int as actions, count(distinct a.setting_id)::int as settings
        from actions a join scope on scope.setting_id = a.setting_id
        where a.partnership_id = ${cycle.partnershipId}::uuid and a.status in ('open','in_progress') group by a.theme`,
  );
  const of = new Map(rows.map((r) => [String(r.theme), r]));
  return THEMES.map((theme) => ({ theme, label: THEME_LABELS[theme], actions: int(of.get(theme)?.actions), settings: int(of.get(theme)?.settings) }));
}

export interface ModeratedReturn {
  settingName: string;
  urnOrReference: string;
  type: SettingType;
  outcome: string;
  completedAt: Date | null;
  judged: number;
  lowered: number;
  raised: number;
  challenges: number;
  challengesRevised: number;
}

/** One row per moderated return: its outcome and what the panel changed. */
export async function moderatedReturns(db: Db, cycle: FindingsCycle, filters: FindingsFilters): Promise<ModeratedReturn[]> {
  const rows = await rowsOf<Row>(
    db,
    sql`with ${baseCtes(cycle.id, cycle.partnershipId, filters)}
        select s.name, coalesce(s.urn, s.reference, '') as ref, s.type::text as type, fr.outcome::text as outcome, fr.reviewed_at as completed_at,
          fr.judgements as judged, fr.lowered, fr.raised, fr.challenges, fr.challenges_revised
        from fr join settings s on s.id = fr.setting_id
        where fr.assignment_id is not null
        order by s.name, s.id`,
  );
  return rows.map((r) => ({
    settingName: String(r.name),
    urnOrReference: String(r.ref),
    type: r.type as SettingType,
    outcome: String(r.outcome ?? ""),
    completedAt: r.completed_at ? new Date(r.completed_at as string) : null,
    judged: int(r.judged),
    lowered: int(r.lowered),
    raised: int(r.raised),
    challenges: int(r.challenges),
    challengesRevised: int(r.challenges_revised),
  }));
}

let cycleRemindersTable: Promise<boolean> | undefined;
/** Whether cycle_reminders exists yet (issue 12 makes it): asked once. */
function hasCycleReminders(db: Db): Promise<boolean> {
  cycleRemindersTable ??= rowsOf<Row>(db, sql`select to_regclass('cycle_reminders')::text as t`).then((r) => r[0]?.t != null, () => false);
  return cycleRemindersTable;
}

export interface NonSubmitter {
  settingId: string;
  settingName: string;
  urnOrReference: string;
  type: SettingType;
  basis: StatutoryBasis;
  status: string;
  dueOn: string;
  dsls: { name: string; email: string }[];
  /** Reminders about this return sent so far; null where the portal does not record them yet. */
  cycleReminders: { count: number; lastSentAt: Date | null } | null;
  /** Overdue-action reminders sent about the setting's actions (decision 019). */
  actionReminders: number;
}

/** Invited settings without a submitted return, with their DSLs' contacts and the reminders already sent. */
export async function nonSubmitters(db: Db, cycle: FindingsCycle, filters: FindingsFilters, limit?: number): Promise<{ rows: NonSubmitter[]; total: number; remindersRecorded: boolean }> {
  const p = cycle.partnershipId;
  const recorded = await hasCycleReminders(db);
  const reminders = recorded
    ? sql`(select count(*)::int from cycle_reminders cr where cr.return_id = scope.return_id) as reminders,
          (select max(cr.created_at) from cycle_reminders cr where cr.return_id = scope.return_id) as last_reminded`
    : sql`null::int as reminders, null::timestamptz as last_reminded`;
  const rows = await rowsOf<Row>(
    db,
    sql`with ${baseCtes(cycle.id, p, filters)}
        select s.id, s.name, coalesce(s.urn, s.reference, '') as ref, s.type::text as type, s.basis::text as basis, scope.status::text as status,
          scope.due_on::text as due_on,
          (select coalesce(json_agg(json_build_object('name', coalesce(pp.name, u.name), 'email', u.email) order by coalesce(pp.name, u.name)), '[]'::json)
             from memberships m join users u on u.id = m.user_id
             left join partnership_people pp on pp.partnership_id = m.partnership_id and pp.user_id = m.user_id
             where m.setting_id = s.id and m.partnership_id = ${p}::uuid and m.role = 'dsl' and u.active and pp.deactivated_at is null) as dsls,
          ${reminders},
          (select coalesce(sum(a.reminders_sent), 0)::int from actions a where a.setting_id = s.id and a.partnership_id = ${p}::uuid) as action_reminders,
          count(*) over ()::int as total
        from scope join settings s on s.id = scope.setting_id
        where not exists (select 1 from fr where fr.return_id = scope.return_id)
        order by s.name, s.id
        ${limit === undefined ? sql`` : sql`limit ${limit}`}`,
  );
  return {
    total: int(rows[0]?.total),
    remindersRecorded: recorded,
    rows: rows.map((r) => ({
      settingId: String(r.id),
      settingName: String(r.name),
      urnOrReference: String(r.ref),
      type: r.type as SettingType,
      basis: r.basis as StatutoryBasis,
      status: String(r.status),
      dueOn: String(r.due_on),
      dsls: (typeof r.dsls === "string" ? JSON.parse(r.dsls) : r.dsls) as { name: string; email: string }[],
      cycleReminders: recorded ? { count: int(r.reminders), lastSentAt: r.last_reminded ? new Date(r.last_reminded as string) : null } : null,
      actionReminders: int(r.action_reminders),
    })),
  };
}

export interface MovedRating {
  settingName: string;
  code: string;
  framework: string;
  before: Rating | null;
  after: Rating | null;
}

// Settings per batch: one batch fills the page's 200 rows unless fewer than one rating in thirty moved.
const MOVED_BATCH = 100;

/**
 * Per setting, the standards (by code) whose latest rating differs from the previous cycle's:
 * the first `limit` by setting name. Settings are taken a batch at a time, each batch's ratings
 * read from the findings_returns rows of its returns and their previous ones, so a national
 * cycle's million comparisons are not all made for the page's first rows. `more` says whether
 * there are others after them.
 */
export async function movedRatings(db: Db, cycle: FindingsCycle, previous: FindingsCycle, filters: FindingsFilters, limit: number): Promise<{ rows: MovedRating[]; more: boolean }> {
  const p = cycle.partnershipId;
  const found: MovedRating[] = [];
  let after: { name: string; id: string } | null = null;
  for (;;) {
    const keyset: SQL = after ? sql`and (s.name, r.id) > (${after.name}, ${after.id}::uuid)` : sql``;
    const batch: Row[] = await rowsOf<Row>(
      db,
      sql`with page as (
            select r.id, r.setting_id, s.name, r.framework_id from returns r join settings s on s.id = r.setting_id and s.partnership_id = r.partnership_id
            where r.partnership_id = ${p}::uuid and r.cycle_id = ${cycle.id}::uuid ${settingFilter(filters)} ${keyset}
            order by s.name, r.id limit ${MOVED_BATCH}
          ),
          -- Each return's latest ratings by code, from its findings_returns row (one row per return,
          -- not its sixty answers found one by one): here and in the same setting's previous return.
          now_ as materialized (
            select page.id, page.name, page.setting_id, f.kind, e->>1 as code, e->>2 as rating
            from page join findings_returns fr on fr.return_id = page.id
            join frameworks f on f.id = page.framework_id
            cross join lateral jsonb_array_elements(fr.answers) e
          ),
          before_ as materialized (
            select pr.setting_id, pf.kind, e->>1 as code, e->>2 as rating
            from returns pr join page on page.setting_id = pr.setting_id
            join findings_returns fb on fb.return_id = pr.id
            join frameworks pf on pf.id = pr.framework_id
            cross join lateral jsonb_array_elements(fb.answers) e
            where pr.partnership_id = ${p}::uuid and pr.cycle_id = ${previous.id}::uuid
          )
          select n.id, n.name, n.code as standard_code, n.kind::text as kind, b.rating as before, n.rating as after
          from now_ n join before_ b on b.setting_id = n.setting_id and b.kind = n.kind and b.code collate "C" = n.code collate "C"
          where b.rating is distinct from n.rating
          union all select page.id, page.name, null, null, null, null from page
          order by 2, 1, 3 nulls last`,
    );
    const pageRows = batch.filter((r) => r.standard_code === null);
    for (const r of batch) {
      if (r.standard_code === null) continue;
      if (found.length === limit) return { rows: found, more: true };
      found.push({ settingName: String(r.name), code: String(r.standard_code), framework: String(r.kind), before: (r.before as Rating) ?? null, after: (r.after as Rating) ?? null });
    }
    if (pageRows.length < MOVED_BATCH) return { rows: found, more: false };
    const last = pageRows[pageRows.length - 1];
    after = { name: String(last.name), id: String(last.id) };
  }
}

export interface Findings {
  cycle: FindingsCycle;
  filters: FindingsFilters;
  headline: Headline;
  participation: { byType: ParticipationRow[]; byBasis: ParticipationRow[] };
  standards: StandardFindings[];
  inflation: StandardFindings[];
  themes: ThemeFigure[];
  previous: null | { cycle: FindingsCycle; headline: Headline; standards: StandardFindings[] };
}

/**
 * Everything the page's figures and the workbook's summary sheets show. The figures are
 * independent reads, asked at once: on PostgreSQL each gets a connection of the pool (two cores
 * halve the page's time), on PGlite they queue.
 */
export async function computeFindings(db: Db, cycle: FindingsCycle, filters: FindingsFilters): Promise<Findings> {
  const [headline, part, standards, themes, previous] = await Promise.all([
    headlineFigures(db, cycle, filters),
    participation(db, cycle, filters),
    standardFindings(db, cycle, filters),
    outstandingByTheme(db, cycle, filters),
    previousFindings(db, cycle, filters),
  ]);
  return { cycle, filters, headline, participation: part, standards, inflation: rankByInflation(standards), themes, previous };
}

async function previousFindings(db: Db, cycle: FindingsCycle, filters: FindingsFilters): Promise<Findings["previous"]> {
  const previousCycle = await previousCycleOfSameKind(db, cycle);
  if (!previousCycle) return null;
  const [headline, standards] = await Promise.all([headlineFigures(db, previousCycle, filters), standardFindings(db, previousCycle, filters)]);
  return { cycle: previousCycle, headline, standards };
}

/** What the findings page shows: the figures, the first `shown` non-submitters and moved ratings. */
export async function findingsPage(db: Db, cycle: FindingsCycle, filters: FindingsFilters, shown: number) {
  const [findings, chasing, moved] = await Promise.all([
    computeFindings(db, cycle, filters),
    nonSubmitters(db, cycle, filters, shown),
    previousCycleOfSameKind(db, cycle).then((previous) => (previous ? movedRatings(db, cycle, previous, filters, shown) : null)),
  ]);
  return { findings, chasing, moved };
}

export interface ReturnRow {
  settingName: string;
  urnOrReference: string;
  type: SettingType;
  basis: StatutoryBasis;
  status: string;
  submittedAt: Date | null;
  version: number | null;
  /** By standard code: the self-assessed rating, and the moderated one where there is one. */
  self: Record<string, Rating | null>;
  moderated: Record<string, Rating | null>;
}

/** Every standard code of the selected returns' frameworks, in framework order (education first). */
export async function returnCodes(db: Db, cycle: FindingsCycle, filters: FindingsFilters): Promise<string[]> {
  const rows = await rowsOf<Row>(
    db,
    sql`with ${baseCtes(cycle.id, cycle.partnershipId, filters)}
        select st.code, min(f.kind::text) as kind, min(sec.position) as sp, min(st.position) as p from standards st
        join frameworks f on f.id = st.framework_id join framework_sections sec on sec.id = st.section_id
        where st.partnership_id = ${cycle.partnershipId}::uuid and st.framework_id in (select distinct framework_id from scope) and not st.retired
        group by st.code`,
  );
  return rows.map((r) => String(r.code)).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/**
 * One row per invited setting, by name, in batches of `batch` returns found by keyset, so a
 * national cycle's 1.8 million answers never sit in memory at once.
 */
export async function* returnRows(db: Db, cycle: FindingsCycle, filters: FindingsFilters, batch = 2000): AsyncGenerator<ReturnRow[]> {
  const p = cycle.partnershipId;
  let after: { name: string; id: string } | null = null;
  for (;;) {
    const keyset: SQL = after ? sql`and (s.name, r.id) > (${after.name}, ${after.id}::uuid)` : sql``;
    const rows: Row[] = await rowsOf<Row>(
      db,
      sql`with page as (
            select r.id, r.status::text as status, s.name, coalesce(s.urn, s.reference, '') as ref, s.type::text as type, s.basis::text as basis
            from returns r join settings s on s.id = r.setting_id and s.partnership_id = r.partnership_id
            where r.partnership_id = ${p}::uuid and r.cycle_id = ${cycle.id}::uuid ${settingFilter(filters)} ${keyset}
            order by s.name, r.id limit ${batch}
          )
          select page.id, page.status, page.name, page.ref, page.type, page.basis, f.version_number as number, f.latest_submitted_at as submitted_at, f.answers
          from page left join findings_returns f on f.return_id = page.id
          order by page.name, page.id`,
    );
    if (rows.length === 0) return;
    yield rows.map((r) => {
      const self: Record<string, Rating | null> = {};
      const moderated: Record<string, Rating | null> = {};
      // findings_returns.answers: [standard id, code, self-assessed, moderated, flags].
      const answers = (typeof r.answers === "string" ? JSON.parse(r.answers) : (r.answers ?? [])) as [string, string, Rating | null, Rating | null, number][];
      for (const [, code, rating, mod] of answers) {
        self[code] = rating;
        if (mod) moderated[code] = mod;
      }
      return {
        settingName: String(r.name),
        urnOrReference: String(r.ref),
        type: r.type as SettingType,
        basis: r.basis as StatutoryBasis,
        status: String(r.status),
        submittedAt: r.submitted_at ? new Date(r.submitted_at as string) : null,
        version: r.number === null || r.number === undefined ? null : int(r.number),
        self,
        moderated,
      };
    });
    const last = rows[rows.length - 1];
    after = { name: String(last.name), id: String(last.id) };
    if (rows.length < batch) return;
  }
}
