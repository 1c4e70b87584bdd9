// The team log's sync status as every surface shows it (popup, the bar's footer, Settings › Team log). Kept in
// the model: the content scripts show it without loading the sync code.

export interface TeamServer {
  /** The server's base URL, e.g. https://couch.example.com (no path, no credentials). */
  url: string;
  /** The team's database on it. */
  db: string;
}

export type TeamSyncState = 'synced' | 'waiting' | 'unreachable' | 'refused';

export type TeamStatus =
  | { joined: false }
  | {
      joined: true;
      url: string;
      db: string;
      user: string;
      /** This installation's events not on the server yet. */
      waiting: number;
      state: TeamSyncState;
      unreachableSince: number | null;
      refused: string | null;
      lastSyncedAt: number | null;
    };

let clock: Intl.DateTimeFormat | null = null;
/** "10:42" in the reader's locale and time zone. */
const timeOfDay = (at: number) => (clock ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })).format(at);

/** One line: "synced", "3 waiting", "server unreachable since 10:42 · 3 waiting", "refused: …"; null when not in a team. */
export function describeTeamStatus(status: TeamStatus): string | null {
  if (!status.joined) return null;
  const waiting = status.waiting > 0 ? `${status.waiting} waiting` : null;
  if (status.state === 'refused') return `Team log: refused: ${status.refused ?? 'the server refused'}${waiting ? ` · ${waiting}` : ''}`;
  if (status.state === 'unreachable' && status.unreachableSince !== null) {
    return `Team log: server unreachable since ${timeOfDay(status.unreachableSince)}${waiting ? ` · ${waiting}` : ''}`;
  }
  return `Team log: ${waiting ?? 'synced'}`;
}

/** A CouchDB database name (what the setup tool accepts, and CouchDB's own rule). */
export const DATABASE_NAME = /^[a-z][a-z0-9_$()+/-]{0,237}$/;

/**
 * A server URL the team log may use: https, or http only on this machine (a local server for trying it).
 * Returns the URL's origin, or a reason in words.
 */
export function checkServerUrl(text: string): { ok: true; url: string } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, error: 'not a URL (e.g. https://couch.example.com)' };
  }
  if (url.username || url.password) return { ok: false, error: 'put the name and password in their own fields, not in the URL' };
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return { ok: false, error: 'use https:// (plain http only for a server on this computer, 127.0.0.1)' };
  }
  if (url.pathname !== '/' || url.search || url.hash) return { ok: false, error: 'give the server address only (no path): the database has its own field' };
  return { ok: true, url: url.origin };
}


/** The invite a lead hands out: the server and the database, never anyone's credentials. */
export function inviteCode(server: TeamServer): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, url: server.url, db: server.db }));
  return `recount-team:${btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The server and database an invite code names, or why it is not one. */
export function readInviteCode(code: string): { ok: true; server: TeamServer } | { ok: false; error: string } {
  const match = /^recount-team:([A-Za-z0-9_-]{1,2000})$/.exec(code.trim());
  if (!match) return { ok: false, error: 'not a Recount team code (it starts with “recount-team:”)' };
  let parsed: { v?: unknown; url?: unknown; db?: unknown };
  try {
    const binary = atob(match[1].replace(/-/g, '+').replace(/_/g, '/'));
    parsed = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  } catch {
    return { ok: false, error: 'the team code is cut short or changed' };
  }
  if (parsed?.v !== 1 || typeof parsed.url !== 'string' || typeof parsed.db !== 'string') return { ok: false, error: 'the team code is cut short or changed' };
  const url = checkServerUrl(parsed.url);
  if (!url.ok) return { ok: false, error: `the team code's server: ${url.error}` };
  if (!DATABASE_NAME.test(parsed.db)) return { ok: false, error: `the team code's database “${parsed.db.slice(0, 60)}” is not a CouchDB database name` };
  return { ok: true, server: { url: url.url, db: parsed.db } };
}

