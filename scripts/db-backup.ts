/**
 * `npm run db:backup [-- --out path]`
 *
 * An online copy of the embedded SQLite database, safe while the app is serving: `VACUUM INTO`
 * reads one consistent snapshot (WAL readers never block the writer) and writes a compact,
 * self-contained file, unlike copying academy.db, which would miss what still sits in the -wal file.
 * The default name carries the organisation's local time, so backups sort and read naturally.
 * A libSQL server (DATABASE_URL=libsql://…) is refused: back it up with its own tools.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Refusal, runCli } from './lib/cli';
import { databaseUrl, localDatabaseFile, openDatabase } from '../db/client';
import { orgTimeZone } from '../src/lib/time-zone';

const USAGE = 'npm run db:backup [-- --out path/to/copy.db]';

/** The database file a `file:` URL names; a libSQL server URL is refused. */
function databaseFile(url: string): string {
  const file = localDatabaseFile(url);
  if (file === undefined) {
    const scheme = url.split(':')[0] || url;
    throw new Refusal(
      `db:backup 只能备份本机的 SQLite 文件（DATABASE_URL 须为 file: 地址，当前为 ${scheme}:），libSQL 服务器请用其自带的备份工具。\n` +
        `db:backup copies a local SQLite file only (DATABASE_URL must be a file: URL, not ${scheme}:); back up a libSQL server with its own tools.`,
    );
  }
  return file;
}

/** `YYYYMMDD-HHMMSS` in the organisation's time zone (ACADEMY_TIMEZONE, default Asia/Shanghai). */
function stamp(at = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: orgTimeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('year')}${part('month')}${part('day')}-${part('hour')}${part('minute')}${part('second')}`;
}

/** Where the copy goes: `--out`, else ./data/backups/academy-<stamp>.db. Never over an existing file. */
function targetFile(argv: string[]): string {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true });
  const target = path.resolve(values.out ?? path.join('data', 'backups', `academy-${stamp()}.db`));
  if (existsSync(target)) throw new Refusal(`目标文件已存在，不会覆盖 / will not overwrite an existing file: ${target}`);
  return target;
}

/** 1234567 → "1.2 MB". */
function humanSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? size : size.toFixed(1)} ${units[unit]}`;
}

/** Copies the database into the target file and reports where and how big. */
async function main() {
  const url = databaseUrl();
  const source = databaseFile(url);
  const target = targetFile(process.argv.slice(2));
  if (!existsSync(source)) throw new Refusal(`找不到数据库文件 / no database file at ${source}`);
  mkdirSync(path.dirname(target), { recursive: true });
  const db = await openDatabase(url);
  try {
    await db.$client.execute({ sql: 'VACUUM INTO ?', args: [target] });
  } finally {
    db.$client.close();
  }
  const bytes = statSync(target).size;
  console.log(`已备份 / backed up: ${source}`);
  console.log(`→ ${target}`);
  console.log(`大小 / size: ${humanSize(bytes)} (${bytes} bytes)`);
}

runCli(main, USAGE);
