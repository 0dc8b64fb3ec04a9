// @ts-check
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import svelte from '@astrojs/svelte';
import mdx from '@astrojs/mdx';

/**
 * Astro 7.3 still prefixes each content entry's `?astroPropagatedAssets` module with the directive
 * "use astro:head-inject", which nothing reads since withastro/astro#17095 (propagation is found by
 * the module id); Vite 8's bundler warns about it once per lesson (62 warnings, ~650 log lines on a
 * first `npm start`; withastro/astro#18087). Dropping the dead directive removes the cause.
 * @returns {import('vite').Plugin}
 */
function dropDeadHeadInjectDirective() {
  return {
    name: 'academy:drop-dead-head-inject-directive',
    enforce: 'post',
    transform: {
      filter: { id: /[?&]astroPropagatedAssets\b/ },
      handler(code) {
        if (code.includes('"use astro:head-inject";')) return { code: code.replace('"use astro:head-inject";', ''), map: null };
      },
    },
  };
}

/**
 * Astro hashes the same inline scripts and styles for the CSP header on every page request, each time
 * through WebCrypto's asynchronous digest (a thread-pool round trip): 4–5% of a signed-in page's CPU in
 * the profile. The inputs are the build's own inline code, so the digest is remembered by its input
 * (at most 1,000 distinct inputs; beyond that it is computed as before).
 * @returns {import('vite').Plugin}
 */
function rememberCspDigests() {
  const original = 'async function generateCspDigest(data, algorithm) {';
  return {
    name: 'academy:remember-csp-digests',
    transform: {
      filter: { id: /astro[\\/]dist[\\/]core[\\/]encryption\.js$/ },
      handler(code) {
        if (!code.includes(original)) {
          this.warn('generateCspDigest not found: CSP digests are not remembered (Astro changed)');
          return;
        }
        const remembered = `const rememberedCspDigests = new Map();
async function generateCspDigest(data, algorithm) {
  const key = algorithm + '\\0' + data;
  const known = rememberedCspDigests.get(key);
  if (known) return known;
  const digest = await computeCspDigest(data, algorithm);
  if (rememberedCspDigests.size < 1000) rememberedCspDigests.set(key, digest);
  return digest;
}
async function computeCspDigest(data, algorithm) {`;
        return { code: code.replace(original, remembered), map: null };
      },
    },
  };
}

/**
 * Writes a brotli (max quality) and a gzip twin next to every built script, style sheet and SVG, once at
 * build time; scripts/serve.mjs sends the one the browser accepts.
 * @returns {import('astro').AstroIntegration}
 */
function precompressAssets() {
  return {
    name: 'academy:precompress-assets',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = (await readdir(root, { recursive: true })).filter((f) => /\.(js|mjs|css|svg|json|txt|html)$/.test(f));
        let saved = 0;
        for (const f of files) {
          const file = path.join(root, f);
          const raw = await readFile(file);
          const [br, gz] = await Promise.all([
            promisify(zlib.brotliCompress)(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
            promisify(zlib.gzip)(raw, { level: 9 }),
          ]);
          await Promise.all([writeFile(file + '.br', br), writeFile(file + '.gz', gz)]);
          saved += raw.length - br.length;
        }
        logger.info(`${files.length} assets precompressed (brotli saves ${Math.round(saved / 1024)} KiB)`);
      },
    },
  };
}

export default defineConfig({
  output: 'server',
  // 1 MiB is far above any form or answer; the adapter's default would read up to 1 GiB.
  // Middleware mode: scripts/serve.mjs serves the built assets itself (precompressed), so the adapter's
  // static handler, which stat()ed every request through the libuv thread pool before the app saw it
  // (6–8% of an answer save, and stuck behind argon2 during a sign-in surge), is left out.
  adapter: node({ mode: 'middleware', bodySizeLimit: 1024 * 1024, experimentalDisableStreaming: true }),
  integrations: [svelte(), mdx(), precompressAssets()],
  vite: { plugins: [dropDeadHeadInjectDirective(), rememberCspDigests()] },
  // Lessons have no code blocks; Shiki's inline styles would need 'unsafe-inline' under the CSP.
  markdown: { syntaxHighlight: false },
  security: {
    checkOrigin: true,
    // Astro hashes the scripts and styles it emits and sends the policy as a header on every page;
    // our own headers (src/lib/server/security-headers.ts) cover responses that are not pages.
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"],
      // Pages use style="" attributes for small layout tweaks; <style> elements and scripts stay 'self' + hashed.
      styleDirective: { resources: [{ resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
  server: { port: Number(process.env.PORT ?? 4321), host: process.env.HOST ?? 'localhost' },
  // Stylesheets are files, not <style> in every page: 3.4–3.7 KB less per page (18% of a lesson's
  // HTML), cached by the browser once (content-hashed names), and no style hashes in each page's CSP.
  build: { inlineStylesheets: 'never' },
  devToolbar: { enabled: false },
});
