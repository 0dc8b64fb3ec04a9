// @ts-check
/**
 * The bench's floor: a bare Astro page with one libSQL read, built with the same adapter and options
 * as the app (../../../astro.config.mjs) and served by the same server entry (scripts/serve.mjs).
 */
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware', bodySizeLimit: 1024 * 1024, experimentalDisableStreaming: true }),
  devToolbar: { enabled: false },
});
