// The background's Intercom witness: the token kept apart (storage.local), nothing asked without it, one
// request per conversation, a minute's cache, and the page-vs-API comparison the bar shows. Expected values
// are read by hand from test/fixtures/intercom-api/*.json (stated beside each).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiStateWords, readFromApi, withApiWitness } from '../../components/overlay/witness';
import type { ConversationRead } from '../../utils/model/transcript';
import { createIntercomWitness, INTERCOM_API_STORAGE_KEY, WITNESS_CACHE_MS, type KeyValueStore } from '../../utils/io/intercom-witness';
import type { ApiConversationClaim } from '../../utils/io/intercom-api';
import { FIXTURES_DIR } from './fixtures';

const TOKEN = 'tok_RECOUNT_witness_5e1f0a';
const text = (name: string) => readFileSync(join(FIXTURES_DIR, 'intercom-api', name), 'utf8');

function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => data.get(key),
    set: async (key, value) => void data.set(key, structuredClone(value)),
    remove: async (key) => void data.delete(key),
  };
}

function setup(options: { access?: boolean; respond?: (url: string) => Response | Promise<Response> } = {}) {
  const store = memoryStore();
  const urls: string[] = [];
  let clock = Date.UTC(2026, 10, 20, 12);
  const witness = createIntercomWitness({
    store,
    fetch: async (input) => {
      urls.push(String(input));
      const url = String(input);
      if (options.respond) return options.respond(url);
      if (url.endsWith('/me')) return new Response(text('me.json'), { headers: { 'content-type': 'application/json' } });
      if (url.includes('/conversations/215467891234501')) return new Response(text('conversation-v2.14.json'), { headers: { 'content-type': 'application/json' } });
      return new Response('{"type":"error.list","errors":[{"code":"not_found"}]}', { status: 404, headers: { 'content-type': 'application/json' } });
    },
    hasAccess: async () => options.access ?? true,
    now: () => clock,
    sleep: async () => undefined,
  });
  return { witness, store, urls, advance: (ms: number) => (clock += ms) };
}

describe('Intercom witness: the token', () => {
  it('asks nothing and answers null while no token is saved', async () => {
    const { witness, urls } = setup();
    expect(await witness.witness('215467891234501')).toBeNull();
    expect(await witness.status()).toEqual({ configured: false, region: null, host: null, workspaceName: null });
    expect(urls).toEqual([]);
  });

  it('connect tests the token with GET /me, keeps it in the store, and the status never carries it', async () => {
    const { witness, store, urls } = setup();
    // me.json: app.name "Acme Support".
    const status = await witness.connect('eu', `  ${TOKEN} `);
    expect(status).toEqual({ configured: true, region: 'eu', host: 'https://api.eu.intercom.io', workspaceName: 'Acme Support' });
    expect(urls).toEqual(['https://api.eu.intercom.io/me']);
    expect(store.data.get(INTERCOM_API_STORAGE_KEY)).toEqual({ region: 'eu', token: TOKEN, workspaceName: 'Acme Support' });
    expect(JSON.stringify(await witness.status())).not.toContain(TOKEN);
  });

  it('a token Intercom refuses is not kept, and the message does not repeat it', async () => {
    const { witness, store } = setup({ respond: () => new Response(text('error-401.json'), { status: 401, headers: { 'content-type': 'application/json' } }) });
    const error = await witness.connect('us', TOKEN).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/401/);
    expect(JSON.stringify({ message: (error as Error).message, ...(error as object) })).not.toContain(TOKEN);
    expect(store.data.has(INTERCOM_API_STORAGE_KEY)).toBe(false);
  });

  it('without the host granted, connect sends nothing', async () => {
    const { witness, urls } = setup({ access: false });
    await expect(witness.connect('us', TOKEN)).rejects.toThrow(/no access to https:\/\/api\.intercom\.io/);
    expect(urls).toEqual([]);
  });

  it('forget removes the token: nothing is asked after it', async () => {
    const { witness, store, urls } = setup();
    await witness.connect('us', TOKEN);
    await witness.forget();
    expect(store.data.has(INTERCOM_API_STORAGE_KEY)).toBe(false);
    expect(await witness.witness('215467891234501')).toBeNull();
    expect(urls).toEqual(['https://api.intercom.io/me']);
  });
});

