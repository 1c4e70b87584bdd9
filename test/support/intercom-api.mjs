// A fake Intercom REST API for the demo inbox, served with context.route at the real API hosts. Responses are
// shaped as Intercom's public OpenAPI spec describes (conversation, conversation.list with pages.next cursors,
// error.list); the data is the demo inbox's own, except one conversation where page and API disagree.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import vm from 'node:vm';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const API_HOSTS = ['api.intercom.io', 'api.eu.intercom.io', 'api.au.intercom.io'];
/** The token the demo and the tests type into Settings › Intercom API. */
export const DEMO_TOKEN = 'dG9rOmRlbW8tcmVjb3VudC1hcGktdG9rZW4=';
/** Noah Schmidt asked for a person: the page still shows "Assumed Resolution", the API says escalated. */
export const DISAGREEING_CONVERSATION = '215467891234505';
/** Conversations served per search page, small so the demo's 24 conversations span several pages. */
export const PAGE_SIZE = 5;

/** The demo inbox's conversations (test/demo/helpdesk/data.js is a browser script setting a global). */
export function demoConversations() {
  const sandbox = { window: {} };
  vm.runInNewContext(readFileSync(join(ROOT, 'test', 'demo', 'helpdesk', 'data.js'), 'utf8'), sandbox);
  return sandbox.window.DEMO_CONVERSATIONS;
}

const STATE_OF_LABEL = {
  'assumed resolution': 'assumed_resolution',
  'confirmed resolution': 'confirmed_resolution',
  'routed to team': 'routed_to_team',
  escalated: 'escalated',
  abandoned: 'abandoned',
  'procedure handoff': 'procedure_handoff',
  'negative feedback': 'negative_feedback',
};

/** One demo conversation as GET /conversations/{id} returns it (API v2.15 words where the page used v2.11's). */
export function apiConversation(conv, now) {
  const createdAt = Math.floor((now - conv.ago) / 1000);
  const last = conv.parts[conv.parts.length - 1];
  const updatedAt = createdAt + Math.ceil(last.m * 60) + 60;
  let resolution = conv.fin ? STATE_OF_LABEL[conv.fin.toLowerCase().replace(/_/g, ' ')] ?? null : null;
  if (conv.id === DISAGREEING_CONVERSATION) resolution = 'escalated';
  return {
    type: 'conversation',
    id: conv.id,
    created_at: createdAt,
    updated_at: updatedAt,
    state: conv.state.toLowerCase(),
    open: conv.state === 'Open',
    ai_agent_participated: conv.fin !== null,
    ai_agent:
      conv.fin === null
        ? null
        : { source_type: 'workflow', source_title: 'Fin in the Messenger', last_answer_type: 'ai_answer', resolution_state: resolution, rating: null, rating_remark: null },
    statistics: { type: 'conversation_statistics', first_close_at: conv.state === 'Closed' ? updatedAt : null, count_reopens: 0 },
    contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: `c${conv.id.slice(-4)}` }] },
    conversation_parts: { type: 'conversation_part.list', conversation_parts: [], total_count: conv.parts.length },
  };
}

const json = (route, status, body, headers = {}) =>
  route.fulfill({ status, contentType: 'application/json; charset=utf-8', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

/**
 * Routes the three API hosts to the fake. `script` lets a test make chosen requests fail first:
 * `script.next(kind, url)` may return { status, body, headers, delayMs } to answer instead of the fake.
 * Every request is recorded with its host, path and whether it carried the demo token.
 */
export async function serveIntercomApi(context, { token = DEMO_TOKEN, script, now = Date.now() } = {}) {
  const conversations = demoConversations();
  const seen = [];
  for (const host of API_HOSTS) {
    await context.route(`https://${host}/**`, async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      const authorised = request.headers().authorization === `Bearer ${token}`;
      seen.push({ host: url.host, path: url.pathname, method: request.method(), authorised, at: Date.now() });
      const kind = url.pathname === '/me' ? 'me' : url.pathname === '/conversations/search' ? 'search' : 'conversation';
      const scripted = script?.next(kind, url, request);
      if (scripted) {
        if (scripted.delayMs) await new Promise((r) => setTimeout(r, scripted.delayMs));
        return json(route, scripted.status ?? 200, scripted.body ?? '', scripted.headers);
      }
      if (!authorised) return json(route, 401, { type: 'error.list', errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }] });
      if (kind === 'me') {
        return json(route, 200, { type: 'admin', id: '991267', name: 'Demo Admin', email: 'admin@example.com', app: { type: 'app', id_code: 'demo', name: 'Recount Demo Inbox' } });
      }
      if (kind === 'conversation') {
        const id = url.pathname.split('/').pop();
        const conv = conversations.find((c) => c.id === id);
        if (!conv) return json(route, 404, { type: 'error.list', errors: [{ code: 'not_found', message: 'Resource Not Found' }] });
        return json(route, 200, apiConversation(conv, now));
      }
      // POST /conversations/search: ai_agent_participated = true, resolution_state IN […], updated_at in (from, to).
      const body = JSON.parse(request.postData() ?? '{}');
      const rules = body.query?.value ?? [];
      const states = rules.find((r) => r.field === 'ai_agent.resolution_state')?.value ?? [];
      const after = rules.find((r) => r.field === 'updated_at' && r.operator === '>')?.value ?? -Infinity;
      const before = rules.find((r) => r.field === 'updated_at' && r.operator === '<')?.value ?? Infinity;
      const matching = conversations
        .map((c) => apiConversation(c, now))
        .filter((c) => c.ai_agent_participated && states.includes(c.ai_agent.resolution_state) && c.updated_at > after && c.updated_at < before);
      const offset = body.pagination?.starting_after ? Number(Buffer.from(body.pagination.starting_after, 'base64').toString()) : 0;
      const pageItems = matching.slice(offset, offset + PAGE_SIZE);
      const totalPages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
      const page = Math.floor(offset / PAGE_SIZE) + 1;
      const next = offset + PAGE_SIZE < matching.length ? { page: page + 1, starting_after: Buffer.from(String(offset + PAGE_SIZE)).toString('base64') } : undefined;
      return json(route, 200, {
        type: 'conversation.list',
        conversations: pageItems,
        total_count: matching.length,
        pages: { type: 'pages', page, per_page: PAGE_SIZE, total_pages: totalPages, ...(next ? { next } : {}) },
      });
    });
  }
  return { seen, conversations };
}
