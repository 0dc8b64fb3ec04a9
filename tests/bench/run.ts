/**
 * `npm run bench [-- what]`: the measurements, each on a fresh database and the built server.
 * - (nothing)   the app against its floor (tests/bench/floor: a bare Astro page with one libSQL read,
 *               built and served the same way), alternating in one run; see table.ts.
 * - `workers`   one worker against ACADEMY_WORKERS=2 (or BENCH_WORKERS), alternating; see workers.ts.
 * - `compress`  HTML uncompressed against brotli on the fly, alternating; see workers.ts.
 * - `surge`     3,000 exam takers within 60 s; see surge.ts.
 * - `hr`        HR's pull on the large database (npm run db:seed-large); see hr.ts.
 * Ports 4460–4469. Ratios matter, not absolute figures: other processes share the machine.
 */
export {};
const what = process.argv[2] ?? 'table';
const modules: Record<string, () => Promise<unknown>> = {
  table: () => import('./table'),
  workers: () => import('./workers'),
  compress: () => import('./workers'),
  surge: () => import('./surge'),
  hr: () => {
    process.env.BENCH_PORT ??= '4469';
    return import('./hr');
  },
};
if (!modules[what]) {
  console.error(`unknown bench "${what}": use one of ${Object.keys(modules).join(', ')}`);
  process.exit(2);
}
await modules[what]();