describe('Intercom witness: one conversation', () => {
  it('reads the claim (conversation-v2.14.json: assumed_resolution, closed, Fin took part)', async () => {
    const { witness } = setup();
    await witness.connect('us', TOKEN);
    const answer = await witness.witness('215467891234501');
    expect(answer).toMatchObject({ ok: true, claim: { conversationId: '215467891234501', aiAgentParticipated: true, resolutionState: 'assumed_resolution', resolution: 'assumed', state: 'closed' } });
  });

  it('three tabs asking at once make one request; a minute later it is asked again', async () => {
    const { witness, urls, advance } = setup();
    await witness.connect('us', TOKEN);
    await Promise.all([witness.witness('215467891234501'), witness.witness('215467891234501'), witness.witness('215467891234501')]);
    advance(WITNESS_CACHE_MS - 1);
    await witness.witness('215467891234501');
    expect(urls.filter((u) => u.includes('/conversations/'))).toHaveLength(1);
    advance(2);
    await witness.witness('215467891234501');
    expect(urls.filter((u) => u.includes('/conversations/'))).toHaveLength(2);
  });

  it('an unknown conversation is an answer with a reason, not a crash', async () => {
    const { witness } = setup();
    await witness.connect('us', TOKEN);
    const answer = await witness.witness('999');
    expect(answer).toMatchObject({ ok: false });
    expect(JSON.stringify(answer)).not.toContain(TOKEN);
  });

  it('a host access withdrawn in the browser is said, and nothing is sent', async () => {
    let access = true;
    const store = memoryStore();
    const urls: string[] = [];
    const witness = createIntercomWitness({
      store,
      fetch: async (input) => {
        urls.push(String(input));
        return new Response(text('me.json'), { headers: { 'content-type': 'application/json' } });
      },
      hasAccess: async () => access,
    });
    await witness.connect('au', TOKEN);
    access = false;
    expect(await witness.witness('215467891234501')).toEqual({ ok: false, error: expect.stringMatching(/no access to https:\/\/api\.au\.intercom\.io/) });
    expect(urls).toEqual(['https://api.au.intercom.io/me']);
  });
});

describe('Intercom witness: the pull', () => {
  it('follows three pages and reads them as a billed list (previews dropped)', async () => {
    let page = 0;
    const { witness, urls } = setup({
      respond: (url) => {
        if (url.endsWith('/me')) return new Response(text('me.json'), { headers: { 'content-type': 'application/json' } });
        page++;
        return new Response(text(`search-page-${page}.json`), { headers: { 'content-type': 'application/json' } });
      },
    });
    await witness.connect('us', TOKEN);
    const progress: number[] = [];
    const read = await witness.pull(Date.UTC(2025, 10, 1), Date.UTC(2025, 11, 1), (p) => progress.push(p.page));
    // Pages hold 501 (assumed, workflow), 502 (confirmed, profile), 599 (fin_preview), 506 (procedure_handoff),
    // 598 (workflow_preview), 508 (assumed, essentials_plan_setup): the two previews are not billed.
    expect(read.errors).toEqual([]);
    expect(read.items.map((i) => i.conversationId).sort()).toEqual(['215467891234501', '215467891234502', '215467891234506', '215467891234508']);
    expect(progress).toEqual([1, 2, 3]);
    expect(urls.filter((u) => u.endsWith('/conversations/search'))).toHaveLength(3);
  });

  it('without a token the pull says so and asks nothing', async () => {
    const { witness, urls } = setup();
    await expect(witness.pull(0, 1000, () => undefined)).rejects.toThrow(/No Intercom API token/);
    expect(urls).toEqual([]);
  });
});

describe('page and API side by side', () => {
  const read: ConversationRead = {
    key: { vendor: 'intercom', workspace: 'abc', conversationId: '42' },
    agentName: 'Fin',
    claim: { state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/a/inbox/abc/inbox/conversation/42' },
    messages: [],
    billingNote: null,
  };
  const api = (resolutionState: string | null, resolution: ApiConversationClaim['resolution'], aiAgentParticipated = true): ApiConversationClaim => ({
    conversationId: '42',
    aiAgentParticipated,
    resolutionState,
    resolution,
    sourceType: 'workflow',
    state: 'closed',
    updatedAt: 0,
    createdAt: 0,
  });

  it('agreeing witnesses: the API named as the source', () => {
    const both = withApiWitness(read, api('assumed_resolution', 'assumed'));
    expect(both.note).toEqual({ text: "Intercom's API agrees: Assumed resolution.", disagree: false });
    expect(both.conversation.claim).toMatchObject({ resolution: 'assumed', resolutionLabel: 'Assumed resolution (Intercom API)' });
  });

  it('page says Assumed, API says Escalated: shown, and the API is what is stored', () => {
    const both = withApiWitness(read, api('escalated', 'escalated'));
    expect(both.note).toEqual({ text: "Page says Assumed Resolution, API says Escalated: the API's claim is the one recorded.", disagree: true });
    expect(both.conversation.claim).toMatchObject({ resolution: 'escalated', resolutionLabel: 'Escalated (Intercom API; page: Assumed Resolution)' });
  });

  it('Fin did not take part by the API: no billed claim, whatever the page says', () => {
    const both = withApiWitness(read, api(null, 'none', false));
    expect(both.conversation.claim.resolution).toBe('none');
    expect(both.note.disagree).toBe(true);
  });

  it('an unreadable page read from the API alone: no transcript, so no suggestion', () => {
    const alone = readFromApi(read.key, api('confirmed_resolution', 'confirmed'), read.claim.url, ['details sidebar']);
    expect(alone.conversation).toMatchObject({ messages: [], claim: { resolution: 'confirmed', resolutionLabel: 'Confirmed resolution (Intercom API; page unreadable)' } });
    expect(alone.note.text).toBe("Read from Intercom's API: the page could not be read (missing: details sidebar), so suggestions are unavailable.");
  });

  it('state words', () => {
    expect([apiStateWords('routed_to_team'), apiStateWords(null), apiStateWords('procedure_handoff')]).toEqual(['Routed to team', 'no resolution', 'Procedure handoff']);
  });
});
