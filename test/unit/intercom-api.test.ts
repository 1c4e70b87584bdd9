// The Intercom REST API client, against a fake fetch that records every request. Expected values are worked
// out by hand from test/fixtures/intercom-api/*.json (each stated in a comment), never by the module's helpers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  billedItemsFromSearch,
  billedReadFromSearch,
  billedSearchQuery,
  createIntercomApi,
  INTERCOM_API_HOSTS,
  IntercomApiError,
  type IntercomApiOptions,
  type IntercomWait,
} from '../../utils/io/intercom-api';
import { FIXTURES_DIR } from './fixtures';

const TOKEN = 'dG9rOlJFQ09VTlQtc2VjcmV0LTdmNGMyZTlh_Zq';
const fixtureText = (name: string) => readFileSync(join(FIXTURES_DIR, 'intercom-api', name), 'utf8');
const fixture = (name: string) => JSON.parse(fixtureText(name)) as Record<string, unknown>;

// 2025-11-01T00:00:00Z and 2025-12-01T00:00:00Z (`date -u -d 2025-11-01 +%s` → 1761955200; 2025-12-01 → 1764547200).
const FROM = 1_761_955_200_000;
const TO = 1_764_547_200_000;

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

type Responder = (call: Call, index: number) => Response | Promise<Response>;

function fakeFetch(responder: Responder) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers: Record<string, string> = {};
    const given = init?.headers;
    const entries = given instanceof Headers ? [...given.entries()] : Array.isArray(given) ? given : Object.entries(given ?? {});
    for (const [name, value] of entries) headers[name.toLowerCase()] = value;
    const call: Call = { url: String(input), method: init?.method ?? 'GET', headers, body: init?.body as string | undefined, signal: init?.signal ?? undefined };
    calls.push(call);
    return responder(call, calls.length - 1);
  };
  return { fetch, calls };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function setup(responder: Responder, options: Partial<IntercomApiOptions> = {}) {
  const { fetch, calls } = fakeFetch(responder);
  const sleeps: number[] = [];
  const waits: IntercomWait[] = [];
  let clock = 1_762_000_000_500;
  const api = createIntercomApi({
    region: 'us',
    token: TOKEN,
    fetch,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    onWait: (wait) => waits.push(wait),
    ...options,
  });
  return { api, calls, sleeps, waits };
}

/** Everything an error or result shows, serialised: own properties, message and stack. */
function serialise(value: unknown): string {
  if (value instanceof Error) {
    return JSON.stringify({ ...value, message: value.message, stack: value.stack, name: value.name, string: String(value) });
  }
  return JSON.stringify(value);
}

function expectNoToken(...values: unknown[]) {
  for (const value of values) expect(serialise(value)).not.toContain(TOKEN);
}

/** The token is in the Authorization header and in nothing else that was sent. */
function expectTokenOnlyInAuthorization(calls: Call[], host: string) {
  expect(calls.length).toBeGreaterThan(0);
  for (const call of calls) {
    expect(call.url.startsWith(`${host}/`)).toBe(true);
    expect(call.url).not.toContain(TOKEN);
    expect(call.body ?? '').not.toContain(TOKEN);
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    for (const [name, value] of Object.entries(call.headers)) if (name !== 'authorization') expect(value).not.toContain(TOKEN);
  }
}

async function failure(promise: Promise<unknown>): Promise<IntercomApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IntercomApiError);
    expectNoToken(error);
    return error as IntercomApiError;
  }
  throw new Error('expected the call to fail');
}

const PAGES = ['search-page-1.json', 'search-page-2.json', 'search-page-3.json'];
const pagesResponder: Responder = (_call, i) => json(fixtureText(PAGES[i]));

