import { execFileSync } from 'node:child_process';

/**
 * Vitest global setup: fills the content layer's data store before any test runs, so
 * `getCollection('lessons')` and `getCollection('modules')` return the real lessons under Vitest.
 *
 * Why it is needed: getViteConfig (vitest.config.ts) gives tests the `astro:content` module, but it
 * never runs the content loaders; in serve mode that module reads `.astro/data-store.json`, which only
 * `astro dev` writes (`astro sync` and `astro build` write `node_modules/.astro/`). Without this step
 * every service that lists lessons (learner home, quiz overview, the HR report) saw zero modules in
 * tests. Astro's own `sync()` runs the same loaders and schemas as the build (src/content.config.ts),
 * pointed at the file serve mode reads. It runs in a child Node because inside Vitest's module runner
 * the `astro` package resolves through Astro's Vite plugins to an empty module. Incremental: about
 * 2 s on a fresh checkout, less after.
 */
export function setup(): void {
  const script = `import { sync } from 'astro'; await sync({ root: process.cwd(), cacheDir: './.astro/', logLevel: 'warn' });`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
}
