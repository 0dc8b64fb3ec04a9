/** Session and throttle settings: the one place to tune sign-in security. */
export const AUTH = {
  cookieName: 'academy_session',
  /** A session unused this long ends (a shift plus a margin). */
  idleTimeoutMs: 12 * 60 * 60 * 1000,
  /** No session lives longer than this, however active. */
  absoluteLifetimeMs: 7 * 24 * 60 * 60 * 1000,
  /** Write `last_used_at` at most this often, so reads do not become writes. */
  touchIntervalMs: 60 * 1000,
  /** Failures allowed per account before delays start; each further failure doubles the delay. */
  accountFreeFailures: 3,
  /** Failures allowed per address (a shared desk PC) before delays start. */
  addressFreeFailures: 20,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  /** Failure counters older than this start again from zero. */
  failureWindowMs: 60 * 60 * 1000,
  /** The device cookie (OWASP device cookies): which browsers signed in to an account before. */
  deviceCookieName: 'academy_device',
  /** A device unused this long is trusted no more (its row is swept). */
  deviceLifetimeMs: 180 * 24 * 60 * 60 * 1000,
  /** Accounts one browser is remembered for (a shared desk PC): the oldest falls off past this. */
  devicesPerBrowser: 5,
} as const;

/** Password length rules (NIST 800-63B: length, no composition rules). */
export const PASSWORD = { min: 8, max: 128 } as const;
