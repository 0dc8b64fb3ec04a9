/**
 * `npm start`: builds when there is no build yet, prepares the database (migrations, demo seed),
 * then serves the built app through scripts/serve.mjs (workers, compression, timeouts).
 * Runs on the pinned Node 22 (npm puts node_modules/.bin first on PATH).
 */
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SERVER_NODE_ARGS, withHeapLimit } from './server-process.mjs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync('dist/server/entry.mjs')) run('npx', ['astro', 'build']);
run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'db/prepare.ts']);
process.env.HOST ??= 'localhost';
process.env.PORT ??= '4321';
console.log(`服务已启动 / serving on http://${process.env.HOST === '0.0.0.0' ? 'localhost' : process.env.HOST}:${process.env.PORT}`);
const server = spawn(process.execPath, [...SERVER_NODE_ARGS, 'scripts/serve.mjs', 'dist'], { stdio: 'inherit', env: withHeapLimit() });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));
