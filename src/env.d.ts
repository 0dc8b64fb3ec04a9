/// <reference types="astro/client" />
/// <reference path="../.astro/types.d.ts" />

declare namespace App {
  interface Locals {
    /** The signed-in user, or null; set by the middleware. */
    user: import('./lib/server/auth/session').SessionUser | null;
    /** Our sign-in session (Astro's own `context.session` is something else). */
    authSession: import('./lib/server/auth/session').SessionInfo | null;
    locale: import('./i18n').Locale;
    t: ReturnType<typeof import('./i18n').translator>;
  }
}
