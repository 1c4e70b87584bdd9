// Settings › Team log: join the team's server with your own credentials (they go to the background once and
// never come back to a page), see the sync status, hand out the invite code, leave. And the status line the popup
// shows. The lead's server setup is a command, shown here and in the README.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { describeTeamStatus, readInviteCode, type TeamStatus } from '../../utils/model/team-status';
import { isBroadcast, request } from '../../utils/transport/protocol';
import { formatTime } from '../../utils/model/format';

/** The team log's status, kept current by the background's broadcasts. */
export function useTeamStatus(): [TeamStatus | null, (s: TeamStatus) => void] {
  const [status, setStatus] = useState<TeamStatus | null>(null);
  useEffect(() => {
    void request({ type: 'team/status' }).then(setStatus, () => setStatus({ joined: false }));
    const listener = (m: unknown) => {
      if (isBroadcast(m) && m.type === 'team/status-changed') setStatus(m.status);
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
  return [status, setStatus];
}

/** "Team log: 3 waiting" and a Sync now button; nothing when not in a team. */
export function TeamStatusLine() {
  const [status, setStatus] = useTeamStatus();
  const [busy, setBusy] = useState(false);
  const line = status ? describeTeamStatus(status) : null;
  if (!line) return null;
  return (
    <p class="team-status">
      <span role="status" aria-label="Team log status">
        {line}
      </span>{' '}
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void request({ type: 'team/sync' })
            .then(setStatus, () => undefined)
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Syncing…' : 'Sync now'}
      </button>
    </p>
  );
}

export function TeamLogSettings() {
  const [status, setStatus] = useTeamStatus();
  const [code, setCode] = useState(() => new URLSearchParams(location.hash.slice(1)).get('team-join') ?? '');
  const [url, setUrl] = useState('');
  const [db, setDb] = useState('');
  const [kind, setKind] = useState<'password' | 'jwt'>('password');
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const [invite, setInvite] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const read = code ? readInviteCode(code) : null;
    if (read?.ok) {
      setUrl(read.server.url);
      setDb(read.server.db);
    }
  }, [code]);
  useEffect(() => {
    if (status?.joined) void request({ type: 'team/invite' }).then((r) => setInvite(r.code), () => setInvite(null));
  }, [status?.joined]);

  const join = async () => {
    setMessage('');
    let origin: string;
    try {
      origin = `${new URL(url.trim()).origin}/*`;
    } catch {
      return setMessage('Not joined: server: not a URL (e.g. https://couch.example.com)');
    }
    // Asked now, for this one server, from the click: nothing is granted at install.
    const granted = await browser.permissions.request({ origins: [origin] }).catch(() => false);
    if (!granted) return setMessage(`Not joined: Recount needs your permission to reach ${origin.slice(0, -2)}.`);
    setBusy(true);
    try {
      const next = await request({
        type: 'team/join',
        url: url.trim(),
        db: db.trim(),
        credentials: kind === 'password' ? { kind, name, password: secret } : { kind, token: secret },
      });
      setStatus(next);
      setSecret('');
      setMessage(next.joined ? `Joined ${next.db} on ${next.url} as ${next.user}.` : '');
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    const host = status?.joined ? status.url : null;
    await request({ type: 'team/leave' });
    if (host) await browser.permissions.remove({ origins: [`${host}/*`] }).catch(() => false);
    setStatus({ joined: false });
    setMessage('Left the team: your credentials are forgotten and Recount no longer has access to the server. Your own log stays here.');
  };

  if (!status) return <p class="muted">Loading…</p>;
  return (
    <fieldset class="team-log" aria-label="Team log">
      <legend>Team log</legend>
      {status.joined ? (
        <>
          <p>
            Member of <strong>{status.db}</strong> on {status.url} as <strong>{status.user}</strong>.{' '}
            {status.lastSyncedAt !== null && <span class="muted">Last synced {formatTime(status.lastSyncedAt)}.</span>}
          </p>
          <TeamStatusLine />
          {invite && (
            <p>
              <label>
                Invite code for your agents (server and database only, no credentials){' '}
                <input class="invite" readOnly value={invite} size={60} onFocus={(e) => (e.target as HTMLInputElement).select()} />
              </label>
              <span class="muted small"> — or send the link {browser.runtime.getURL('/dashboard.html')}#team-join={invite}</span>
            </p>
          )}
          <button type="button" onClick={() => void leave()}>
            Leave team
          </button>
        </>
      ) : (
        <form
          class="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            void join();
          }}
        >
          <label>
            Team code{' '}
            <input name="teamCode" placeholder="recount-team:…" value={code} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Server{' '}
            <input name="teamUrl" placeholder="https://couch.example.com" value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Database <input name="teamDb" placeholder="recount-team" value={db} onInput={(e) => setDb((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Sign in with{' '}
            <select name="teamAuth" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as 'password' | 'jwt')}>
              <option value="password">user name and password</option>
              <option value="jwt">a token (JWT) from your organisation</option>
            </select>
          </label>
          {kind === 'password' && (
            <label>
              Your user name <input name="teamUser" autocomplete="username" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
            </label>
          )}
          <label>
            {kind === 'password' ? 'Password' : 'Token'}{' '}
            <input name="teamSecret" type="password" autocomplete="off" value={secret} onInput={(e) => setSecret((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={busy || !url.trim() || !db.trim() || !secret || (kind === 'password' && !name.trim())}>
            {busy ? 'Joining…' : 'Join team'}
          </button>
        </form>
      )}
      <p class="muted small">
        Only your verdict events are sent (one document each, exactly as in an export): never transcripts or anything else of this browser. Your
        credentials stay in this browser’s extension storage, are used only by Recount’s background, and never go into an export, backup or bundle.
        A lead sets the server up once with <code>npm run team-server -- --dir ./team-data</code> (a local server to try it) or{' '}
        <code>node tools/team-setup.mjs --url … --admin … --db …</code> on the team’s own Apache CouchDB.
      </p>
      <p role="status" class="message">
        {message}
      </p>
    </fieldset>
  );
}
