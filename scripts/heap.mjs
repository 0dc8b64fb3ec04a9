/**
 * The server's heap limit, in one place for `npm start` and the benches (which serve the app the same
 * way). V8 grows its heap lazily: HR's 10,000-employee downloads left a worker at 406 MB resident
 * though what they keep alive fits in far less; capped at 256 MB of old space the same run peaked at
 * 260 MB with every timing target met (issue 9/10 notes). `ACADEMY_HEAP_MB` sets the cap per server
 * process (raise it for a much larger organisation), `0` leaves Node's default.
 */

/** `env` with `--max-old-space-size` added to NODE_OPTIONS (cluster workers inherit it). */
export function withHeapLimit(env = process.env) {
  const mb = Number(env.ACADEMY_HEAP_MB ?? 256);
  if (!Number.isFinite(mb) || mb <= 0 || /--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) return env;
  return { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --max-old-space-size=${Math.round(mb)}`.trim() };
}
