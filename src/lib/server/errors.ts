import { zhCN } from '../../i18n/zh-CN';
import { translator, type Locale, type MessageKey, type MessageParams } from '../../i18n';

/** Values a catalogue message is filled with, e.g. `{ seconds: 4 }` for `login.throttled`, or a list of teams. */
export type ErrorParams = MessageParams;

/** What a service refusal carries: a message key, the HTTP status, a stable code for programs, parameters. */
export interface ServiceErrorInit {
  /** The catalogue key of the message a person reads (shown in their language). */
  key: MessageKey;
  /** 4xx: 400 bad input, 401 not signed in, 403 not allowed, 404 unknown, 409 conflict, 413, 415, 429 throttled. */
  status: number;
  /** Stable snake_case code that integrations and the quiz player switch on; never reworded. */
  code: string;
  /** Values for the message's `{placeholders}`; also sent to API clients (e.g. `seconds` to wait). */
  params?: ErrorParams;
  /** Extra response headers the refusal needs, e.g. `WWW-Authenticate: Bearer` on a 401 from a token API. */
  headers?: Record<string, string>;
}

/**
 * The one refusal every service throws: "this request cannot be done, and here is why". Routes do not
 * catch it: the middleware turns it into JSON for the API and an error page for pages
 * (`src/lib/server/http.ts`), and `refuse` in `src/actions/errors.ts` into an ActionError for forms,
 * each in the user's language. Anything that is not a ServiceError is a bug and stays a 500.
 */
export class ServiceError extends Error {
  readonly key: MessageKey;
  readonly status: number;
  readonly code: string;
  readonly params: ErrorParams;
  readonly headers: Record<string, string>;

  constructor(init: ServiceErrorInit);
  /** Short form `(key, status = 400, params = {})`: the catalogue key doubles as the code. */
  constructor(key: MessageKey, status?: number, params?: ErrorParams);
  constructor(init: ServiceErrorInit | MessageKey, status = 400, params: ErrorParams = {}) {
    const full: ServiceErrorInit = typeof init === 'string' ? { key: init, status, code: init, params } : init;
    super(`${full.code} (${full.key})`);
    this.name = 'ServiceError';
    this.key = full.key;
    this.status = full.status;
    this.code = full.code;
    this.params = full.params ?? {};
    this.headers = full.headers ?? {};
  }

  /** The sentence a person reads, in their language. */
  messageIn(locale: Locale): string {
    return translator(locale)(this.key, this.params);
  }
}

/** Is this string a key of the message catalogue (so it may be shown through `t`)? */
export function isMessageKey(value: string | undefined): value is MessageKey {
  return value !== undefined && Object.hasOwn(zhCN, value);
}

/**
 * Is this (possibly wrapped) database error a UNIQUE constraint failure, i.e. a lost race for a name?
 * Services turn it into a 409 instead of a 500. Read from the message, which the client's errors and
 * the native connection's (db/native-connection.ts) share; drizzle keeps the driver's error in `cause`.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if (/UNIQUE constraint failed/i.test(e.message)) return true;
  return false;
}
