/**
 * The production server entry (`npm start` runs it after building and migrating; the bench serves
 * the app and its floor with it). It wraps the Node adapter's handler so that one place decides:
 * - `ACADEMY_WORKERS=N` processes sharing the port through node:cluster (default: one per core);
 *   the app keeps its state in the database, so any worker may answer any request;
 * - precompressed static assets (`.br`/`.gz` written at build time) chosen by Accept-Encoding;
 * - HTML and JSON compressed on the fly unless `ACADEMY_COMPRESS=0` (when a proxy compresses);
 * - request and header timeouts, so a client trickling its request cannot hold a connection.
 * Usage: `node scripts/serve.mjs [distDir]` (default `dist`).
 */
import cluster from 'node:cluster';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import Negotiator from 'negotiator';
import { badRequest, onClientError } from './bad-request.mjs';

const distDir = path.resolve(process.argv[2] ?? 'dist');
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
const workers = Math.max(1, Number(process.env.ACADEMY_WORKERS || availableParallelism()));

if (cluster.isPrimary && workers > 1) {
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  // A worker that dies on its own is replaced; on SIGINT/SIGTERM every worker is stopped, then we exit.
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const sig of ['SIGINT', 'SIGTERM'])
    process.on(sig, () => {
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    });
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === workers) console.log(`${workers} workers listening on http://${host}:${port}`);
  });
} else {
  await serve();
}

async function serve() {
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const { handler } = await import(pathToFileURL(path.join(distDir, 'server/entry.mjs')).href);
  await preloadServerModules(path.join(distDir, 'server'));
  const clientDir = path.join(distDir, 'client');
  const compress = process.env.ACADEMY_COMPRESS !== '0';
  const listener = (req, res) => {
    if (!decodableUrl(req.url)) {
      const { type, body } = badRequest(req.url ?? '', 'bad_url');
      res.writeHead(400, { 'content-type': type, 'x-content-type-options': 'nosniff' });
      res.end(body);
      return;
    }
    if (serveStatic(req, res, clientDir)) return;
    if (compress) compressResponse(req, res);
    admit(() => handler(req, res));
  };
  const tls = process.env.SERVER_CERT_PATH && process.env.SERVER_KEY_PATH;
  // A whole request must arrive within 30 s and its headers within 10 s, checked every 2 s (Node's
  // default check every 30 s would let a trickling client hold a connection for up to 40 s);
  // idle keep-alive ends after 5 s.
  const limits = { requestTimeout: 30_000, headersTimeout: 10_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 2_000 };
  const server = tls
    ? https.createServer({ ...limits, key: readFileSync(process.env.SERVER_KEY_PATH), cert: readFileSync(process.env.SERVER_CERT_PATH) }, listener)
    : http.createServer(limits, listener);
  // A request Node cannot parse (e.g. raw non-ASCII bytes in the URL) gets a 400 that says why, not an empty one.
  server.on('clientError', onClientError);
  server.listen(port, host, () => {
    if (cluster.isPrimary) console.log(`listening on http${tls ? 's' : ''}://${host}:${port}`);
  });
  for (const sig of ['SIGINT', 'SIGTERM'])
    process.on(sig, () => {
      server.close(() => process.exit(0));
      server.closeIdleConnections();
      setTimeout(() => process.exit(0), 3_000).unref();
    });
}

/**
 * Loads every module of the built server before the worker listens. Astro imports a page's module on
 * the page's first request, which suits a serverless cold start but not a long-running server: each
 * worker spent about a second of blocked event loop loading them under the first requests, and in the
 * exam surge (`npm run bench -- surge`) sign-ins in the first seconds after a start queued behind it
 * (p95 1.0–1.2 s in the first 10 s, against ~0.1 s afterwards). A module that fails to load is left
 * for its first request to report, as before.
 */
async function preloadServerModules(serverDir) {
  const files = [
    ...readdirSync(serverDir).filter((f) => f.endsWith('.mjs') && f !== 'entry.mjs'),
    ...readdirSync(path.join(serverDir, 'chunks')).map((f) => path.join('chunks', f)).filter((f) => f.endsWith('.mjs')),
  ];
  for (const file of files) await import(pathToFileURL(path.join(serverDir, file)).href).catch(() => undefined);
}

/**
 * Requests start in arrival order, and a turn of the event loop stops starting them once it has spent
 * ACADEMY_TURN_BUDGET_MS (default 5) on them. libuv takes one new connection off the accept queue per
 * turn, and a turn used to run every request that had arrived (a database call here does not yield):
 * with 64 busy connections a turn took ~140 ms, so new connections waited in the kernel's queue for
 * seconds (up to 28 of 64 in `ss`; p99 2.5 s on submit while no request took over 200 ms once read).
 * Short turns let new connections in and serve everyone in turn. A budget in time, not a count, keeps
 * cheap requests from being held back when turns are slow (in the exam surge argon2 threads take the
 * cores: two requests per turn made saving an answer wait 0.8 s). `0` starts every request at once.
 */
const turnBudgetMs = Number(process.env.ACADEMY_TURN_BUDGET_MS ?? 5);
const queue = [];
let scheduled = false;

function admit(run) {
  if (!(turnBudgetMs > 0)) return run();
  queue.push(run);
  if (!scheduled) {
    scheduled = true;
    setImmediate(drain);
  }
}

