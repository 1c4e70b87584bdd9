// A local team log server for trying Recount's team sync: pouchdb-server (CouchDB-compatible, from npm) on
// 127.0.0.1 with its data in a folder, set up as tools/team-setup.mjs sets up a production Apache CouchDB.
//
//   npm run team-server -- --dir ./team-data [--port 5984] [--db recount-team] [--agent ana:PW ...]
//
// The first run creates an admin with a random password, keeps it in DIR/recount-admin.json (readable by you
// alone) and prints it once; later runs reuse it. Not for production: see the README's team setup.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags, setUpTeam } from './team-setup.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER_BIN = join(ROOT, 'node_modules', 'pouchdb-server', 'bin', 'pouchdb-server');

async function waitForServer(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pouchdb-server stopped (exit ${child.exitCode})`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`pouchdb-server did not answer at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Starts the server on 127.0.0.1 and sets the team database up. `stop()` ends it (data stays in `dir`).
 * @param {{ dir: string, port?: number, db?: string, agents?: Array<{ name: string, password: string }>, quiet?: boolean }} options
 */
export async function startTeamServer({ dir, port = 5984, db = 'recount-team', agents = [], quiet = false }) {
  mkdirSync(dir, { recursive: true });
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [SERVER_BIN, '--host', '127.0.0.1', '--port', String(port), '--dir', dir, '--no-color'], {
    cwd: dir,
    stdio: quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'],
  });
  const stop = () =>
    new Promise((resolveStop) => {
      if (child.exitCode !== null) return resolveStop(undefined);
      child.once('exit', () => resolveStop(undefined));
      child.kill('SIGTERM');
    });
  try {
    await waitForServer(url, child, 30_000);
    const credentialsFile = join(dir, 'recount-admin.json');
    const createAdmin = !existsSync(credentialsFile);
    const admin = createAdmin ? { name: 'recount-admin', password: randomBytes(18).toString('base64url') } : JSON.parse(readFileSync(credentialsFile, 'utf8'));
    if (createAdmin) {
      writeFileSync(credentialsFile, JSON.stringify(admin));
      chmodSync(credentialsFile, 0o600);
    }
    const done = await setUpTeam({ url, admin, db, agents, createAdmin });
    return { url, db, admin, created: createAdmin, done, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const flags = parseFlags(process.argv.slice(2));
    if (!flags.dir) throw new Error('usage: npm run team-server -- --dir ./team-data [--port 5984] [--db recount-team] [--agent NAME:PASSWORD ...]');
    const server = await startTeamServer({ dir: resolve(flags.dir), port: Number(flags.port ?? 5984), db: flags.db ?? 'recount-team', agents: flags.agents, quiet: true });
    console.log(`Team log server: ${server.url}/${server.db}`);
    for (const line of server.done) console.log(`  ${line}`);
    if (server.created) console.log(`  admin: ${server.admin.name} / ${server.admin.password} (kept in ${join(resolve(flags.dir), 'recount-admin.json')}; shown once)`);
    console.log('Ctrl+C stops it; the data stays in the folder.');
    process.on('SIGINT', () => void server.stop().then(() => process.exit(0)));
  } catch (error) {
    console.error(`team-server: ${error.message}`);
    process.exit(1);
  }
}
