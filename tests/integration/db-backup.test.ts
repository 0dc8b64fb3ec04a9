import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/lib/server/users';
import { useTempDatabase } from '../helpers/db';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const folder = mkdtempSync(path.join(tmpdir(), 'academy-backup-'));

/** Runs `npm run db:backup` the way an operator would. */
function backup(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const run = spawnSync(process.execPath, ['node_modules/.bin/tsx', 'scripts/db-backup.ts', ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 30_000 });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

beforeAll(async () => {
  await useTempDatabase();
  await createUser(null, { username: 'kept.user', name: '留存', role: 'learner', password: 'correct horse battery' });
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('npm run db:backup', () => {
  it('writes a consistent copy that holds the live data, and prints its path and size', async () => {
    const target = path.join(folder, 'nested', 'copy.db');
    const run = backup(['--out', target]);
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain(target);
    expect(run.out).toContain(String(statSync(target).size));
    const copy = createClient({ url: `file:${target}` });
    const rows = await copy.execute("select name from users where username = 'kept.user'");
    copy.close();
    expect(rows.rows[0]?.name).toBe('留存');
  });

  it('refuses to overwrite an existing file', () => {
    const target = path.join(folder, 'taken.db');
    writeFileSync(target, 'keep me');
    const run = backup(['--out', target]);
    expect(run.status).toBe(1);
    expect(run.err).toContain(target);
  });

  it('refuses clearly when DATABASE_URL points at a libSQL server rather than a file', () => {
    const target = path.join(folder, 'never.db');
    const run = backup(['--out', target], { ...process.env, DATABASE_URL: 'libsql://academy.example.com' });
    expect(run.status).toBe(1);
    expect(run.err).toContain('file:');
    expect(existsSync(target)).toBe(false);
  });
});