describe('requests', () => {
  it('me(): GET /me on the chosen region with the token, the version and Accept; names from the answer', async () => {
    const { api, calls } = setup(() => json(fixtureText('me.json')), { region: 'eu' });
    const me = await api.me();
    // me.json: app.name "Acme Support", app.id_code "abc12def", name "Dana Reyes".
    expect(me).toEqual({ workspaceName: 'Acme Support', appId: 'abc12def', adminName: 'Dana Reyes' });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toBe('https://api.eu.intercom.io/me');
    expect(calls[0].method).toBe('GET');
    expect(calls[0].headers).toEqual({ authorization: `Bearer ${TOKEN}`, 'intercom-version': '2.14', accept: 'application/json' });
    expectTokenOnlyInAuthorization(calls, 'https://api.eu.intercom.io');
    expectNoToken(me);
  });

  it.each([
    ['us', 'https://api.intercom.io'],
    ['eu', 'https://api.eu.intercom.io'],
    ['au', 'https://api.au.intercom.io'],
  ] as const)('region %s contacts only %s, for every kind of request', async (region, host) => {
    expect(INTERCOM_API_HOSTS[region]).toBe(host);
    const { api, calls } = setup((call) => {
      if (call.url.endsWith('/me')) return json(fixtureText('me.json'));
      if (call.url.endsWith('/conversations/215467891234501')) return json(fixtureText('conversation-v2.14.json'));
      return json(fixtureText('search-page-3.json'));
    }, { region });
    await api.me();
    await api.getConversation('215467891234501');
    await api.searchBilled({ from: FROM, to: TO });
    expect(calls.map((c) => c.url)).toEqual([`${host}/me`, `${host}/conversations/215467891234501`, `${host}/conversations/search`]);
    expectTokenOnlyInAuthorization(calls, host);
  });

  it('refuses a region it does not know, without contacting anything', () => {
    const { fetch, calls } = fakeFetch(() => json({}));
    expect(() => createIntercomApi({ region: 'xx' as 'us', token: TOKEN, fetch })).toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });

  it('sends another Intercom-Version when asked', async () => {
    const { api, calls } = setup(() => json(fixtureText('conversation-v2.15.json')), { version: '2.15' });
    await api.getConversation('215467891234506');
    expect(calls[0].headers['intercom-version']).toBe('2.15');
  });

  it('a token with a line break or space is refused before any request, and not repeated', async () => {
    const { api, calls } = setup(() => json(fixtureText('me.json')), { token: `${TOKEN}\nX-Evil: 1` });
    const error = await failure(api.me());
    expect(error.kind).toBe('bad-token');
    expect(calls).toHaveLength(0);
    expect(serialise(error)).not.toContain('X-Evil');
  });
});

