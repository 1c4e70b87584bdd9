// The few calls of CouchDB's documented HTTP API a team log needs: who am I (`_session`), write new events
// (`_bulk_docs`), read what changed since a checkpoint (`_changes`), read a date range (`_find`, a Mango
// selector the server evaluates). Apache CouchDB in production and pouchdb-server in CI answer them the same,
// so switching servers changes no code. No replication library: an event log of immutable, id-keyed documents
// needs no revision trees, conflict handling or string filter functions (PouchDB's `new Function` path).
//
// Credentials travel in each request's Authorization header (Basic over TLS, or a JWT); they are never put in a
// URL, and no error message built here holds them.

import type { TeamServer } from '../model/team-status';

export type { TeamServer };

export type TeamCredentials = { kind: 'password'; name: string; password: string } | { kind: 'jwt'; token: string };

/** Why a call failed: the server could not be reached, refused us (401/403), or answered something else. */
export type TeamErrorKind = 'unreachable' | 'refused' | 'server';

export class TeamServerError extends Error {
  constructor(
    message: string,
    readonly kind: TeamErrorKind,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** One result of `_bulk_docs`: written, or why not (CouchDB's `error` and `reason`). */
export type BulkResult = { id: string; ok: true } | { id: string; ok: false; error: string; reason: string };

export interface ChangesPage {
  docs: Array<Record<string, unknown>>;
  lastSeq: string | number;
  /** Changes still after this page, when the server says (CouchDB does); null otherwise. */
  pending: number | null;
  /** Rows this page held, documents or not (design documents, deletions): zero means the feed is done. */
  rows: number;
}

interface ClientDeps {
  server: TeamServer;
  credentials: TeamCredentials;
  fetch: typeof fetch;
  timeoutMs?: number;
}

function authorization(credentials: TeamCredentials): string {
  if (credentials.kind === 'jwt') return `Bearer ${credentials.token}`;
  // btoa needs Latin-1: a name or password beyond it is sent as UTF-8 bytes, as CouchDB reads them.
  const bytes = new TextEncoder().encode(`${credentials.name}:${credentials.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

export function createCouchClient({ server, credentials, fetch, timeoutMs = 30_000 }: ClientDeps) {
  const base = `${server.url}/${encodeURIComponent(server.db)}`;

  /** An answer the server said yes to, or the reason it did not, as a TeamServerError. */
  async function respond(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { accept: 'application/json', authorization: authorization(credentials), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        // Only the Authorization header authenticates: no cookie of the browser rides along.
        credentials: 'omit',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw new TeamServerError('stopped', 'server');
      throw new TeamServerError(timeout.aborted ? `${server.url} did not answer within ${timeoutMs / 1000} s` : `${server.url} cannot be reached`, 'unreachable');
    }
    if (response.ok) return response;
    const answer = (await response.json().catch(() => null)) as { error?: string; reason?: string } | null;
    // The server's own words, cut short: they never hold our credentials (it never saw a password in a URL).
    const reason = String(answer?.reason ?? answer?.error ?? response.statusText).slice(0, 300);
    if (response.status === 401) throw new TeamServerError(`the server did not accept these credentials (${reason})`, 'refused', 401);
    if (response.status === 403) throw new TeamServerError(`the server refused: ${reason}`, 'refused', 403);
    if (response.status === 404) throw new TeamServerError(`there is no database “${server.db}” on ${server.url} (or you may not see it)`, 'refused', 404);
    throw new TeamServerError(`the server answered ${response.status}: ${reason}`, response.status >= 500 ? 'unreachable' : 'server', response.status);
  }

  async function call<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const response = await respond(method, url, body, signal);
    const answer = await response.json().catch(() => null);
    return couchAnswer(answer, server.url) as T;
  }

  /** The answer's bytes, unread: the pull hands them to the thread that checks them (see pull-helper.ts). */
  async function bytes(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<ArrayBuffer> {
    const response = await respond(method, url, body, signal);
    try {
      return await response.arrayBuffer();
    } catch {
      if (signal?.aborted) throw new TeamServerError('stopped', 'server');
      throw new TeamServerError(`${server.url} cannot be reached`, 'unreachable');
    }
  }

  const changesUrl = (since: string | number, limit: number) =>
    `${base}/_changes?${new URLSearchParams({ since: String(since), limit: String(limit), include_docs: 'true', style: 'main_only' })}`;

  return {
    /** Who the server takes us for; refused when the credentials are wrong. */
    async session(): Promise<{ name: string | null; roles: string[] }> {
      const answer = await call<{ userCtx?: { name?: string | null; roles?: string[] } }>('GET', `${server.url}/_session`);
      return { name: answer.userCtx?.name ?? null, roles: answer.userCtx?.roles ?? [] };
    },

    /** The database's counters; refused when we may not read it. */
    async info(): Promise<{ docCount: number; updateSeq: string | number }> {
      const answer = await call<{ doc_count: number; update_seq: string | number }>('GET', base);
      return { docCount: answer.doc_count, updateSeq: answer.update_seq };
    },

    /** Writes new documents; each result says written or why not (409 conflict: the id is there already). */
    async bulkDocs(docs: readonly object[]): Promise<BulkResult[]> {
      const answer = await call<Array<{ id: string; rev?: string; error?: string; reason?: string }>>('POST', `${base}/_bulk_docs`, { docs });
      return answer.map((r) => (r.error ? { id: r.id, ok: false, error: r.error, reason: String(r.reason ?? r.error) } : { id: r.id, ok: true }));
    },

    /** Up to `limit` changes after `since`, with their documents (the winning revision only). */
    async changes(since: string | number, limit: number, signal?: AbortSignal): Promise<ChangesPage> {
      return changesPageOf(await call('GET', changesUrl(since, limit), undefined, signal), server.url);
    },

    /** The same page's answer as bytes, read elsewhere with readChangesPage. */
    changesBytes: (since: string | number, limit: number, signal?: AbortSignal) => bytes('GET', changesUrl(since, limit), undefined, signal),

    /** Documents matching a Mango selector, evaluated by the server (never a filter function of ours). */
    async find(selector: object, sort: object[], limit: number, signal?: AbortSignal): Promise<Array<Record<string, unknown>>> {
      return foundDocsOf(await call('POST', `${base}/_find`, { selector, sort, limit }, signal), server.url);
    },

    /** The same answer as bytes, read elsewhere with readFoundDocs. */
    findBytes: (selector: object, sort: object[], limit: number, signal?: AbortSignal) => bytes('POST', `${base}/_find`, { selector, sort, limit }, signal),
  };
}

export type CouchClient = ReturnType<typeof createCouchClient>;

/** A 2xx answer that is not a JSON object (a proxy's or captive portal's page) is not the server: try again later. */
function couchAnswer(answer: unknown, serverUrl: string): object {
  if (answer === null || typeof answer !== 'object') throw new TeamServerError(`${serverUrl} answered with something that is not CouchDB's JSON`, 'unreachable');
  return answer;
}

function parsed(bytes: ArrayBuffer, serverUrl: string): object {
  let answer: unknown = null;
  try {
    answer = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    // not JSON: said below
  }
  return couchAnswer(answer, serverUrl);
}

function changesPageOf(answer: object, serverUrl: string): ChangesPage {
  const { results, last_seq: lastSeq, pending } = answer as { results?: unknown; last_seq?: unknown; pending?: unknown };
  if (!Array.isArray(results) || (typeof lastSeq !== 'string' && typeof lastSeq !== 'number')) throw new TeamServerError(`${serverUrl} answered _changes without its results and last_seq`, 'server');
  const rows = results as Array<{ id: string; deleted?: boolean; doc?: Record<string, unknown> }>;
  return {
    docs: rows.filter((r) => !r.deleted && r.doc && !String(r.id).startsWith('_design/')).map((r) => r.doc!),
    lastSeq,
    pending: typeof pending === 'number' ? pending : null,
    rows: rows.length,
  };
}

function foundDocsOf(answer: object, serverUrl: string): Array<Record<string, unknown>> {
  const { docs } = answer as { docs?: unknown };
  if (!Array.isArray(docs)) throw new TeamServerError(`${serverUrl} answered _find without its docs`, 'server');
  return docs as Array<Record<string, unknown>>;
}

/** A `_changes` answer fetched with changesBytes. */
export const readChangesPage = (bytes: ArrayBuffer, serverUrl: string): ChangesPage => changesPageOf(parsed(bytes, serverUrl), serverUrl);

/** A `_find` answer fetched with findBytes. */
export const readFoundDocs = (bytes: ArrayBuffer, serverUrl: string): Array<Record<string, unknown>> => foundDocsOf(parsed(bytes, serverUrl), serverUrl);
