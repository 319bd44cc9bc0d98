// Outstanding actions across the partnership: what every setting still has to do, filtered the
// way the partnership asks (by theme, kind of setting, cycle, source, overdue, words in the
// description), counted by theme, and how many settings finished what their previous return
// planned. Everything is counted in SQL, so a national installation's plans never load whole.
import { and, asc, count, countDistinct, desc, eq, inArray, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db.server";
import {
  actionSource,
  actions,
  cycles,
  returns,
  settings,
  type ActionStatus,
  type ActionTheme,
  type SettingType,
  type StatutoryBasis,
} from "../../db/schema";
import { isUuid } from "../ids";
import { ACTION_SOURCE_LABELS, ACTION_STATUS_LABELS, OUTSTANDING_ACTION_STATUSES, THEMES, THEME_LABELS, isOverdueAction } from "./action-themes";
import { SETTING_TYPE_LABELS, isSettingType, isStatutoryBasis } from "./setting-types";

export type ActionSource = (typeof actionSource.enumValues)[number];
export interface OutstandingActionFilters {
  theme?: ActionTheme;
  settingType?: SettingType;
  basis?: StatutoryBasis;
  /** The cycle whose return the action came from (its own return's, or the moderated one's). */
  cycleId?: string;
  source?: ActionSource;
  /** Only those past their due date. */
  overdue?: boolean;
  /** Words the description contains, in any case ("governor training"). */
  q?: string;
}

export interface OutstandingActionsQuery {
  partnershipId: string;
  filters: OutstandingActionFilters;
  /** The UK calendar date ("2026-06-01"), from `londonIsoDate`: due before it is overdue. */
  today: string;
}

export interface OutstandingAction {
  id: string;
  description: string;
  theme: ActionTheme;
  owner: string;
  dueOn: string | null;
  overdue: boolean;
  status: ActionStatus;
  source: ActionSource;
  standardCode: string | null;
  settingId: string;
  settingName: string;
  settingType: SettingType;
  basis: StatutoryBasis;
  cycleId: string | null;
  cycleName: string | null;
}

/** The filters a page's query string asks for; anything unknown is no filter. */
export function filtersFromSearch(search: URLSearchParams): OutstandingActionFilters {
  const theme = search.get("theme");
  const settingType = search.get("type");
  const basis = search.get("basis");
  const cycleId = search.get("cycle");
  const source = search.get("source");
  const q = search.get("q")?.trim().slice(0, 200);
  return {
    theme: THEMES.includes(theme as ActionTheme) ? (theme as ActionTheme) : undefined,
    settingType: isSettingType(settingType) ? settingType : undefined,
    basis: isStatutoryBasis(basis) ? basis : undefined,
    cycleId: cycleId && isUuid(cycleId) ? cycleId : undefined,
    source: source && Object.hasOwn(ACTION_SOURCE_LABELS, source) ? (source as ActionSource) : undefined,
    overdue: search.get("overdue") === "yes" || undefined,
    q: q || undefined,
  };
}

/** The query string that asks for these filters (the CSV link carries the page's). */
export function searchOfFilters(filters: OutstandingActionFilters): string {
  const search = new URLSearchParams();
  if (filters.theme) search.set("theme", filters.theme);
  if (filters.settingType) search.set("type", filters.settingType);
  if (filters.basis) search.set("basis", filters.basis);
  if (filters.cycleId) search.set("cycle", filters.cycleId);
  if (filters.source) search.set("source", filters.source);
  if (filters.overdue) search.set("overdue", "yes");
  if (filters.q) search.set("q", filters.q);
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** A LIKE pattern matching the text literally: % and _ are the user's characters, not wildcards. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function conditionsOf({ partnershipId, filters, today }: OutstandingActionsQuery): SQL[] {
  const conditions: (SQL | undefined)[] = [
    eq(actions.partnershipId, partnershipId),
    inArray(actions.status, OUTSTANDING_ACTION_STATUSES),
    filters.theme ? eq(actions.theme, filters.theme) : undefined,
    filters.settingType ? eq(settings.type, filters.settingType) : undefined,
    filters.basis ? eq(settings.basis, filters.basis) : undefined,
    filters.cycleId ? eq(returns.cycleId, filters.cycleId) : undefined,
    filters.source ? eq(actions.source, filters.source) : undefined,
    // As isOverdueAction: due on the 31st, overdue from the 1st.
    filters.overdue ? and(isNotNull(actions.dueOn), lt(actions.dueOn, today)) : undefined,
    filters.q?.trim() ? sql`${actions.description} ilike ${containsPattern(filters.q.trim())} escape '\\'` : undefined,
  ];
  return conditions.filter((c): c is SQL => c !== undefined);
}

// Every query below joins the action's setting (in the same partnership) and the return it came
// from, for its cycle. An action without an origin return has no cycle: it is left out only when a
// cycle is asked for.

/** The outstanding actions that match, by setting, then the soonest due. */
export async function listOutstandingActions(
  db: Db,
  query: OutstandingActionsQuery & { limit?: number },
): Promise<OutstandingAction[]> {
  const select = db
    .select({
      id: actions.id,
      description: actions.description,
      theme: actions.theme,
      owner: actions.owner,
      dueOn: actions.dueOn,
      status: actions.status,
      source: actions.source,
      standardCode: actions.standardCode,
      settingId: settings.id,
      settingName: settings.name,
      settingType: settings.type,
      basis: settings.basis,
      cycleId: cycles.id,
      cycleName: cycles.name,
    })
    .from(actions)
    .innerJoin(settings, and(eq(settings.id, actions.settingId), eq(settings.partnershipId, actions.partnershipId)))
    .leftJoin(returns, and(eq(returns.id, actions.originReturnId), eq(returns.partnershipId, actions.partnershipId)))
    .leftJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(and(...conditionsOf(query)))
    .orderBy(asc(settings.name), sql`${actions.dueOn} asc nulls last`, asc(actions.createdAt), asc(actions.id));
  const rows = query.limit === undefined ? await select : await select.limit(query.limit);
  return rows.map((r) => ({ ...r, overdue: isOverdueAction(r, query.today) }));
}

export interface ThemeCounts {
  /** Every theme, in the fixed order, with its outstanding actions and the settings they belong to. */
  byTheme: { theme: ActionTheme; actions: number; settings: number }[];
  actions: number;
  settings: number;
}

/** How many outstanding actions match, in how many settings, overall and by theme. */
export async function countsByTheme(db: Db, query: OutstandingActionsQuery): Promise<ThemeCounts> {
  const where = and(...conditionsOf(query));
  const grouped = await db
    .select({ theme: actions.theme, actions: count(), settings: countDistinct(actions.settingId) })
    .from(actions)
    .innerJoin(settings, and(eq(settings.id, actions.settingId), eq(settings.partnershipId, actions.partnershipId)))
    .leftJoin(returns, and(eq(returns.id, actions.originReturnId), eq(returns.partnershipId, actions.partnershipId)))
    .where(where)
    .groupBy(actions.theme);
  const [total] = await db
    .select({ actions: count(), settings: countDistinct(actions.settingId) })
    .from(actions)
    .innerJoin(settings, and(eq(settings.id, actions.settingId), eq(settings.partnershipId, actions.partnershipId)))
    .leftJoin(returns, and(eq(returns.id, actions.originReturnId), eq(returns.partnershipId, actions.partnershipId)))
    .where(where);
  const of = new Map(grouped.map((g) => [g.theme, g]));
  return {
    byTheme: THEMES.map((theme) => ({ theme, actions: of.get(theme)?.actions ?? 0, settings: of.get(theme)?.settings ?? 0 })),
    actions: total?.actions ?? 0,
    settings: total?.settings ?? 0,
  };
}

export interface CompletionShare {
  /** Settings whose every action from their previous return is now done or no longer needed. */
  numerator: number;
  /** Settings whose return in the cycle before planned at least one action. */
  denominator: number;
  /** The cycle before the one asked about; null when it is the partnership's first. */
  previousCycle: { id: string; name: string } | null;
}

/**
 * Of the settings whose return in the cycle before `cycleId` planned at least one action (their
 * own or one the panel added when moderating it), how many have finished every one of them:
 * each done or dropped as no longer needed. Counted as things stand today.
 */
export async function completionShare(db: Db, { partnershipId, cycleId }: { partnershipId: string; cycleId: string }): Promise<CompletionShare> {
  const [cycle] = await db
    .select({ opensOn: cycles.opensOn })
    .from(cycles)
    .where(and(eq(cycles.id, cycleId), eq(cycles.partnershipId, partnershipId)));
  if (!cycle) return { numerator: 0, denominator: 0, previousCycle: null };
  const [previous] = await db
    .select({ id: cycles.id, name: cycles.name })
    .from(cycles)
    .where(and(eq(cycles.partnershipId, partnershipId), lt(cycles.opensOn, cycle.opensOn)))
    .orderBy(desc(cycles.opensOn), desc(cycles.createdAt))
    .limit(1);
  if (!previous) return { numerator: 0, denominator: 0, previousCycle: null };
  const perSetting = db
    .select({
      settingId: actions.settingId,
      completed: sql<boolean>`bool_and(${actions.status} in ('done', 'dropped'))`.as("completed"),
    })
    .from(actions)
    .innerJoin(returns, and(eq(returns.id, actions.originReturnId), eq(returns.partnershipId, actions.partnershipId)))
    .where(and(eq(actions.partnershipId, partnershipId), eq(returns.cycleId, previous.id)))
    .groupBy(actions.settingId)
    .as("per_setting");
  const [share] = await db
    .select({
      denominator: count(),
      numerator: sql<number>`count(*) filter (where ${perSetting.completed})`.mapWith(Number),
    })
    .from(perSetting);
  return { numerator: share?.numerator ?? 0, denominator: share?.denominator ?? 0, previousCycle: previous };
}

const CSV_HEAD = ["Setting", "Type of setting", "Statutory basis", "Description", "Theme", "Owner", "Due date", "Overdue", "Status", "Source", "Cycle"];

/**
 * The rows as CSV (RFC 4180, CRLF, a header row). A cell a spreadsheet would run as a formula
 * (starting = + - @, or a tab or carriage return) gets a leading apostrophe, so it stays text.
 */
export function outstandingActionsToCsv(rows: OutstandingAction[]): string {
  const lines = [
    CSV_HEAD,
    ...rows.map((r) => [
      r.settingName,
      SETTING_TYPE_LABELS[r.settingType],
      r.basis,
      r.description,
      THEME_LABELS[r.theme],
      r.owner,
      r.dueOn ?? "",
      r.overdue ? "yes" : "no",
      ACTION_STATUS_LABELS[r.status],
      ACTION_SOURCE_LABELS[r.source],
      r.cycleName ?? "",
    ]),
  ];
  return lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
