/**
 * The registry these machines use serves only the linux-x64 builds of @astrojs/compiler-binding
 * 0.5.1, so `npm install` leaves the other platforms' optional entries out of package-lock.json and
 * `npm ci` then refuses the lock as out of sync. This adds those entries back, with their os/cpu
 * constraints, so npm ci skips them here and would fetch them on their own platforms.
 * Run after any `npm install` that rewrites the lock: `node scripts/lock-missing-bindings.mjs`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const platforms = {
  'android-arm64': { os: ['android'], cpu: ['arm64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'wasm32-wasi': { cpu: ['wasm32'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};
const parent = lock.packages['node_modules/@astrojs/compiler-binding'];
let added = 0;
for (const [name, version] of Object.entries(parent?.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  const platform = platforms[name.replace('@astrojs/compiler-binding-', '')];
  if (lock.packages[key] || !platform) continue;
  lock.packages[key] = { version, dev: true, license: 'MIT', optional: true, ...platform, engines: parent.engines };
  added++;
}
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} missing optional platform entries`);
