/** The organisation's time zone (`ACADEMY_TIMEZONE`, default Asia/Shanghai): it sets day and month boundaries everywhere. */
export function orgTimeZone(): string {
  return process.env.ACADEMY_TIMEZONE || 'Asia/Shanghai';
}

/** Today's date (YYYY-MM-DD) in the organisation's time zone. */
export function orgToday(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: orgTimeZone() }).format(at);
}
