/**
 * What the server answers a request the app never sees, because Node's HTTP parser or our own URL check
 * refused it first. Node's default is an empty 400; an integration sending `?team=客服二组` unencoded
 * (curl passes the bytes through) got exactly that and could not tell why. Here the 400 says why, as
 * JSON in the API's error shape under /api/, as text elsewhere. The language is unknown this early (no
 * session is read), so the message is in Chinese and English. Node's other answers (408, 413, 431) stay.
 */

/** Node's own answers for the client errors that are not a plain 400 (what it writes when nobody listens). */
const NODE_ANSWERS = {
  HPE_HEADER_OVERFLOW: 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
};

const REASONS = {
  bad_url: {
    zh: '请求地址无效：查询参数中的中文等非 ASCII 字符须经 URL 编码（percent-encoding），且 % 后须是两位十六进制数。',
    en: 'The request URL is not valid: percent-encode non-ASCII characters in query values, and follow every % by two hex digits.',
  },
  bad_request: { zh: '无法读取这个请求。', en: 'The request could not be read.' },
};

/**
 * The 400 for a request to `target` (its path and query as sent, possibly partial): content type and
 * body. `reason` is the stable code API clients get.
 */
export function badRequest(target, reason) {
  const { zh, en } = REASONS[reason];
  if (target.startsWith('/api/')) return { type: 'application/json', body: JSON.stringify({ error: { code: reason, message: `${zh} / ${en}`, params: {} } }) };
  return { type: 'text/plain; charset=utf-8', body: `${zh}\n${en}\n` };
}

/** The answer to a request Node's parser refused (`clientError`): Node's own for 408/413/431, else a 400 that says why. */
export function clientErrorResponse(error) {
  const fixed = NODE_ANSWERS[error?.code];
  if (fixed) return fixed;
  const target = /^[A-Z]+ (\S*)/.exec(error?.rawPacket?.toString('latin1') ?? '')?.[1] ?? '';
  const { type, body } = badRequest(target, error?.code === 'HPE_INVALID_URL' ? 'bad_url' : 'bad_request');
  return `HTTP/1.1 400 Bad Request\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * The server's `clientError` listener: does what Node does without one (answer unless a response is
 * already under way, then close), with `clientErrorResponse`'s answer.
 */
export function onClientError(error, socket) {
  if (error?.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (!socket._httpMessage || !socket._httpMessage._headerSent) socket.write(clientErrorResponse(error));
  socket.destroy(error);
}
