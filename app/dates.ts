// Dates and times as GOV.UK writes them, in UK time: "4 March 2025", "4 March 2025 at 2:05pm",
// "9am", "midday", "midnight" (never "12:00pm" or "0:00am"). Pages and emails both use these.

const londonDate = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });
const calendarDate = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
const londonClock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

const asDate = (value: string | Date) => (typeof value === "string" ? new Date(value) : value);

/**
 * A calendar date ("2025-04-01" as stored in a `date` column) or a moment (a Date, or an ISO
 * timestamp from a loader) as "1 April 2025". A moment is read in UK time.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "";
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return calendarDate.format(new Date(`${value}T00:00:00Z`));
  return londonDate.format(asDate(value));
}

/** The UK time of day: "midnight", "12:30am", "9am", "9:05am", "midday", "1:30pm". */
export function formatTime(value: string | Date): string {
  const parts = londonClock.formatToParts(asDate(value));
  const hour = Number(parts.find((p) => p.type === "hour")?.value ?? 0) % 24;
  const minute = Number(parts.find((p) => p.type === "minute")?.value ?? 0);
  if (minute === 0 && hour === 0) return "midnight";
  if (minute === 0 && hour === 12) return "midday";
  const clock = hour % 12 === 0 ? 12 : hour % 12;
  return `${clock}${minute === 0 ? "" : `:${String(minute).padStart(2, "0")}`}${hour < 12 ? "am" : "pm"}`;
}

/** A moment as "4 March 2025 at 2:05pm", in UK time. */
export function formatDateTime(value: string | Date): string {
  const date = asDate(value);
  return `${londonDate.format(date)} at ${formatTime(date)}`;
}

const londonIsoParts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** The calendar date in the UK at that moment, as a `date` column stores it: "2025-04-01". */
export function londonIsoDate(moment: Date = new Date()): string {
  const parts = londonIsoParts.formatToParts(moment);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** A calendar date ("2026-03-31") moved by whole days, in calendar terms (no clock, no time zone). */
export function addIsoDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function isoDaysBetween(from: string, to: string): number {
  const ms = (iso: string) => {
    const [y, m, d] = iso.split("-").map(Number);
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
