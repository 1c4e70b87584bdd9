// Sets up a team log on any server that speaks the CouchDB protocol (Apache CouchDB in production, pouchdb-server
// for trying it: tools/team-server.mjs): the team database, the agents' role, the security object (only members
// of the role read and write it) and a validate_doc_update that makes events append-only on the server itself —
// a create is allowed, any update or deletion of an event is refused with 403, whoever sends it. Beside the events,
// each agent's browser writes chain signatures (sig-<chain>-<seq>: its key's signature over its chain's head),
// append-only too.
//
//   node tools/team-setup.mjs --url http://127.0.0.1:5984 --admin lead:SECRET --db recount-team [--agent ana:PW ...]
//
// Idempotent: run it again to add agents; what exists is kept (the design document is brought up to date).

export const AGENT_ROLE = 'recount-agent';
export const DESIGN_ID = '_design/recount';

/**
 * Runs on the server for every write, replicated ones included (CouchDB's validate_doc_update). Kept as text: the
 * server evaluates it, never Recount. `oldDoc` is absent on a create.
 */
export const VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx) {
  var isAdmin = userCtx.roles.indexOf('_admin') !== -1;
  if (newDoc._id.indexOf('_design/') === 0) {
    if (!isAdmin) throw({ forbidden: 'only the team admin changes the design document' });
    return;
  }
  if (oldDoc || newDoc._deleted) throw({ forbidden: 'events are append-only: an event cannot be changed or deleted' });
  if (!isAdmin && userCtx.roles.indexOf('${AGENT_ROLE}') === -1) throw({ unauthorized: 'join the team to write to its log' });
  if (newDoc.kind === 'recount-chain-signature') {
    if (newDoc._id !== 'sig-' + newDoc.chain + '-' + newDoc.seq) throw({ forbidden: 'a chain signature is named sig-<chain>-<seq>' });
    if (typeof newDoc.head !== 'string' || !newDoc.signature) throw({ forbidden: 'a chain signature needs its head and its signature' });
    return;
  }
  if (newDoc._id !== newDoc.id) throw({ forbidden: 'a document is one event: its _id must be the event id' });
  var fields = ['convKey', 'vendor', 'workspace', 'conversationId', 'verdict', 'note', 'reviewer', 'at', 'claim', 'chain', 'seq', 'prevHash', 'hash'];
  for (var i = 0; i < fields.length; i++) {
    if (!(fields[i] in newDoc)) throw({ forbidden: 'not a Recount event: ' + fields[i] + ' is missing' });
  }
}`;

/** `name:password` → the two parts (a password may hold colons). */
export function splitCredentials(text) {
  const at = text.indexOf(':');
  if (at <= 0 || at === text.length - 1) throw new Error(`expected NAME:PASSWORD, got "${text.replace(/:.*/, ':…')}"`);
  return { name: text.slice(0, at), password: text.slice(at + 1) };
}

const basic = ({ name, password }) => `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

/**
 * Creates (or brings up to date) the team database on `url` as `admin`. Returns what it did, in words.
 * @param {{ url: string, admin: { name: string, password: string }, db: string, agents?: Array<{ name: string, password: string }>, createAdmin?: boolean }} options
 */
export async function setUpTeam({ url, admin, db, agents = [], createAdmin = false }) {
  const done = [];
  const base = url.replace(/\/+$/, '');
  const call = async (method, path, body, { auth = true, ok = [] } = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: basic(admin) } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok && !ok.includes(response.status)) {
      throw new Error(`${method} ${path}: ${response.status} ${answer.reason ?? answer.error ?? response.statusText}`);
    }
    return { status: response.status, answer };
  };
  if (!/^[a-z][a-z0-9_$()+/-]*$/.test(db)) throw new Error(`"${db}" is not a database name CouchDB accepts (lowercase letters first)`);
  if (createAdmin) {
    // A fresh local server is in "admin party" (anyone is admin) until its first admin exists.
    await call('PUT', `/_config/admins/${encodeURIComponent(admin.name)}`, admin.password, { auth: false });
    done.push(`admin ${admin.name} created`);
  }
  const created = await call('PUT', `/${db}`, undefined, { ok: [412] });
  done.push(created.status === 412 ? `database ${db} already there` : `database ${db} created`);
  await call('PUT', `/${db}/_security`, { admins: { names: [admin.name], roles: [] }, members: { names: [], roles: [AGENT_ROLE] } });
  done.push(`only the ${AGENT_ROLE} role reads and writes ${db}`);
  const existing = await call('GET', `/${db}/${DESIGN_ID}`, undefined, { ok: [404] });
  await call('PUT', `/${db}/${DESIGN_ID}`, {
    ...(existing.status === 200 ? { _rev: existing.answer._rev } : {}),
    language: 'javascript',
    validate_doc_update: VALIDATE_DOC_UPDATE,
  });
  done.push('events are append-only on the server');
  // A Mango index on the tag time: a date-range pull is a `_find` the server answers from it, oldest first.
  await call('POST', `/${db}/_index`, { index: { fields: ['at'] }, ddoc: 'recount-by-time', name: 'by-time', type: 'json' });
  done.push('events indexed by time');
  for (const agent of agents) {
    const id = `org.couchdb.user:${agent.name}`;
    const user = await call('GET', `/_users/${encodeURIComponent(id)}`, undefined, { ok: [404] });
    await call('PUT', `/_users/${encodeURIComponent(id)}`, {
      ...(user.status === 200 ? { _rev: user.answer._rev } : {}),
      _id: id,
      name: agent.name,
      password: agent.password,
      roles: [AGENT_ROLE],
      type: 'user',
    });
    done.push(`agent ${agent.name} ${user.status === 200 ? 'updated' : 'added'}`);
  }
  return done;
}

/** Command-line flags: repeated `--agent` collect into a list. */
export function parseFlags(argv) {
  const flags = { agents: [] };
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].replace(/^--/, '').split(/=(.*)/s);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    if (key === 'agent') flags.agents.push(splitCredentials(value));
    else flags[key] = value;
  }
  return flags;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const flags = parseFlags(process.argv.slice(2));
    if (!flags.url || !flags.admin || !flags.db) throw new Error('usage: node tools/team-setup.mjs --url URL --admin NAME:PASSWORD --db NAME [--agent NAME:PASSWORD ...]');
    for (const line of await setUpTeam({ url: flags.url, admin: splitCredentials(flags.admin), db: flags.db, agents: flags.agents })) console.log(line);
  } catch (error) {
    console.error(`team-setup: ${error.message}`);
    process.exit(1);
  }
}
