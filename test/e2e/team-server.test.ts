// The team log's server side, on the real protocol: pouchdb-server started on 127.0.0.1 by the test (and stopped
// after), set up by tools/team-setup.mjs as a production CouchDB would be. Events are append-only on the server
// whoever writes, only the agents' role reads and writes, and the data outlives a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamServer } from '../../tools/team-server.mjs';
import { chainOf } from '../unit/chains';

const dir = join(mkdtempSync(join(tmpdir(), 'recount-team-')), 'data');
const PORT = 5990 + Math.floor(Math.random() * 9);
const ANA = { name: 'ana', password: 'ana-secret-1' };
const BO = { name: 'bo', password: 'bo-secret-2' };
let server: Awaited<ReturnType<typeof startTeamServer>>;
const [first, second, third] = chainOf(3);

const auth = (who: { name: string; password: string }) => ({ authorization: `Basic ${Buffer.from(`${who.name}:${who.password}`).toString('base64')}` });
async function put(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/${server.db}/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { rev?: string; reason?: string; _rev?: string } };
}
const eventDoc = (e: (typeof first)) => ({ _id: e.id, ...e });

beforeAll(async () => {
  server = await startTeamServer({ dir, port: PORT, agents: [ANA, BO], quiet: true });
});
afterAll(async () => {
  await server?.stop();
});

describe('the team log server', () => {
  it('is set up the way the README says: admin created once, database, role, append-only design', () => {
    expect(server.created).toBe(true);
    expect(server.done).toEqual([
      'admin recount-admin created',
      'database recount-team created',
      'only the recount-agent role reads and writes recount-team',
      'events are append-only on the server',
      'events indexed by time',
      'agent ana added',
      'agent bo added',
    ]);
  });

  it('refuses an anonymous write (401) and lets an agent add an event (201)', async () => {
    expect((await put(first.id, eventDoc(first))).status).toBe(401);
    expect((await put(first.id, eventDoc(first), auth(ANA))).status).toBe(201);
  });

  it('refuses any change or deletion of an event with 403, the admin included', async () => {
    const { _rev } = (await (await fetch(`${server.url}/${server.db}/${first.id}`, { headers: auth(BO) })).json()) as { _rev: string };
    const changed = await put(first.id, { ...eventDoc(first), _rev, note: 'rewritten' }, auth(ANA));
    expect(changed).toEqual({ status: 403, body: { error: 'forbidden', reason: 'events are append-only: an event cannot be changed or deleted' } });
    const deleted = await fetch(`${server.url}/${server.db}/${first.id}?rev=${_rev}`, { method: 'DELETE', headers: auth(BO) });
    expect(deleted.status).toBe(403);
    expect((await put(first.id, { ...eventDoc(first), _rev, verdict: 'false' }, auth(server.admin))).status).toBe(403);
  });

  it('refuses a document that is not an event, or whose _id is not its event id', async () => {
    expect((await put('not-an-event', { _id: 'not-an-event', hello: 1 }, auth(ANA))).status).toBe(403);
    expect((await put('other-id', { ...eventDoc(second), _id: 'other-id' }, auth(ANA))).body.reason).toBe('a document is one event: its _id must be the event id');
  });

  it('takes a chain signature once (named sig-<chain>-<seq>), never a change to it, nor a misnamed one', async () => {
    const sig = { _id: 'sig-chain-a-3', kind: 'recount-chain-signature', chain: 'chain-a', seq: 3, head: 'a'.repeat(64), signature: { value: 'x' } };
    const created = await put(sig._id, sig, auth(ANA));
    expect(created.status).toBe(201);
    expect((await put(sig._id, { ...sig, head: 'b'.repeat(64), _rev: created.body.rev }, auth(ANA))).status).toBe(403);
    expect((await put('sig-chain-a-4', { ...sig, _id: 'sig-chain-a-4' }, auth(ANA))).body.reason).toBe('a chain signature is named sig-<chain>-<seq>');
    expect((await put('sig-chain-a-5', { ...sig, _id: 'sig-chain-a-5', seq: 5, head: undefined }, auth(ANA))).body.reason).toBe('a chain signature needs its head and its signature');
  });

  it('signs an agent in with a cookie session, and that session writes', async () => {
    const session = await fetch(`${server.url}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BO) });
    expect(session.status).toBe(200);
    const cookie = session.headers.get('set-cookie')?.match(/AuthSession=[^;]+/)?.[0];
    expect(cookie).toMatch(/^AuthSession=./);
    expect((await put(second.id, eventDoc(second), { cookie: cookie! })).status).toBe(201);
  });

  it('keeps the events across a restart on the same folder, and re-runs its setup without changing them', async () => {
    await put(third.id, eventDoc(third), auth(ANA));
    await server.stop();
    server = await startTeamServer({ dir, port: PORT, quiet: true });
    expect(server.created).toBe(false);
    expect(server.done).toContain('database recount-team already there');
    const all = (await (await fetch(`${server.url}/${server.db}/_all_docs`, { headers: auth(ANA) })).json()) as { rows: Array<{ id: string }> };
    expect(all.rows.map((r) => r.id).filter((id) => !id.startsWith('_design/') && !id.startsWith('sig-')).sort()).toEqual([first.id, second.id, third.id].sort());
    const stored = (await (await fetch(`${server.url}/${server.db}/${first.id}`, { headers: auth(ANA) })).json()) as Record<string, unknown>;
    const { _id, _rev, ...body } = stored;
    expect(body).toEqual(first); // the event's own fields, unchanged: its hash still verifies
  });
});