describe('getConversation: both resolution_state vocabularies', () => {
  it('v2.14 fixture: assumed_resolution, with every field we do not read tolerated', async () => {
    const { api, calls } = setup(() => json(fixtureText('conversation-v2.14.json')));
    const claim = await api.getConversation('215467891234501');
    // conversation-v2.14.json: state closed, created_at 1762160042, updated_at 1762161000 (seconds → ms), source_type workflow.
    expect(claim).toEqual({
      conversationId: '215467891234501',
      aiAgentParticipated: true,
      resolutionState: 'assumed_resolution',
      resolution: 'assumed',
      sourceType: 'workflow',
      state: 'closed',
      updatedAt: 1_762_161_000_000,
      createdAt: 1_762_160_042_000,
    });
    expect(calls[0].url).toBe('https://api.intercom.io/conversations/215467891234501');
    expectNoToken(claim);
  });

  it('v2.15 fixture: procedure_handoff (with extra fields a later version may add)', async () => {
    const { api } = setup(() => json(fixtureText('conversation-v2.15.json')));
    const claim = await api.getConversation('215467891234506');
    // conversation-v2.15.json: source_type profile, created_at 1762359600, updated_at 1762360100.
    expect(claim).toEqual({
      conversationId: '215467891234506',
      aiAgentParticipated: true,
      resolutionState: 'procedure_handoff',
      resolution: 'procedure_handoff',
      sourceType: 'profile',
      state: 'closed',
      updatedAt: 1_762_360_100_000,
      createdAt: 1_762_359_600_000,
    });
  });

  it.each([
    // v2.11–2.14 words, then v2.15+ words.
    ['routed_to_team', 'escalated'],
    ['abandoned', 'abandoned'],
    ['confirmed_resolution', 'confirmed'],
    ['escalated', 'escalated'],
    ['negative_feedback', 'negative_feedback'],
    [null, 'none'],
  ] as const)('resolution_state %s → %s, kept raw', async (state, kind) => {
    const body = fixture('conversation-v2.14.json');
    (body.ai_agent as Record<string, unknown>).resolution_state = state;
    const { api } = setup(() => json(body));
    const claim = await api.getConversation('215467891234501');
    expect([claim.resolutionState, claim.resolution]).toEqual([state, kind]);
  });

  it('a conversation Fin never joined: ai_agent null', async () => {
    const body = { ...fixture('conversation-v2.14.json'), ai_agent_participated: false, ai_agent: null, state: 'snoozed' };
    const { api } = setup(() => json(body));
    const claim = await api.getConversation('215467891234501');
    expect(claim).toMatchObject({ aiAgentParticipated: false, resolutionState: null, resolution: 'none', sourceType: null, state: 'snoozed' });
  });

  it('404 → not-found, at once', async () => {
    const { api, calls, sleeps } = setup(() => json({ type: 'error.list', errors: [{ code: 'not_found', message: 'Resource Not Found' }] }, 404));
    const error = await failure(api.getConversation('999'));
    expect(error.kind).toBe('not-found');
    expect(error.status).toBe(404);
    expect(error.message).toContain('conversation 999');
    expect([calls.length, sleeps.length]).toEqual([1, 0]);
  });

  it('an answer for another conversation is refused', async () => {
    const { api } = setup(() => json(fixtureText('conversation-v2.15.json')));
    const error = await failure(api.getConversation('215467891234501'));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('id: expected "215467891234501", got "215467891234506"');
  });

  it('an id that is not digits is refused before any request', async () => {
    const { api, calls } = setup(() => json({}));
    await expect(api.getConversation('12/../me')).rejects.toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });
});

