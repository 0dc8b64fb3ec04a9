/** The organisation's time zone (`ACADEMY_TIMEZONE`, default Asia/Shanghai): it sets day and month boundaries everywhere. */
export function orgTimeZone(): string {
  return process.env.ACADEMY_TIMEZONE || 'Asia/Shanghai';
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** One cached formatter per zone: building one costs far more than formatting with it (the review formats thousands). */
function dayFormat(zone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(zone);
  if (!format) dayFormats.set(zone, (format = new Intl.DateTimeFormat('en-CA', { timeZone: zone })));
  return format;
}

/** Is `day` a real calendar date written `YYYY-MM-DD` (2026-02-30 is not)? Every form and query with a day asks this. */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
}

/** Today's date (YYYY-MM-DD) in the organisation's time zone. */
export function orgToday(at = new Date()): string {
  return orgDayOf(at);
}

/**
 * The organisation's day (YYYY-MM-DD) an instant falls on, e.g. the day an assignment was completed.
 * The last day found is kept with its bounds: nearly every call asks about today, and formatting
 * through Intl on each was 1.5% of a signed-in home page.
 */
export function orgDayOf(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const zone = orgTimeZone();
  const last = lastDay;
  if (last && last.zone === zone && ms >= last.from && ms < last.to) return last.day;
  const day = dayFormat(zone).format(ms);
  lastDay = { zone, day, from: orgDayStart(day), to: orgDayStart(nextDay(day)) };
  return day;
}

let lastDay: { zone: string; day: string; from: number; to: number } | undefined;

/** This month (YYYY-MM) in the organisation's time zone. */
export function orgMonth(at = new Date()): string {
  return orgToday(at).slice(0, 7);
}

/** The month before `month` (YYYY-MM), e.g. the last month a review can be approved for. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** A month's first and last day and the instants it starts and ends ([start, end)) in the organisation's time zone. */
export function monthRange(month: string): { firstDay: string; lastDay: string; start: number; end: number } {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { firstDay: `${month}-01`, lastDay: `${month}-${String(days).padStart(2, '0')}`, start: orgDayStart(`${month}-01`), end: orgDayStart(next) };
}

/** The UTC instant (ms) at which a calendar day (YYYY-MM-DD) begins in the organisation's time zone. */
export function orgDayStart(day: string): number {
  const key = `${orgTimeZone()} ${day}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return known;
  if (dayStarts.size >= 4096) dayStarts.clear();
  const at = computeDayStart(day);
  dayStarts.set(key, at);
  return at;
}

/** Day starts already computed: Intl's offset lookup is slow and pages ask for the same few days. */
const dayStarts = new Map<string, number>();

function computeDayStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d);
  // The zone's offset at that moment, read back from Intl; twice, so a DST change near midnight settles.
  let at = guess - offsetAt(guess);
  at = guess - offsetAt(at);
  return at;
}

/** The day after a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The organisation-local date and time of an instant, as `YYYY-MM-DD HH:mm`, for exports people read. */
export function orgDateTime(at: Date | number): string {
  return orgWallClock(at).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The organisation-local wall-clock time of an instant, as a Date whose UTC fields read that local time
 * (2026-11-02T02:00Z in Asia/Shanghai gives 2026-11-02T10:00Z). For spreadsheets: an Excel date has no
 * time zone, and exceljs writes a Date's UTC fields, so the cell shows the organisation's local time.
 */
export function orgWallClock(at: Date | number): Date {
  const ms = typeof at === 'number' ? at : at.getTime();
  const hour = Math.floor(ms / 3_600_000);
  const key = `${orgTimeZone()} ${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    if (hourOffsets.size >= 65_536) hourOffsets.clear();
    hourOffsets.set(key, (offset = offsetAt(ms)));
  }
  return new Date(ms + offset);
}

/** The zone's offset per UTC hour already looked up: a download formats two instants per row, Intl is slow. */
const hourOffsets = new Map<string, number>();

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC in ms at an instant. */
function offsetAt(at: number): number {
  const zone = orgTimeZone();
  let format = offsetFormats.get(zone);
  if (!format) offsetFormats.set(zone, (format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })));
  const name = format
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}

/** The date formats pages show, by name: every page writes the month out ("Nov 27, 2026", "2026年11月27日"), never "11/27/26". */
const DATE_STYLES = {
  day: { dateStyle: 'medium' },
  dayTime: { dateStyle: 'medium', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A formatter of instants in the organisation's time zone, made once per locale, zone and style:
 * constructing an Intl.DateTimeFormat cost more than the rest of a lesson page's own code (6% of its
 * CPU in the profile), and pages made one per request.
 */
export function orgDateFormat(locale: string, style: keyof typeof DATE_STYLES): Intl.DateTimeFormat {
  const zone = orgTimeZone();
  const key = `${locale}|${zone}|${style}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, { ...DATE_STYLES[style], timeZone: zone })));
  return format;
}
