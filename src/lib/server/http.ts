import type { z } from 'zod';
import { translator, type Locale, type MessageKey } from '../../i18n';
import { isMessageKey, ServiceError } from './errors';

/** Largest JSON body the API reads; anything bigger is refused while reading, before parsing. */
const MAX_JSON_BYTES = 64 * 1024;

/** A JSON success body. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

/**
 * The one JSON form of a refusal: `{ error: { code, message, params } }` with the error's status,
 * the message in the user's language, and `Retry-After` when the error says how long to wait.
 */
export function errorJson(error: ServiceError, locale: Locale): Response {
  const headers: Record<string, string> = { ...error.headers };
  if (typeof error.params.seconds === 'number') headers['retry-after'] = String(error.params.seconds);
  return Response.json({ error: { code: error.code, message: error.messageIn(locale), params: error.params } }, { status: error.status, headers });
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small self-contained HTML page (403, 404, a refused form) in the user's language, with a link home. */
export function messagePage(locale: Locale, status: number, title: MessageKey, body: string, home: string): Response {
  const t = translator(locale);
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(t(title))} · ${escape(t('app.name'))}</title><style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2933;line-height:1.7}a{color:#0b6e4f}</style></head><body><main><h1>${escape(t(title))}</h1><p>${escape(body)}</p><p><a href="${escape(home)}">${escape(t('forbidden.home'))}</a></p></main></body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/** The one HTML form of a refusal, for pages and form posts. */
export function errorPage(error: ServiceError, locale: Locale, home: string): Response {
  const title: MessageKey = error.status === 404 ? 'notFound.title' : error.status === 403 ? 'forbidden.title' : 'error.refused';
  return messagePage(locale, error.status, title, error.messageIn(locale), home);
}

/** True when a browser says the request came from another site (Origin header or Sec-Fetch-Site). */
export function foreignOrigin(request: Request, url: URL): boolean {
  const origin = request.headers.get('origin');
  if (origin && origin !== url.origin) return true;
  return request.headers.get('sec-fetch-site') === 'cross-site';
}

const tooLarge = () => new ServiceError({ key: 'error.too_large', status: 413, code: 'too_large' });

/**
 * Reads a body, counting bytes as they arrive, so a chunked upload without a length is cut off at
 * `limit` (413) instead of being buffered whole; a body the server stopped reading (its own size
 * limit or a timeout) is a 413 too, never a 500.
 */
async function readLimitedBytes(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw tooLarge();
  }
  return Buffer.concat(chunks);
}

/** A body as text, read as `readLimitedBytes` reads it. */
export async function readLimitedText(request: Request, limit: number): Promise<string> {
  return (await readLimitedBytes(request, limit)).toString('utf8');
}

/** Largest body an action reads: the Node adapter's own limit (`bodySizeLimit` in astro.config.mjs). */
const MAX_ACTION_BYTES = 1024 * 1024;
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/**
 * Every action of ours takes a form. Left to Astro, JSON that does not parse and a body past the
 * adapter's limit sent without a length (chunked) both answer 500, and other types get Astro's own
 * English text; so an action's request is checked first, on a copy of its body (Astro still reads
 * the original): not a form is 415, too large 413, each in the user's language.
 */
export async function checkActionBody(request: Request): Promise<void> {
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase();
  if (!FORM_TYPES.has(type)) throw new ServiceError({ key: 'error.form_only', status: 415, code: 'unsupported_media_type' });
  await readLimitedBytes(request.clone(), MAX_ACTION_BYTES);
}

/**
 * Reads a JSON body and validates it with a zod schema. Throws a ServiceError for a wrong content
 * type (415), an oversized body (413), malformed JSON (400) or one the schema rejects (400, naming
 * the field; a schema message that is a catalogue key is the sentence shown), which the middleware
 * answers in the caller's language.
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json'))
    throw new ServiceError({ key: 'error.unsupported_media_type', status: 415, code: 'unsupported_media_type' });
  const text = await readLimitedText(request, MAX_JSON_BYTES);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ServiceError({ key: 'error.malformed_json', status: 400, code: 'malformed_json' });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || 'body';
    const key = isMessageKey(issue.message) ? issue.message : 'error.invalid_input';
    throw new ServiceError({ key, status: 400, code: 'invalid_input', params: { field } });
  }
  return parsed.data;
}

/**
 * The redirect target if it is a path on this site, else null. Browsers read `/\evil`, `//evil`,
 * `/<tab>/evil` and their percent-encoded forms as another host, so any backslash, control
 * character or leading double slash (before or after one round of decoding) is refused, as is
 * anything that resolves to another origin.
 */
export function sameOriginPath(value: string | null | undefined): string | null {
  if (!value || value.length > 1024 || !value.startsWith('/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return null;
  }
  for (const form of [value, decoded]) {
    if (form.startsWith('//') || form.includes('\\') || /[\u0000-\u001f\u007f]/.test(form)) return null;
  }
  const base = 'http://same.invalid';
  const resolved = new URL(value, base);
  return resolved.origin === base ? resolved.pathname + resolved.search + resolved.hash : null;
}
