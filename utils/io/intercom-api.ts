// Intercom's REST API, read by the background with the buyer's own access token: who the token belongs to,
// one conversation's Fin outcome, and every conversation Fin may have billed for in a window. A pure module:
// fetch, sleep and the clock are injected, so it runs (and is tested) without a network or a browser.
//
// The token goes into the Authorization header and nowhere else: not into a URL, a body, an error's message
// or properties, or anything returned. Every answer is read with a size cap and a time limit, and checked
// against a schema strict about the fields we use (loose about the rest) before anything else sees it.
// Long because the client and the schemas of the answers it accepts belong together (rate limits, retries, size
// and time limits, validation).
import * as v from 'valibot';
import { parseFinResolution } from '../adapters/intercom';
import { readBilledList, type BilledRead } from './billed-list';
import { type BilledItem } from '../model/records';
import type { ConversationState, ResolutionKind } from '../model/verdict';

export const INTERCOM_API_HOSTS = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
} as const;
export type IntercomRegion = keyof typeof INTERCOM_API_HOSTS;

/** v2.11–2.14 answer routed_to_team/abandoned; v2.15+ escalated/negative_feedback/procedure_handoff. Both are read. */
const INTERCOM_API_VERSION = '2.14';

/** The resolution states Intercom bills for (procedure_handoff exists from v2.15). */
const BILLED_RESOLUTION_STATES = ['assumed_resolution', 'confirmed_resolution', 'procedure_handoff'] as const;

const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
/** Intercom's search returns at most 150 conversations a page. */
const SEARCH_PAGE_SIZE = 150;
const MAX_RATE_LIMIT_WAITS = 5;
/** Waits before the 1st, 2nd and 3rd retry of a 5xx; a 4th 5xx fails. */
const SERVER_RETRY_DELAYS_MS = [500, 1000, 2000] as const;
/** A reset further away than this is not waited for in one go (the limit is counted in 10-second slices). */
const MAX_RATE_LIMIT_WAIT_MS = 60_000;
/** Waited when a 429 gives no usable X-RateLimit-Reset (one 10-second slice). */
const DEFAULT_RATE_LIMIT_WAIT_MS = 10_000;
const MIN_RATE_LIMIT_WAIT_MS = 1000;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_JSON_DEPTH = 64;
const DEFAULT_MAX_PAGES = 10_000;

type IntercomApiErrorKind =
  | 'bad-token'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'server'
  | 'http'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'malformed'
  | 'cancelled';

/** Every failure of this client. Its message and properties never carry the token. */
export class IntercomApiError extends Error {
  override readonly name = 'IntercomApiError';
  constructor(
    readonly kind: IntercomApiErrorKind,
    message: string,
    /** The HTTP status, where Intercom answered. */
    readonly status: number | null = null,
    /** Intercom's own error code (errors[0].code), where it gave one. */
    readonly vendorCode: string | null = null,
  ) {
    super(message);
  }
}

export function isIntercomApiError(error: unknown): error is IntercomApiError {
  return error instanceof IntercomApiError;
}

export interface IntercomWait {
  /** When the next attempt is made, ms since the epoch (by the injected clock). */
  until: number;
  reason: 'rate-limit' | 'server-error';
}

export interface IntercomApiOptions {
  region: IntercomRegion;
  token: string;
  fetch: typeof fetch;
  /** Waits between attempts; rejects or returns early when `signal` aborts. Default: setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** ms since the epoch. Default: Date.now. */
  now?: () => number;
  maxBodyBytes?: number;
  /** Per attempt, from the request to the last byte of the answer. */
  timeoutMs?: number;
  /** Sent as Intercom-Version. */
  version?: string;
  /** Told before every wait (a 429 until its reset, a 5xx backoff). */
  onWait?: (wait: IntercomWait) => void;
  /** Refuse a search that runs to more pages than this (a server that never stops). */
  maxPages?: number;
}

interface IntercomMe {
  workspaceName: string;
  appId: string;
  adminName: string;
}

