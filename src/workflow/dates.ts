import { z } from 'zod';

/**
 * Dates as phasegate reads them: `YYYY-MM-DD` (a calendar day, UTC) or an ISO 8601 date-time with an offset.
 * Pure helpers for guards and time travel; none of them reads the clock.
 */
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const dayMs = 86_400_000;

/** True for a `YYYY-MM-DD` date without a time. */
export function isDateOnly(text: string): boolean {
  return text.length === 10 && dateOnly.test(text);
}

/** Returns the first millisecond (UTC) a date or date-time stands for; NaN when it is not one. */
export function startOf(text: string): number {
  return isDateOnly(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
}

/** Returns the last millisecond (UTC) a date or date-time stands for: the end of the day for a bare date. */
export function endOf(text: string): number {
  return isDateOnly(text) ? Date.parse(`${text}T00:00:00Z`) + dayMs - 1 : Date.parse(text);
}

/** True when `a` (a fact's date) could have happened by `b` (a bound): `a` starts no later than `b` ends. */
export function isOnOrBefore(a: string, b: string): boolean {
  // Fast paths for the common shapes (replay calls this per event): plain dates, and a date against a UTC instant.
  if (isDateOnly(a) && (isDateOnly(b) || isUtcInstant(b))) return a <= b.slice(0, 10);
  return startOf(a) <= endOf(b);
}

const utcInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
function isUtcInstant(text: string): boolean {
  return text.length >= 20 && text.charCodeAt(text.length - 1) === 90 /* Z */ && utcInstant.test(text);
}

/** Returns the UTC calendar day of a date or date-time, as `YYYY-MM-DD`. */
export function dayOf(text: string): string {
  return isDateOnly(text) ? text : new Date(startOf(text)).toISOString().slice(0, 10);
}

/** Returns `a` and `b` compared by their start: negative, zero or positive. */
export function compareDates(a: string, b: string): number {
  if (isDateOnly(a) && isDateOnly(b)) return a < b ? -1 : a > b ? 1 : 0;
  return startOf(a) - startOf(b);
}

/** An ISO 8601 calendar date (`YYYY-MM-DD`) or date-time with a zone: what `occurredAt` and time-travel bounds take. */
export const dateOrDateTime: z.ZodUnion<readonly [z.ZodISODate, z.ZodISODateTime]> = z.union(
  [z.iso.date(), z.iso.datetime({ offset: true })],
  {
    error: 'expected an ISO 8601 date (YYYY-MM-DD) or date-time with a zone (2011-07-01T09:00:00Z)',
  },
);

/** True for a real calendar date or a date-time with a zone (2011-02-30 is neither). */
export function isDateOrDateTime(text: unknown): text is string {
  return dateOrDateTime.safeParse(text).success;
}
