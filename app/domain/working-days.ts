// Working days in England and Wales: the date a setting's answer to a challenge is due.
//
// Days are London calendar days: a challenge raised at 23:30 UTC on a summer evening was raised
// the next day in London (British Summer Time), and counts from there. The day it is raised
// does not count: 1 working day from a Friday is the Monday. Saturdays, Sundays and the bank
// holidays below are skipped.
//
// addWorkingDays returns a Date at 12:00 UTC on the London date it lands on: noon UTC is the same
// calendar day in London in winter and in summer, so the date survives a timestamptz column and
// any formatting in Europe/London. londonDate turns a Date back into "YYYY-MM-DD".
//
// Pure: the time is passed in.

export const CHALLENGE_RESPONSE_WORKING_DAYS = 15;

/**
 * Bank holidays in England and Wales, 2025 to 2028, from GOV.UK's published list
 * (https://www.gov.uk/bank-holidays), substitute days included. Add the next years as GOV.UK
 * publishes them: after the last year listed only weekends are skipped (bankHolidaysKnown says
 * whether a date is covered, so a page can say so).
 */
export const BANK_HOLIDAYS_ENGLAND_AND_WALES: readonly string[] = [
  // 2025
  "2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26",
  // 2026: Boxing Day is a Saturday, so the holiday is Monday 28 December.
  "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28",
  // 2027: Christmas Day and Boxing Day fall at the weekend, so the holidays are the 27th and 28th.
  "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28",
  // 2028: New Year's Day is a Saturday, so the holiday is Monday 3 January.
  "2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26",
];

const HOLIDAYS = new Set(BANK_HOLIDAYS_ENGLAND_AND_WALES);
const FIRST_YEAR = Number(BANK_HOLIDAYS_ENGLAND_AND_WALES[0].slice(0, 4));
const LAST_YEAR = Number(BANK_HOLIDAYS_ENGLAND_AND_WALES[BANK_HOLIDAYS_ENGLAND_AND_WALES.length - 1].slice(0, 4));
const DAY_MS = 86_400_000;

const london = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" });

/** The London calendar date of a moment, as "YYYY-MM-DD". */
export function londonDate(moment: Date): string {
  if (Number.isNaN(moment.getTime())) throw new RangeError("Not a date");
  const part = Object.fromEntries(london.formatToParts(moment).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day}`;
}

// Noon UTC on an ISO date, refusing anything that is not a real date ("2026-02-30").
function noonUtc(isoDate: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const noon = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12)) : null;
  if (!noon || noon.toISOString().slice(0, 10) !== isoDate) throw new RangeError(`Not a date in the form YYYY-MM-DD: ${isoDate}`);
  return noon;
}

/** Not a Saturday, a Sunday or a bank holiday in England and Wales. */
export function isWorkingDay(isoDate: string): boolean {
  const weekday = noonUtc(isoDate).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !HOLIDAYS.has(isoDate);
}

/** Whether the bank holiday list covers this date's year. */
export function bankHolidaysKnown(isoDate: string): boolean {
  const year = noonUtc(isoDate).getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/**
 * The London date `days` working days after the London date of `from` (which does not count),
 * as a Date at 12:00 UTC. 0 days gives from's own date.
 */
export function addWorkingDays(from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Working days must be a whole number, 0 or more (got ${days})`);
  let day = noonUtc(londonDate(from));
  for (let left = days; left > 0; ) {
    day = new Date(day.getTime() + DAY_MS);
    if (isWorkingDay(day.toISOString().slice(0, 10))) left -= 1;
  }
  return day;
}
