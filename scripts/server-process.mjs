/**
 * How the server's Node process runs, in one place for `npm start`, the browser tests (which run
 * `npm start`'s script) and the benches (which serve the app the same way): its flags and heap limit.
 */

/**
 * `--experimental-async-context-frame`: the Node adapter keeps each request in an AsyncLocalStorage,
 * which on Node 22 installs promise hooks that run on every promise of every request (5% of `/learn`'s
 * CPU in the profile, and garbage besides). With this flag (the default from Node 24) the store rides on
 * the async context instead. In back-to-back bench runs the app served about a third more requests per
 * second with it on /learn, a lesson page and an answer save, and so did the floor (figures in the
 * issue 10 note).
 */
export const SERVER_NODE_ARGS = ['--experimental-async-context-frame'];

/**
 * `env` with `--max-old-space-size` added to NODE_OPTIONS (cluster workers inherit it). V8 grows its
 * heap lazily: HR's 10,000-employee downloads left a worker at 406 MB resident though what they keep
 * alive fits in far less; capped at 256 MB of old space the same run peaked at 260 MB with every timing
 * target met (issue 9/10 notes). `ACADEMY_HEAP_MB` sets the cap per server process (raise it for a much
 * larger organisation), `0` leaves Node's default.
 */
export function withHeapLimit(env = process.env) {
  const mb = Number(env.ACADEMY_HEAP_MB ?? 256);
  if (!Number.isFinite(mb) || mb <= 0 || /--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) return env;
  return { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --max-old-space-size=${Math.round(mb)}`.trim() };
}
