import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4399);
process.env.E2E_DATABASE_URL ??= `file:${path.join(tmpdir(), `academy-e2e-${Date.now()}.db`)}`;
const systemChromium = '/usr/bin/chromium';

/**
 * End-to-end tests run the built server (`npm start`) against a fresh SQLite file with the demo
 * organisation, in Debian's Chromium when it is installed (never a downloaded browser).
 */
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: 'list',
  forbidOnly: Boolean(process.env.CI),
  use: {
    baseURL: `http://localhost:${port}`,
    locale: 'zh-CN',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: existsSync(systemChromium) ? systemChromium : undefined,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node scripts/start.mjs',
    url: `http://localhost:${port}/login`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      HOST: 'localhost',
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      ACADEMY_DEMO: '1',
      // The browser tests connect from loopback: treat it as our TLS proxy, so a test can speak from another address.
      ACADEMY_TRUSTED_PROXY: '127.0.0.1,::1',
      ACADEMY_DEMO_PASSWORD: 'academy-demo',
    },
  },
});
