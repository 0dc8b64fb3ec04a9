/**
 * `npm run user:create -- --username NAME --role admin [--name 姓名] [--employee-no X]`
 *
 * Creates an account from the command line: the first administrator of a fresh installation, or a
 * replacement when every admin is locked out. The password is typed twice without echo at a
 * terminal, or read from the first line of stdin when piped (for scripts and tests), so it never
 * appears in the shell history or the process list. Unlike accounts made on the admin page, this
 * one need not change its password at first sign-in: whoever runs this chose it themselves.
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Refusal, runCli } from './lib/cli';
import { databaseUrl, getDb } from '../db/client';
import type { Role } from '../db/schema';
import { PASSWORD } from '../src/lib/server/auth/config';
import { createUser } from '../src/lib/server/users';
import { translator } from '../src/i18n';

const ROLES: readonly Role[] = ['learner', 'supervisor', 'hr', 'admin'];
const USERNAME = /^[a-z0-9._-]{3,32}$/;
const USAGE = 'npm run user:create -- --username NAME --role learner|supervisor|hr|admin [--name 姓名] [--employee-no X]';


interface Options {
  username: string;
  role: Role;
  name: string;
  employeeNo: string | null;
}

/** Reads and checks the command line; usernames follow the same rule as the admin page. */
function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      username: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'employee-no': { type: 'string' },
    },
    strict: true,
  });
  const username = values.username?.trim().toLowerCase() ?? '';
  const role = values.role as Role | undefined;
  if (!USERNAME.test(username)) throw new Refusal(`用户名须为 3–32 位小写字母、数字或 . _ - / username must be 3–32 of a-z 0-9 . _ -\n${USAGE}`, 2);
  if (!role || !ROLES.includes(role)) throw new Refusal(`角色须为 ${ROLES.join('、')} 之一 / --role must be one of ${ROLES.join(', ')}\n${USAGE}`, 2);
  return { username, role, name: values.name?.trim() || username, employeeNo: values['employee-no']?.trim() || null };
}

/** Asks one question at the terminal without echoing what is typed. */
async function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  rl.on('SIGINT', () => {
    rl.close();
    process.stdout.write('\n');
    process.exit(130);
  });
  try {
    return await rl.question('');
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

/** The first line of piped stdin, without its line ending (spaces inside a password are kept). */
async function readFirstLine(): Promise<string> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}

/** The new password: twice without echo at a terminal, once from stdin otherwise; refuses a weak one. */
async function readPassword(): Promise<string> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await askHidden(`密码 / password (${PASSWORD.min}–${PASSWORD.max}): `);
    if ((await askHidden('再次输入 / again: ')) !== password) throw new Refusal('两次输入的密码不一致 / the passwords differ');
  } else {
    password = await readFirstLine();
  }
  if (password.length < PASSWORD.min) throw new Refusal(`密码至少 ${PASSWORD.min} 个字符 / the password needs at least ${PASSWORD.min} characters`);
  if (password.length > PASSWORD.max) throw new Refusal(`密码不能超过 ${PASSWORD.max} 个字符 / the password may have at most ${PASSWORD.max} characters`);
  return password;
}

/** Opens (and migrates) the database, creates the account and says what was created. */
async function main() {
  const options = readOptions(process.argv.slice(2));
  const password = await readPassword();
  const db = await getDb();
  try {
    const id = await createUser(null, { ...options, password, mustChangePassword: false });
    const t = translator('zh-CN');
    console.log(`已创建用户 / created user #${id}: ${options.username}（${options.name}，${t(`role.${options.role}`)}${options.employeeNo ? `，工号 ${options.employeeNo}` : ''}）`);
    console.log(`数据库 / database: ${databaseUrl().split('?')[0]}`);
  } finally {
    db.$client.close();
  }
}

runCli(main, USAGE);
