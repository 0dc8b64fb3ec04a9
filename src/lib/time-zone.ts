/** The organisation's time zone (`ACADEMY_TIMEZONE`, default Asia/Shanghai): it sets day and month boundaries everywhere. */
export function orgTimeZone(): string {
  return process.env.ACADEMY_TIMEZONE || 'Asia/Shanghai';
}

/** Today's date (YYYY-MM-DD) in the organisation's time zone. */
export function orgToday(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: orgTimeZone() }).format(at);
}

/** The UTC instant (ms) at which a calendar day (YYYY-MM-DD) begins in the organisation's time zone. */
export function orgDayStart(day: string): number {
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
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: orgTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The zone's offset from UTC in ms at an instant. */
function offsetAt(at: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: orgTimeZone(), timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return (match[1] === '-' ? -1 : 1) * minutes * 60_000;
}
