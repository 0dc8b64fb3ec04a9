import type { z } from 'zod';

/** Largest JSON body the API reads; anything bigger is refused before parsing. */
export const MAX_JSON_BYTES = 64 * 1024;

/** A JSON error a person can read: `{ error: { code, message } }`. */
export function jsonError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

/** A JSON success body. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers });
}

/** True when a browser says the request came from another site (Origin header or Sec-Fetch-Site). */
export function foreignOrigin(request: Request, url: URL): boolean {
  const origin = request.headers.get('origin');
  if (origin && origin !== url.origin) return true;
  return request.headers.get('sec-fetch-site') === 'cross-site';
}

/**
 * Reads a JSON body and validates it with a zod schema. Refuses (as a Response) a wrong content
 * type, an oversized or malformed body, or one the schema rejects, with a message naming the field.
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S> | Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) return jsonError(415, 'unsupported_media_type', '请求内容须为 JSON（Content-Type: application/json）。');
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_JSON_BYTES) return jsonError(413, 'too_large', '请求内容过大。');
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) return jsonError(413, 'too_large', '请求内容过大。');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return jsonError(400, 'malformed_json', '请求内容不是有效的 JSON。');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `字段 ${issue.path.join('.')}：` : '';
    return jsonError(400, 'invalid_input', `${where}${issue.message}`);
  }
  return parsed.data;
}