function drain() {
  scheduled = false;
  const until = performance.now() + turnBudgetMs;
  do queue.shift()();
  while (queue.length > 0 && performance.now() < until);
  if (queue.length > 0) {
    scheduled = true;
    setImmediate(drain);
  }
}

/** A request path that decodes (the adapter's standalone server answered 400 to one that does not). */
function decodableUrl(url) {
  try {
    decodeURI(url ?? '/');
    return true;
  } catch {
    return false;
  }
}

/** Which encoding to send, from the client's Accept-Encoding with its q-values: brotli, then gzip, else none. */
function pickEncoding(req) {
  const chosen = new Negotiator(req).encoding(['br', 'gzip', 'identity'], ['br', 'gzip']);
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
}

const staticTypes = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8' };

/**
 * Serves a built asset under /_astro/ (content-hashed, so cached for a year) from its precompressed
 * twin when the client accepts one. Anything else returns false and goes to the adapter.
 */
function serveStatic(req, res, clientDir) {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.url?.startsWith('/_astro/')) return false;
  const pathname = decodeURIComponent(req.url.split('?')[0]);
  const file = path.join(clientDir, pathname);
  const type = staticTypes[path.extname(file)];
  if (!type || !file.startsWith(clientDir + path.sep) || !existsSync(file)) return false;
  const encoding = pickEncoding(req);
  const ext = encoding === 'br' ? '.br' : encoding === 'gzip' ? '.gz' : '';
  const chosen = ext && existsSync(file + ext) ? file + ext : file;
  const headers = { 'content-type': type, 'content-length': statSync(chosen).size, 'cache-control': 'public, max-age=31536000, immutable', vary: 'Accept-Encoding', 'x-content-type-options': 'nosniff' };
  if (chosen !== file) headers['content-encoding'] = encoding;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else createReadStream(chosen).pipe(res);
  return true;
}

const compressible = /^(text\/html|application\/json|text\/csv|text\/plain)/;

/**
 * Compresses the adapter's response when it is HTML, JSON, CSV or text and the client accepts it:
 * brotli at quality 1, else gzip level 6. Quality 4 made pages 8% smaller than quality 1 but cost 0.53–0.63
 * of the uncompressed req/s against 0.74–0.84 (`npm run bench -- compress`, 2026-12-01).
 * The adapter calls writeHead once, then write and end; a buffered body is compressed off the main
 * thread, a streamed one (a long CSV export) goes through a zlib stream.
 * Hand-written rather than expressjs's `compression`, which streams every body: with it brotli kept
 * 0.55–0.56 of the uncompressed req/s on /login and 0.66–0.67 on /learn, against 0.68–0.69 and 0.72
 * with this (two runs each, 2026-12-02).
 */
function compressResponse(req, res) {
  if (req.method === 'HEAD') return;
  const encoding = pickEncoding(req);
  const writeHead = res.writeHead.bind(res);
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.writeHead = (status, ...rest) => {
    const headers = rest.find((h) => h && typeof h === 'object') ?? {};
    const type = String(headers['content-type'] ?? headers['Content-Type'] ?? res.getHeader('content-type') ?? '');
    const already = headers['content-encoding'] ?? headers['Content-Encoding'] ?? res.getHeader('content-encoding');
    if (status < 200 || status === 204 || status === 304 || already || !compressible.test(type)) {
      res.writeHead = writeHead;
      return writeHead(status, ...rest);
    }
    // Caches must tell the encodings apart, the plain answer included.
    headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
    if (!encoding) {
      res.writeHead = writeHead;
      return writeHead(status, ...rest.filter((h) => typeof h === 'string'), headers);
    }
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-length') delete headers[k];
    res.removeHeader('content-length');
    headers['content-encoding'] = encoding;
    const chunks = [];
    let stream;
    res.write = (chunk, enc, cb) => {
      if (!stream) {
        // More than one write: the body streams, so compress as it comes.
        stream = encoding === 'br' ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } }) : zlib.createGzip({ level: 6 });
        writeHead(status, headers);
        stream.on('data', (c) => write(c));
        stream.on('end', () => end());
        for (const c of chunks.splice(0)) stream.write(c);
      }
      return stream.write(typeof chunk === 'string' ? Buffer.from(chunk, enc) : chunk, cb);
    };
    // The first write is held back: most pages arrive as one chunk and end right after.
    const firstWrite = res.write;
    res.write = (chunk, enc, cb) => {
      if (chunks.length === 0 && !stream) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof enc === 'string' ? enc : 'utf8') : chunk);
        res.write = firstWrite;
        if (typeof enc === 'function') enc();
        else cb?.();
        return true;
      }
      return firstWrite(chunk, enc, cb);
    };
    res.end = (chunk, enc, cb) => {
      if (chunk && typeof chunk !== 'function') res.write(chunk, enc);
      if (stream) {
        stream.end();
        return res;
      }
      const body = Buffer.concat(chunks);
      const done = (err, out) => {
        if (err) {
          res.destroy(err);
          return;
        }
        headers['content-length'] = out.length;
        writeHead(status, headers);
        end(out);
      };
      if (encoding === 'br') zlib.brotliCompress(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }, done);
      else zlib.gzip(body, { level: 6 }, done);
      return res;
    };
    return res;
  };
}
