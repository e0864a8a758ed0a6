import { z } from 'zod';

/**
 * Dates as phasegate reads them: `YYYY-MM-DD` (a calendar day, UTC) or an ISO 8601 date-time with an offset.
 * Pure helpers for guards and time travel; none of them reads the clock.
 */
const dayMs = 86_400_000;

// Replay checks dates for nearly every event (the programme's notBackdated and notFuture rules), so the shapes below
// are read character by character rather than with a regular expression.
const isDigit = (code: number) => code >= 48 && code <= 57;

/** True when `text` holds `YYYY-MM-DD` at `at`: four digits, a dash, two digits, a dash, two digits. */
function hasDayAt(text: string, at: number): boolean {
  for (let i = at; i < at + 10; i++) {
    const code = text.charCodeAt(i);
    if (i === at + 4 || i === at + 7 ? code !== 45 /* - */ : !isDigit(code)) return false;
  }
  return true;
}

/** True for a `YYYY-MM-DD` date without a time. */
export function isDateOnly(text: string): boolean {
  // Replay asks this of the same few dates over and over (a phase's start, the day of the facts): the last one that
  // passed is remembered. JSON.parse interns strings of up to 10 characters, so this is usually one pointer comparison.
  if (text === lastDay) return true;
  if (text.length !== 10 || !hasDayAt(text, 0)) return false;
  lastDay = text;
  return true;
}

let lastDay: string | null = null;

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
  // `a` has 10 characters: against a longer `b` whose day it equals, `a <= b` holds as `a <= b.slice(0, 10)` does.
  if (isDateOnly(a) && (isDateOnly(b) || isUtcInstant(b))) return a <= b;
  return startOf(a) <= endOf(b);
}

/** True for `YYYY-MM-DDTHH:MM:SSZ`, with any fraction of a second (`.` and at least one digit) before the `Z`. */
function isUtcInstant(text: string): boolean {
  // The events of one append share their recordedAt (engine/decideBatch.ts): the last instant that passed is
  // remembered, and comparing a string with it costs less than the expression.
  if (text === lastInstant) return true;
  if (!utcInstant.test(text)) return false;
  lastInstant = text;
  return true;
}

let lastInstant: string | null = null;

// A recordedAt read from JSON is a string of its own (shorter ones are interned, longer ones not): V8 tests it against
// this expression in about half the time of reading it character by character (2026-12-05).
const utcInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

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
