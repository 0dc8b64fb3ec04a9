import type { AstroCookies } from 'astro';
import { AUTH } from './config';
import { parseDeviceCookie, withDeviceToken } from './devices';

/** Cookie attributes: HttpOnly, SameSite=Lax, Path=/, Secure in production, lasting the absolute lifetime. */
function sessionCookieOptions() {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: import.meta.env.PROD && process.env.ACADEMY_SECURE_COOKIES !== '0',
    maxAge: AUTH.absoluteLifetimeMs / 1000,
  };
}

/** Puts a new session token in the browser (sign-in, password change). */
export function setSessionTokenCookie(cookies: AstroCookies, token: string): void {
  cookies.set(AUTH.cookieName, token, sessionCookieOptions());
}

/** Removes the session cookie (sign-out, or a cookie whose session has ended). */
export function deleteSessionTokenCookie(cookies: AstroCookies): void {
  cookies.delete(AUTH.cookieName, { path: '/' });
}

/** The device tokens this browser carries (see devices.ts). */
export function readDeviceTokens(cookies: AstroCookies): string[] {
  return parseDeviceCookie(cookies.get(AUTH.deviceCookieName)?.value);
}

/** Puts this account's device token first in the browser's device cookie, kept as long as a device is trusted. */
export function setDeviceCookie(cookies: AstroCookies, tokens: string[], token: string): void {
  cookies.set(AUTH.deviceCookieName, withDeviceToken(tokens, token), { ...sessionCookieOptions(), maxAge: AUTH.deviceLifetimeMs / 1000 });
}
