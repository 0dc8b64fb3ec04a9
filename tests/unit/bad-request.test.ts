import { describe, expect, it } from 'vitest';
import { clientErrorResponse } from '../../scripts/bad-request.mjs';

/** A parser error as Node hands it to `clientError`: a code and the bytes it choked on. */
const parserError = (code: string, raw = '') => Object.assign(new Error(code), { code, rawPacket: Buffer.from(raw, 'utf8') });

function parse(response: string) {
  const [head, body] = response.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), head, body };
}

describe('requests Node cannot parse', () => {
  it('get a JSON 400 that says why under /api/ (an unencoded team name), with the length of its UTF-8 body', () => {
    const { status, head, body } = parse(clientErrorResponse(parserError('HPE_INVALID_URL', 'GET /api/v1/reviews?month=2026-11&team=客服二组 HTTP/1.1\r\nHost: x\r\n\r\n')));
    expect(status).toBe(400);
    expect(head).toContain('Content-Type: application/json');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
    const json = JSON.parse(body);
    expect(json.error.code).toBe('bad_url');
    expect(json.error.message).toContain('URL 编码');
    expect(json.error.message).toContain('percent-encode');
  });

  it('get the same reason as text on pages, and a generic one for other malformed requests', () => {
    const page = parse(clientErrorResponse(parserError('HPE_INVALID_URL', 'GET /reports/monthly?team=客服二组 HTTP/1.1\r\n')));
    expect(page.head).toContain('Content-Type: text/plain; charset=utf-8');
    expect(page.body).toContain('percent-encode');
    const other = parse(clientErrorResponse(parserError('HPE_INVALID_METHOD', 'FOO / HTTP/1.1\r\n')));
    expect(other.status).toBe(400);
    expect(other.body).toContain('The request could not be read.');
  });

  it.each([
    ['ERR_HTTP_REQUEST_TIMEOUT', 408],
    ['HPE_HEADER_OVERFLOW', 431],
    ['HPE_CHUNK_EXTENSIONS_OVERFLOW', 413],
  ])('keep Node’s own answer for %s (%i)', (code, status) => {
    expect(parse(clientErrorResponse(parserError(code))).status).toBe(status);
  });
});