export interface ApiConversationClaim {
  conversationId: string;
  aiAgentParticipated: boolean;
  /** As Intercom sent it, either vocabulary: "assumed_resolution", "routed_to_team", "escalated", … */
  resolutionState: string | null;
  resolution: ResolutionKind;
  /** ai_agent.source_type: "workflow", "profile", "fin_preview", … */
  sourceType: string | null;
  state: ConversationState;
  /** ms since the epoch. */
  updatedAt: number;
  createdAt: number;
}

export interface SearchProgress {
  page: number;
  totalPages: number | null;
  /** Conversations received so far. */
  fetched: number;
}

interface SearchBilledParams {
  /** Window start, ms since the epoch, inclusive (to the second). */
  from: number;
  /** Window end, ms since the epoch, exclusive (to the second). */
  to: number;
  /** ai_agent.resolution_state values to ask for. Default: BILLED_RESOLUTION_STATES. */
  states?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: SearchProgress) => void;
  onWait?: (wait: IntercomWait) => void;
}

interface SearchBilledResult {
  /** Each conversation as Intercom sent it, validated; one per id (the latest updated_at if a pull saw one twice). */
  conversations: unknown[];
  pages: number;
}

export interface IntercomApi {
  readonly host: string;
  me(options?: { signal?: AbortSignal }): Promise<IntercomMe>;
  getConversation(id: string, options?: { signal?: AbortSignal }): Promise<ApiConversationClaim>;
  searchBilled(params: SearchBilledParams): Promise<SearchBilledResult>;
}

// ---------------------------------------------------------------------------------------------------------
// Schemas: strict about the fields we read, loose about everything else.

const objectMessage = (issue: v.BaseIssue<unknown>) =>
  issue.input === undefined && typeof issue.expected === 'string' && issue.expected.startsWith('"') ? 'missing' : 'expected an object';
const obj = <E extends v.ObjectEntries>(entries: E) => v.looseObject(entries, objectMessage);

const ConversationIdSchema = v.pipe(
  v.string('expected a string of digits'),
  v.regex(/^\d{1,40}$/, 'expected a string of digits'),
);
/** Unix seconds, as Intercom sends them; before 5138 so that no reader takes them for ms. */
const SecondsSchema = v.pipe(
  v.number('expected Unix seconds'),
  v.integer('expected Unix seconds'),
  v.minValue(0, 'expected Unix seconds'),
  v.maxValue(1e11 - 1, 'expected Unix seconds'),
);
const LabelSchema = v.pipe(
  v.string('expected string or null'),
  v.maxLength(100, 'expected string or null (of at most 100 characters)'),
  v.regex(/^[A-Za-z0-9_ -]*$/, 'expected string or null (letters, digits, "_")'),
);
const ContactIdSchema = v.pipe(
  v.string('expected a contact id'),
  v.regex(/^[A-Za-z0-9_-]{1,100}$/, 'expected a contact id (letters, digits, "_", "-")'),
);
const TextSchema = (max: number) =>
  v.pipe(v.string('expected a string'), v.maxLength(max, `expected a string of at most ${max} characters`));

const AiAgentSchema = v.nullish(
  v.looseObject(
    {
      source_type: v.nullish(LabelSchema),
      resolution_state: v.nullish(LabelSchema),
    },
    (issue) => (issue.input === undefined ? 'missing' : 'expected an object or null'),
  ),
);

const ConversationSchema = obj({
  id: ConversationIdSchema,
  created_at: SecondsSchema,
  updated_at: SecondsSchema,
  state: v.optional(TextSchema(50)),
  ai_agent_participated: v.optional(v.boolean('expected true or false')),
  ai_agent: AiAgentSchema,
  statistics: v.nullish(v.looseObject({ last_close_at: v.nullish(SecondsSchema) }, 'expected an object or null')),
  contacts: v.nullish(
    v.looseObject(
      { contacts: v.optional(v.pipe(v.array(obj({ id: ContactIdSchema }), 'expected a list'), v.maxLength(1000, 'expected at most 1000 contacts'))) },
      'expected an object or null',
    ),
  ),
});