describe('searchBilled', () => {
  it('the search body, written out by hand', () => {
    // from 1761955200000 ms → 1761955200 s, minus one because Intercom only has ">" (so the first second counts);
    // to 1764547200000 ms → 1764547200 s, with "<" (the window's end is not in it).
    expect(billedSearchQuery(FROM, TO, ['assumed_resolution', 'confirmed_resolution'], 'abc=')).toEqual({
      query: {
        operator: 'AND',
        value: [
          { field: 'ai_agent_participated', operator: '=', value: true },
          { field: 'ai_agent.resolution_state', operator: 'IN', value: ['assumed_resolution', 'confirmed_resolution'] },
          { field: 'updated_at', operator: '>', value: 1761955199 },
          { field: 'updated_at', operator: '<', value: 1764547200 },
        ],
      },
      pagination: { per_page: 150, starting_after: 'abc=' },
    });
    expect(billedSearchQuery(FROM, TO).pagination).toEqual({ per_page: 150 });
    expect(billedSearchQuery(FROM, TO).query.value[1].value).toEqual(['assumed_resolution', 'confirmed_resolution', 'procedure_handoff']);
    expect(() => billedSearchQuery(TO, FROM)).toThrow(RangeError);
    expect(() => billedSearchQuery(FROM, TO, ['x"; DROP'])).toThrow(RangeError);
  });

  it('follows three pages by cursor, in order, and reports progress', async () => {
    const { api, calls } = setup(pagesResponder);
    const progress: unknown[] = [];
    const result = await api.searchBilled({ from: FROM, to: TO, onProgress: (p) => progress.push(p) });
    expect(calls.map((c) => [c.method, c.url])).toEqual(Array(3).fill(['POST', 'https://api.intercom.io/conversations/search']));
    // Cursors: none on page 1, then page 1's next.starting_after, then page 2's.
    const bodies = calls.map((c) => JSON.parse(c.body!));
    expect(bodies.map((b) => b.pagination)).toEqual([
      { per_page: 150 },
      { per_page: 150, starting_after: 'WzE3NjIyMDAzMDAwMDAsM10=' },
      { per_page: 150, starting_after: 'WzE3NjIzNjE1MDAwMDAsNV0=' },
    ]);
    expect(bodies[1].query.value[2]).toEqual({ field: 'updated_at', operator: '>', value: 1761955199 });
    expect(calls[0].headers['content-type']).toBe('application/json');
    // Pages hold 3, 2 and 1 conversations; total_pages is 3 on each.
    expect(progress).toEqual([
      { page: 1, totalPages: 3, fetched: 3 },
      { page: 2, totalPages: 3, fetched: 5 },
      { page: 3, totalPages: 3, fetched: 6 },
    ]);
    expect(result.pages).toBe(3);
    expect(result.conversations.map((c) => (c as { id: string }).id)).toEqual([
      '215467891234501', '215467891234502', '215467891234599', '215467891234506', '215467891234598', '215467891234508',
    ]);
    // Raw: fields we do not read are kept.
    expect((result.conversations[5] as { custom_attributes: unknown }).custom_attributes).toEqual({ Plan: 'Pro' });
    expectTokenOnlyInAuthorization(calls, 'https://api.intercom.io');
    expectNoToken(result, progress);
  });

  it('billedItemsFromSearch reads the pull as billed-list reads an uploaded API file: previews dropped', async () => {
    const { api } = setup(pagesResponder);
    const { conversations } = await api.searchBilled({ from: FROM, to: TO });
    // By hand, from the three pages (billedAt = statistics.last_close_at ?? updated_at, seconds → ms):
    //  1 …501 assumed, last_close_at 1762160900, contact 6650a1
    //  2 …502 confirmed, no statistics → updated_at 1762165000, contact 6650a2
    //  3 …599 fin_preview → skipped
    //  4 …506 procedure_handoff, last_close_at 1762360000, no contacts
    //  5 …598 workflow_preview → skipped
    //  6 …508 assumed, last_close_at null → updated_at 1762420000, first contact 6650a8
    const items = billedItemsFromSearch(conversations);
    expect(items).toEqual([
      { vendor: 'intercom', conversationId: '215467891234501', billedAt: 1_762_160_900_000, units: 1, kind: 'assumed', customerId: '6650a1', line: 1 },
      { vendor: 'intercom', conversationId: '215467891234502', billedAt: 1_762_165_000_000, units: 1, kind: 'confirmed', customerId: '6650a2', line: 2 },
      { vendor: 'intercom', conversationId: '215467891234506', billedAt: 1_762_360_000_000, units: 1, kind: 'procedure_handoff', customerId: null, line: 4 },
      { vendor: 'intercom', conversationId: '215467891234508', billedAt: 1_762_420_000_000, units: 1, kind: 'assumed', customerId: '6650a8', line: 6 },
    ]);
    expect(billedReadFromSearch(conversations).skipped).toEqual([
      { line: 3, reason: 'source_type fin_preview (a preview)' },
      { line: 5, reason: 'source_type workflow_preview (a preview)' },
    ]);
  });

  it('a conversation seen on two pages is kept once, as its later update', async () => {
    const page1 = fixture('search-page-1.json');
    const page2 = fixture('search-page-3.json');
    // Page 2 repeats …501 with updated_at 1762170000 (later than page 1's 1762161000) and resolution confirmed.
    const again = { ...(page1.conversations as Array<Record<string, unknown>>)[0], updated_at: 1762170000, ai_agent: { source_type: 'workflow', resolution_state: 'confirmed_resolution' } };
    (page2.conversations as unknown[]).push(again);
    const { api } = setup((_c, i) => json(i === 0 ? page1 : page2));
    const { conversations } = await api.searchBilled({ from: FROM, to: TO });
    expect(conversations.map((c) => (c as { id: string }).id)).toEqual(['215467891234501', '215467891234502', '215467891234599', '215467891234508']);
    expect((conversations[0] as { updated_at: number }).updated_at).toBe(1762170000);
  });

  it('cancelled mid-pagination: no further request', async () => {
    const controller = new AbortController();
    const { api, calls } = setup(pagesResponder);
    const error = await failure(
      api.searchBilled({ from: FROM, to: TO, signal: controller.signal, onProgress: ({ page }) => page === 1 && controller.abort() }),
    );
    expect(error.kind).toBe('cancelled');
    expect(calls).toHaveLength(1);
  });

  it('cancelled while a request is in flight: the fetch is aborted and the search stops', async () => {
    const controller = new AbortController();
    const { api, calls } = setup((call, i) => {
      if (i === 0) return json(fixtureText(PAGES[0]));
      return new Promise<Response>((_resolve, reject) => {
        call.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        setTimeout(() => controller.abort(), 5);
      });
    });
    const error = await failure(api.searchBilled({ from: FROM, to: TO, signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
    expect(calls).toHaveLength(2);
    expect(calls[1].signal!.aborted).toBe(true);
  });

  it('cancelled during a rate-limit wait: no retry', async () => {
    const controller = new AbortController();
    const { fetch, calls } = fakeFetch(() => json('{}', 429, { 'X-RateLimit-Reset': '1762000008' }));
    const api = createIntercomApi({ region: 'us', token: TOKEN, fetch, now: () => 1_762_000_000_500, sleep: async () => controller.abort() });
    const error = await failure(api.searchBilled({ from: FROM, to: TO, signal: controller.signal }));
    expect(error.kind).toBe('cancelled');
    expect(calls).toHaveLength(1);
  });
});

describe('rate limit and server errors', () => {
  it('429: waits until X-RateLimit-Reset by the injected clock, says so, then retries', async () => {
    const { api, calls, sleeps, waits } = setup((_c, i) =>
      i === 0
        ? json({ type: 'error.list', errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit' }] }, 429, {
            'X-RateLimit-Limit': '1000', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1762000008',
          })
        : json(fixtureText('me.json')),
    );
    const me = await api.me();
    expect(me.workspaceName).toBe('Acme Support');
    // Reset 1762000008 s = 1762000008000 ms; the clock reads 1762000000500 ms → 7500 ms to wait.
    expect(sleeps).toEqual([7500]);
    expect(waits).toEqual([{ until: 1_762_000_008_000, reason: 'rate-limit' }]);
    expect(calls).toHaveLength(2);
  });

  it('429 without a reset waits one 10-second slice; after 5 waits it fails', async () => {
    const { api, calls, sleeps } = setup(() => json('{}', 429));
    const error = await failure(api.me());
    expect(error.kind).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(sleeps).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(calls).toHaveLength(6);
  });

  it('429 with a reset a year away waits at most a minute at a time', async () => {
    const { api, sleeps } = setup((_c, i) => (i === 0 ? json('{}', 429, { 'X-RateLimit-Reset': '1793536000' }) : json(fixtureText('me.json'))));
    await api.me();
    expect(sleeps).toEqual([60_000]);
  });

  it('500 then success: one retry after 0.5 s', async () => {
    const { api, calls, sleeps, waits } = setup((_c, i) => (i === 0 ? json('{"type":"error.list","errors":[]}', 500) : json(fixtureText('me.json'))));
    await api.me();
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([500]);
    // Clock 1762000000500 + 500.
    expect(waits).toEqual([{ until: 1_762_000_001_000, reason: 'server-error' }]);
  });

  it('5xx four times: backs off 0.5, 1, 2 s, then fails', async () => {
    const { api, calls, sleeps } = setup(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = await failure(api.searchBilled({ from: FROM, to: TO }));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(502);
    expect(sleeps).toEqual([500, 1000, 2000]);
    expect(calls).toHaveLength(4);
  });

  it('401 fails at once with a clear message and Intercom\'s code', async () => {
    const { api, calls, sleeps } = setup(() => json(fixtureText('error-401.json'), 401));
    const error = await failure(api.me());
    expect(error.kind).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.vendorCode).toBe('unauthorized');
    expect(error.message).toBe('Intercom refused the token (401): check it in Settings › Intercom API — Intercom said "unauthorized: Access Token Invalid"');
    expect([calls.length, sleeps.length]).toEqual([1, 0]);
  });

  it('403 → forbidden, at once', async () => {
    const { api, calls } = setup(() => json({ type: 'error.list', errors: [{ code: 'token_unauthorized', message: 'Not authorized to access resource' }] }, 403));
    const error = await failure(api.searchBilled({ from: FROM, to: TO }));
    expect(error.kind).toBe('forbidden');
    expect(error.message).toContain('(403)');
    expect(calls).toHaveLength(1);
  });

  it('an error body that repeats the token does not carry it into the error', async () => {
    const { api } = setup(() => json({ type: 'error.list', errors: [{ code: 'unauthorized', message: `Token ${TOKEN} is invalid` }] }, 401));
    const error = await failure(api.me());
    expect(error.message).toContain('[token]');
  });

  it('network error → network, its message scrubbed of the token', async () => {
    const { api } = setup(() => Promise.reject(new TypeError(`fetch failed: bad header Bearer ${TOKEN}`)));
    const error = await failure(api.me());
    expect(error.kind).toBe('network');
    expect(error.message).toContain('https://api.intercom.io');
  });
});

describe('hostile and broken answers', () => {
  const page = () => fixture('search-page-1.json');
  const conversations = (body: Record<string, unknown>) => body.conversations as Array<Record<string, unknown>>;

  async function searchFails(body: unknown, headers: Record<string, string> = {}) {
    const { api } = setup(() => json(body, 200, headers));
    return failure(api.searchBilled({ from: FROM, to: TO }));
  }

  it('not JSON', async () => {
    const error = await searchFails('{"type":"conversation.list","conversations":[');
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('not valid JSON');
  });

  it('an HTML page (a proxy or a login) is named as such', async () => {
    const { api } = setup(() => new Response('<html>Sign in</html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    const error = await failure(api.me());
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('text/html');
  });

  it('a resolution_state that is not a string is named by its path', async () => {
    const body = page();
    (conversations(body)[2].ai_agent as Record<string, unknown>).resolution_state = 7;
    const error = await searchFails(body);
    expect(error.kind).toBe('malformed');
    expect(error.message).toBe("Intercom's search answer (page 1) is not as expected: conversations[2].ai_agent.resolution_state: expected string or null");
  });

  it.each([
    ['an id with letters', '21546789abc'],
    ['a formula for an id', '=HYPERLINK("https://evil.example","x")'],
    ['a number for an id', 215467891234501],
  ])('%s is refused, named', async (_what, id) => {
    const body = page();
    conversations(body)[1].id = id;
    const error = await searchFails(body);
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('conversations[1].id: expected a string of digits');
  });

  it('a missing updated_at and a boolean given as a string are named', async () => {
    const body = page();
    delete conversations(body)[0].updated_at;
    expect((await searchFails(body)).message).toContain('conversations[0].updated_at: missing');
    const body2 = page();
    conversations(body2)[0].ai_agent_participated = 'true';
    expect((await searchFails(body2)).message).toContain('conversations[0].ai_agent_participated: expected true or false');
  });

  it('a formula for a contact id is refused (it would reach exports)', async () => {
    const body = page();
    conversations(body)[0].contacts = { contacts: [{ id: '=cmd|calc' }] };
    expect((await searchFails(body)).message).toContain('conversations[0].contacts.contacts[0].id: expected a contact id');
  });

  it('a huge resolution_state is refused, named', async () => {
    const body = page();
    (conversations(body)[0].ai_agent as Record<string, unknown>).resolution_state = 'assumed_resolution'.repeat(100_000);
    expect((await searchFails(body)).message).toContain('conversations[0].ai_agent.resolution_state: expected string or null (of at most 100 characters)');
  });

  it('a __proto__ key is refused, named', async () => {
    const text = fixtureText('search-page-1.json').replace('"ai_agent_participated": true,', '"__proto__": { "polluted": true }, "ai_agent_participated": true,');
    const error = await searchFails(text);
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('conversations[0].__proto__: a key no answer has');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('nesting no answer has is refused without overflowing the stack', async () => {
    const text = fixtureText('search-page-1.json').replace('"ai_agent_participated": true,', `"custom_attributes": ${'['.repeat(5000)}${']'.repeat(5000)}, "ai_agent_participated": true,`);
    expect((await searchFails(text)).message).toContain('conversations[0].custom_attributes[0][0]');
    expect((await searchFails(text)).message).toContain('nested more than 64 deep');
  });

  it('a next.starting_after that is not a string is refused', async () => {
    const body = page();
    (body.pages as { next: Record<string, unknown> }).next.starting_after = 12345;
    const error = await searchFails(body);
    expect(error.message).toContain('pages.next.starting_after: expected a string');
  });

  it('a page that repeats the previous cursor stops the pull instead of looping', async () => {
    // Page 2 answers with page 1's next cursor again.
    const page2 = { ...fixture('search-page-2.json'), pages: { type: 'pages', page: 2, per_page: 150, total_pages: 3, next: { page: 3, starting_after: 'WzE3NjIyMDAzMDAwMDAsM10=' } } };
    const { api, calls } = setup((_c, i) => json(i === 0 ? fixtureText(PAGES[0]) : page2));
    const error = await failure(api.searchBilled({ from: FROM, to: TO }));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('pages.next.starting_after: repeats an earlier page');
    expect(calls).toHaveLength(2);
  });

  it('an answer that repeats the token is refused and the token not repeated', async () => {
    const body = page();
    conversations(body)[0].title = TOKEN;
    const error = await searchFails(body);
    expect(error.kind).toBe('malformed');
  });

  it('/me without app.name is named', async () => {
    const me = fixture('me.json');
    delete (me.app as Record<string, unknown>).name;
    const { api } = setup(() => json(me));
    const error = await failure(api.me());
    expect(error.message).toBe("Intercom's answer to /me is not as expected: app.name: missing");
  });
});

describe('size and time limits', () => {
  const FIVE_MB = 5 * 1024 * 1024;

  it('a Content-Length over 5 MB is refused before reading', async () => {
    const { api } = setup(() => json(fixtureText('me.json'), 200, { 'content-length': String(FIVE_MB + 1) }));
    const error = await failure(api.me());
    expect(error.kind).toBe('too-large');
  });

  it('a body over 5 MB without Content-Length is refused while reading, and not read to the end', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x20); // 1 MiB of spaces
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        if (pulled > 20) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const { api } = setup(() => new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } }));
    const error = await failure(api.me());
    expect(error.kind).toBe('too-large');
    // 5 MiB is 5 chunks; the 6th goes over. A stream may pull one or two ahead, never all 20.
    expect(pulled).toBeLessThan(10);
  });

  it('exactly at the limit is read; one byte over is not', async () => {
    const text = JSON.stringify(fixture('me.json'));
    const atLimit = setup(() => json(text), { maxBodyBytes: new TextEncoder().encode(text).byteLength });
    await expect(atLimit.api.me()).resolves.toMatchObject({ appId: 'abc12def' });
    const over = setup(() => json(text), { maxBodyBytes: new TextEncoder().encode(text).byteLength - 1 });
    expect((await failure(over.api.me())).kind).toBe('too-large');
  });

  it('a slow response times out (the fetch is aborted)', async () => {
    const { api, calls } = setup(
      (call) => new Promise<Response>((_resolve, reject) => call.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
      { timeoutMs: 20 },
    );
    const error = await failure(api.me());
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('20 ms');
    expect(calls[0].signal!.aborted).toBe(true);
  });

  it('a fetch that ignores its signal still times out', async () => {
    const { api } = setup(() => new Promise<Response>(() => {}), { timeoutMs: 20 });
    expect((await failure(api.me())).kind).toBe('timeout');
  });

  it('a body that stalls after its headers times out', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"type":'));
      },
    });
    const { api } = setup(() => new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } }), { timeoutMs: 20 });
    expect((await failure(api.me())).kind).toBe('timeout');
  });
});
