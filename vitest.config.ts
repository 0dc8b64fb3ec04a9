/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

/**
 * Vitest runs through Astro's Vite config, so `astro:content`, `astro:actions` and
 * `astro:middleware` resolve in tests as they do in the app: services that read lessons, the
 * middleware and the actions are tested for real. The global setup loads the real lessons into the
 * content store first (tests/helpers/content-store.ts says why that is needed).
 */
export default getViteConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    globalSetup: ['tests/helpers/content-store.ts'],
    setupFiles: ['tests/helpers/temp-database.ts'],
    testTimeout: 20_000,
  },
});
