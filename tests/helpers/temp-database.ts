import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * Every test file gets its own SQLite file (migrations are applied by getDb on first use), so
 * integration tests run against the real database engine without sharing state.
 */
const file = path.join(tmpdir(), `academy-test-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
process.env.DATABASE_URL = `file:${file}`;
process.env.ACADEMY_DEMO = '0';

afterAll(() => {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
});