const CursorSchema = v.pipe(
  v.string('expected a string'),
  v.regex(/^[\x21-\x7e]{1,1000}$/, 'expected a cursor (1 to 1000 printable characters)'),
);
const CountSchema = v.pipe(v.number('expected a whole number'), v.integer('expected a whole number'), v.minValue(0, 'expected a whole number'));

const SearchPageSchema = obj({
  type: v.literal('conversation.list', 'expected "conversation.list"'),
  conversations: v.pipe(v.array(ConversationSchema, 'expected a list'), v.maxLength(1000, 'expected at most 1000 conversations a page')),
  total_count: v.optional(CountSchema),
  pages: v.nullish(
    v.looseObject(
      {
        page: v.optional(CountSchema),
        total_pages: v.optional(CountSchema),
        next: v.nullish(v.looseObject({ starting_after: CursorSchema }, objectMessage)),
      },
      'expected an object',
    ),
  ),
});

const MeSchema = obj({
  type: v.literal('admin', 'expected "admin"'),
  name: TextSchema(200),
  app: obj({
    id_code: v.pipe(v.string('expected an app id'), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an app id (letters, digits)')),
    name: TextSchema(200),
  }),
});

const ErrorListSchema = v.looseObject({
  errors: v.array(v.looseObject({ code: v.optional(v.string()), message: v.optional(v.nullable(v.string())) })),
});

// ---------------------------------------------------------------------------------------------------------

/** "conversations[3].ai_agent.resolution_state" from a valibot issue's path. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = '';
  for (const item of issue.path ?? []) {
    const key = String((item as { key: unknown }).key);
    if (item.type === 'array' || typeof (item as { key: unknown }).key === 'number') out += `[${key}]`;
    else out += out ? `.${key}` : key;
  }
  return out;
}

function validate<S extends v.GenericSchema>(schema: S, data: unknown, what: string): v.InferOutput<S> {
  const result = v.safeParse(schema, data);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issuePath(issue);
  throw new IntercomApiError('malformed', `Intercom's ${what} is not as expected: ${path ? `${path}: ` : ''}${issue.message}`);
}

/** Refuses keys that could reach a prototype and nesting no honest answer has, naming where. Iterative: a deep body cannot overflow the stack. */
function checkShape(data: unknown, what: string): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: data, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) throw new IntercomApiError('malformed', `Intercom's ${what} is not as expected: ${path}: nested more than ${MAX_JSON_DEPTH} deep`);
    if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
        throw new IntercomApiError('malformed', `Intercom's ${what} is not as expected: ${at}: a key no answer has`);
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
}

const STATE_PATTERN = /^[a-z_]{1,50}$/;

/**
 * The body of POST /conversations/search for Fin's billed outcomes updated in [from, to) (ms, to the second):
 * Intercom compares with > and <, so the lower bound is one second before `from`.
 */
export function billedSearchQuery(from: number, to: number, states: readonly string[] = BILLED_RESOLUTION_STATES, cursor?: string) {
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) throw new RangeError('billedSearchQuery: `from` must be a time before `to`');
  if (states.length === 0 || !states.every((s) => STATE_PATTERN.test(s))) throw new RangeError('billedSearchQuery: states must be resolution_state words');
  if (cursor !== undefined && !/^[\x21-\x7e]{1,1000}$/.test(cursor)) throw new RangeError('billedSearchQuery: not a cursor');
  return {
    query: {
      operator: 'AND',
      value: [
        { field: 'ai_agent_participated', operator: '=', value: true },
        { field: 'ai_agent.resolution_state', operator: 'IN', value: [...states] },
        { field: 'updated_at', operator: '>', value: Math.floor(from / 1000) - 1 },
        { field: 'updated_at', operator: '<', value: Math.ceil(to / 1000) },
      ],
    },
    pagination: cursor === undefined ? { per_page: SEARCH_PAGE_SIZE } : { per_page: SEARCH_PAGE_SIZE, starting_after: cursor },
  };
}

/** A search pull read exactly as an uploaded "Intercom API JSON" file is (previews and unbilled states skipped). */
export function billedReadFromSearch(conversations: readonly unknown[]): BilledRead {
  return readBilledList(JSON.stringify({ type: 'conversation.list', conversations }), 'intercom-api-json');
}

