import { readFileSync } from 'node:fs';

let body: string | undefined;

/** The HTML in FLOOR_BODY_FILE without its doctype (Astro writes one), read on first use. */
export function savedBody(): string {
  body ??= readFileSync(process.env.FLOOR_BODY_FILE ?? '', 'utf8').replace(/^<!doctype html>/i, '');
  return body;
}