export function billedItemsFromSearch(conversations: readonly unknown[]): BilledItem[] {
  const read = billedReadFromSearch(conversations);
  if (read.errors.length > 0) throw new IntercomApiError('malformed', `Intercom's search answer could not be read as a billed list: ${read.errors[0]}`);
  return read.items;
}

const CONVERSATION_STATES: Record<string, ConversationState> = { open: 'open', closed: 'closed', snoozed: 'snoozed' };

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const cancelled = () => new IntercomApiError('cancelled', 'The Intercom request was cancelled');

interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export function createIntercomApi(options: IntercomApiOptions): IntercomApi {
  if (!Object.hasOwn(INTERCOM_API_HOSTS, options.region)) throw new RangeError('createIntercomApi: region must be us, eu or au');
  const host = INTERCOM_API_HOSTS[options.region];
  const token = options.token;
  const doFetch = options.fetch;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const version = options.version ?? INTERCOM_API_VERSION;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!/^(\d+\.\d+|Unstable)$/.test(version)) throw new RangeError('createIntercomApi: version must be like "2.14"');

  /** Belt and braces: whatever text reaches an error, the token does not. */
  const scrub = (text: string) => (token ? text.split(token).join('[token]') : text);
  const fail = (kind: IntercomApiErrorKind, message: string, status: number | null = null, code: string | null = null) =>
    new IntercomApiError(kind, scrub(message), status, code === null ? null : scrub(code));

  /** The body as text, at most `limit` bytes by Content-Length and by count while reading. */
  async function readBody(response: Response, limit: number): Promise<string> {
    const declared = response.headers.get('content-length');
    if (declared !== null && /^\s*\d+\s*$/.test(declared) && Number(declared) > limit) {
      void response.body?.cancel().catch(() => {});
      throw fail('too-large', `Intercom's answer is larger than ${limit} bytes (Content-Length ${Number(declared)})`, response.status);
    }
    let bytes: Uint8Array;
    const reader = response.body?.getReader?.();
    if (reader) {
      const chunks: Uint8Array[] = [];
      let total = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limit) {
          void reader.cancel().catch(() => {});
          throw fail('too-large', `Intercom's answer is larger than ${limit} bytes`, response.status);
        }
        chunks.push(value);
      }
      bytes = new Uint8Array(total);
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.byteLength;
      }
    } else {
      const text = await response.text();
      // A UTF-16 code unit is at most 3 bytes in UTF-8: only encode when the length alone cannot decide.
      if (text.length > limit || (text.length * 3 > limit && new TextEncoder().encode(text).byteLength > limit)) {
        throw fail('too-large', `Intercom's answer is larger than ${limit} bytes`, response.status);
      }
      return text;
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw fail('malformed', "Intercom's answer is not UTF-8 text", response.status);
    }
  }

  /** One attempt: the request and the whole body, within timeoutMs, abandoned when `signal` aborts. */
  async function attempt(method: 'GET' | 'POST', path: string, body: string | undefined, signal: AbortSignal | undefined, bodyLimit: number): Promise<RawAnswer> {
    if (signal?.aborted) throw cancelled();
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    // Raced as well as signalled: a fetch (or body) that ignores its signal still ends on time.
    const stop = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(fail('timeout', `Intercom did not answer within ${timeoutMs >= 1000 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`} (${method} ${path})`));
        controller.abort();
      }, timeoutMs);
      onAbort = () => {
        reject(cancelled());
        controller.abort();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    stop.catch(() => {});
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'Intercom-Version': version,
      Accept: 'application/json',
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const run = async (): Promise<RawAnswer> => {
      let response: Response;
      try {
        response = await doFetch(`${host}${path}`, {
          method,
          headers,
          body,
          signal: controller.signal,
          credentials: 'omit',
          redirect: 'error',
          cache: 'no-store',
          referrerPolicy: 'no-referrer',
        });
      } catch (error) {
        if (controller.signal.aborted) throw fail('network', 'The Intercom request was stopped');
        const reason = error instanceof Error ? error.message : String(error);
        throw fail('network', `Could not reach Intercom at ${host} (${reason.slice(0, 200)})`);
      }
      const text = await readBody(response, bodyLimit);
      return { status: response.status, headers: response.headers, text };
    };
    try {
      return await Promise.race([run(), stop]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Intercom's errors[0] of an error body, if it has one. */
  function vendorError(text: string): { code: string | null; detail: string } {
    try {
      const parsed = v.safeParse(ErrorListSchema, JSON.parse(text));
      const first = parsed.success ? parsed.output.errors[0] : undefined;
      if (!first) return { code: null, detail: '' };
      const code = first.code && /^[a-z0-9_.-]{1,80}$/i.test(first.code) ? first.code : null;
      const message = (first.message ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim().slice(0, 200);
      return { code, detail: [code, message].filter(Boolean).join(': ') };
    } catch {
      return { code: null, detail: '' };
    }
  }

  async function request(
    method: 'GET' | 'POST',
    path: string,
    what: string,
    body: unknown,
    context: { signal?: AbortSignal; onWait?: (wait: IntercomWait) => void; notFound?: string },
  ): Promise<unknown> {
    const { signal } = context;
    if (!token || !/^[\x21-\x7e]+$/.test(token)) {
      throw fail('bad-token', 'The Intercom access token is empty or has characters a token cannot have (spaces, line breaks): check it in Settings › Intercom API');
    }
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const wait = async (ms: number, reason: IntercomWait['reason']) => {
      const until = now() + ms;
      options.onWait?.({ until, reason });
      context.onWait?.({ until, reason });
      await sleep(ms, signal);
      if (signal?.aborted) throw cancelled();
    };
    let rateLimitWaits = 0;
    let serverRetries = 0;
    for (;;) {
      if (signal?.aborted) throw cancelled();
      const ok = await attempt(method, path, payload, signal, maxBodyBytes).catch(async (error: unknown) => {
        // An error body that is too large is not worth reading, but its status still counts.
        if (error instanceof IntercomApiError && error.kind === 'too-large' && error.status !== null && error.status >= 400) {
          return { status: error.status, headers: new Headers(), text: '' } satisfies RawAnswer;
        }
        throw error;
      });
      const { status } = ok;
      if (status >= 200 && status < 300) return parseAnswer(ok, what);
      const vendor = vendorError(ok.text.length <= MAX_ERROR_BODY_BYTES ? ok.text : '');
      const detail = vendor.detail ? ` — Intercom said "${vendor.detail}"` : '';
      if (status === 429) {
        if (rateLimitWaits >= MAX_RATE_LIMIT_WAITS) {
          throw fail('rate-limited', `Intercom kept refusing for its rate limit (429) after ${MAX_RATE_LIMIT_WAITS} waits: try again in a minute`, status, vendor.code);
        }
        rateLimitWaits++;
        const reset = ok.headers.get('x-ratelimit-reset');
        const resetMs = reset !== null && /^\s*\d{1,12}\s*$/.test(reset) ? Number(reset) * 1000 : null;
        const ms = resetMs === null ? DEFAULT_RATE_LIMIT_WAIT_MS : Math.min(MAX_RATE_LIMIT_WAIT_MS, Math.max(MIN_RATE_LIMIT_WAIT_MS, resetMs - now()));
        await wait(ms, 'rate-limit');
        continue;
      }
      if (status >= 500) {
        if (serverRetries >= SERVER_RETRY_DELAYS_MS.length) {
          throw fail('server', `Intercom failed (${status}) ${serverRetries + 1} times in a row${detail}: try again later`, status, vendor.code);
        }
        await wait(SERVER_RETRY_DELAYS_MS[serverRetries++], 'server-error');
        continue;
      }
      if (status === 401) throw fail('unauthorized', `Intercom refused the token (401): check it in Settings › Intercom API${detail}`, status, vendor.code);
      if (status === 403) {
        throw fail('forbidden', `Intercom refused this request (403): the token may lack the permission to read conversations — check it in Settings › Intercom API${detail}`, status, vendor.code);
      }
      if (status === 404) throw fail('not-found', `${context.notFound ?? `Intercom has no ${path}`} (404)${detail}`, status, vendor.code);
      throw fail('http', `Intercom refused ${method} ${path} (${status})${detail}`, status, vendor.code);
    }
  }

  function parseAnswer(answer: RawAnswer, what: string): unknown {
    const type = answer.headers.get('content-type');
    if (type !== null && !/json/i.test(type)) {
      throw fail('malformed', `Intercom's ${what} is not JSON (Content-Type ${type.slice(0, 80)}): a proxy or login page may be in the way`, answer.status);
    }
    if (token && answer.text.includes(token)) throw fail('malformed', `Intercom's ${what} repeats the access token: refused`, answer.status);
    let data: unknown;
    try {
      data = JSON.parse(answer.text.replace(/^\uFEFF/, ''));
    } catch (error) {
      throw fail('malformed', `Intercom's ${what} is not valid JSON (${(error as Error).message.slice(0, 120)})`, answer.status);
    }
    checkShape(data, what);
    return data;
  }

  return {
    host,

    async me({ signal } = {}) {
      const data = validate(MeSchema, await request('GET', '/me', 'answer to /me', undefined, { signal }), 'answer to /me');
      return { workspaceName: data.app.name, appId: data.app.id_code, adminName: data.name };
    },

    async getConversation(id, { signal } = {}) {
      if (typeof id !== 'string' || !/^\d{1,40}$/.test(id)) throw new RangeError('getConversation: an Intercom conversation id is a string of digits');
      const what = `conversation ${id}`;
      const data = validate(
        ConversationSchema,
        await request('GET', `/conversations/${id}`, what, undefined, { signal, notFound: `Intercom has no conversation ${id} in this workspace` }),
        what,
      );
      if (data.id !== id) throw fail('malformed', `Intercom's ${what} is not as expected: id: expected "${id}", got "${data.id}"`);
      const resolutionState = data.ai_agent?.resolution_state ?? null;
      return {
        conversationId: data.id,
        aiAgentParticipated: data.ai_agent_participated ?? false,
        resolutionState,
        resolution: parseFinResolution(resolutionState),
        sourceType: data.ai_agent?.source_type ?? null,
        state: CONVERSATION_STATES[data.state ?? ''] ?? 'unknown',
        updatedAt: data.updated_at * 1000,
        createdAt: data.created_at * 1000,
      };
    },

    async searchBilled({ from, to, states = BILLED_RESOLUTION_STATES, signal, onProgress, onWait }) {
      const byId = new Map<string, { updatedAt: number; raw: unknown }>();
      const sent = new Set<string>();
      let cursor: string | undefined;
      let fetched = 0;
      for (let page = 1; ; page++) {
        if (signal?.aborted) throw cancelled();
        if (page > maxPages) throw fail('malformed', `Intercom's search answer runs past ${maxPages} pages: refused`);
        const what = `search answer (page ${page})`;
        const raw = await request('POST', '/conversations/search', what, billedSearchQuery(from, to, states, cursor), { signal, onWait });
        const data = validate(SearchPageSchema, raw, what);
        const list = (raw as { conversations: unknown[] }).conversations;
        data.conversations.forEach((c, i) => {
          const seen = byId.get(c.id);
          if (!seen || c.updated_at >= seen.updatedAt) byId.set(c.id, { updatedAt: c.updated_at, raw: list[i] });
        });
        fetched += data.conversations.length;
        const totalPages = data.pages?.total_pages ?? null;
        onProgress?.({ page, totalPages, fetched });
        const next = data.pages?.next?.starting_after;
        if (next === undefined) {
          return { conversations: [...byId.values()].map((entry) => entry.raw), pages: page };
        }
        if (sent.has(next)) {
          throw fail('malformed', `Intercom's ${what} is not as expected: pages.next.starting_after: repeats an earlier page's cursor (the pull would never end)`);
        }
        if (data.conversations.length === 0) {
          throw fail('malformed', `Intercom's ${what} is not as expected: conversations: empty, yet pages.next says there is more`);
        }
        sent.add(next);
        cursor = next;
      }
    },
  };
}
