// Page words are data: a renamed AI agent or a console in another language is read once Settings say so.
// The pages are the independent variation pages (test/variations/pages), their words changed as a renamed or
// translated console would show them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { readIntercomPage } from '../../utils/adapters/intercom';
import { DEFAULT_LABELS, labelsFor } from '../../utils/adapters/labels';
import { LabelOverridesSchema } from '../../utils/model/page-labels';
import { readZendeskPage } from '../../utils/adapters/zendesk';
import { parseRequest } from '../../utils/transport/protocol';
import { attachDeclarativeShadowRoots } from './fixtures';

const PAGES = join(import.meta.dirname, '..', 'variations', 'pages');
function load(page: string, change: (html: string) => string) {
  const html = change(readFileSync(join(PAGES, page), 'utf8'));
  document.documentElement.innerHTML = html.replace(/^[\s\S]*?<html[^>]*>/i, '').replace(/<\/html>\s*$/i, '');
  attachDeclarativeShadowRoots(document);
}
const IC_URL = new URL('https://app.intercom.com/a/inbox/k7x2pq9m/inbox/shared/all/conversation/215467890123456');
const ZD_URL = new URL('https://acme.zendesk.com/agent/tickets/48213');

describe('a renamed AI agent and a translated console', () => {
  it('Intercom: "Ava" is a teammate by default, the AI agent once named in Settings', () => {
    load('intercom/closed-assumed.html', (html) => html.replaceAll('>Fin<', '>Ava<'));
    const byDefault = readIntercomPage(document, IC_URL);
    expect(byDefault.status).toBe('conversation');
    if (byDefault.status !== 'conversation') return;
    expect(byDefault.conversation.messages.some((m) => m.author === 'ai_agent')).toBe(false);
    const labels = labelsFor('intercom', 'k7x2pq9m', { 'intercom:k7x2pq9m': { aiAgentNames: ['Ava'] } });
    const renamed = readIntercomPage(document, IC_URL, labels);
    if (renamed.status !== 'conversation') throw new Error('not read');
    expect(renamed.conversation.messages.filter((m) => m.author === 'ai_agent').map((m) => m.authorName)).toEqual(['Ava', 'Ava']);
    expect(renamed.conversation.agentName).toBe('Ava');
  });

  it('Intercom in French: the outcome attribute and its value, by Settings', () => {
    load('intercom/closed-assumed.html', (html) => html.replace('Fin AI Agent resolution state', 'État de résolution de Fin').replace('Assumed Resolution', 'Résolution supposée'));
    const byDefault = readIntercomPage(document, IC_URL);
    expect(byDefault).toMatchObject({ status: 'conversation', conversation: { claim: { resolution: 'none' } } });
    const labels = labelsFor('intercom', null, { 'intercom:*': { resolutionLabel: 'État de résolution de Fin', resolutionWords: { 'Résolution supposée': 'assumed' } } });
    expect(readIntercomPage(document, IC_URL, labels)).toMatchObject({ status: 'conversation', conversation: { claim: { resolution: 'assumed', resolutionLabel: 'Résolution supposée' } } });
  });

  it('Zendesk in German: "Gelöst" is solved once Settings say so', () => {
    load('zendesk/solved-ai.html', (html) => html.replace('data-cy-test-id="status-badge-state">Solved</span></div>', 'data-cy-test-id="status-badge-state">Gelöst</span></div>'));
    expect(readZendeskPage(document, ZD_URL)).toMatchObject({ status: 'conversation', conversation: { claim: { state: 'unknown', resolution: 'none' } } });
    const labels = labelsFor('zendesk', 'acme', { 'zendesk:acme': { stateWords: { Gelöst: 'solved' } } });
    expect(readZendeskPage(document, ZD_URL, labels)).toMatchObject({ status: 'conversation', conversation: { claim: { state: 'solved', resolution: 'automated_resolution' } } });
  });
});

describe('labelsFor', () => {
  it('defaults, then the vendor-wide set, then the workspace set (word lists merged)', () => {
    const labels = labelsFor('zendesk', 'acme', {
      'zendesk:*': { aiAgentNames: ['Robo'], stateWords: { gelöst: 'solved' } },
      'zendesk:acme': { stateWords: { offen: 'open' } },
      'zendesk:other': { aiAgentNames: ['Nope'] },
    });
    expect(labels.aiAgentNames).toEqual(['Robo']);
    expect(labels.stateWords).toEqual({ gelöst: 'solved', offen: 'open' });
    expect(labels.internalNoteLabel).toBe(DEFAULT_LABELS.zendesk.internalNoteLabel);
  });

  it('Settings refuse a bad key or value, by name', () => {
    const bad = (pageLabels: unknown) => parseRequest({ type: 'settings/update', settings: { pageLabels } });
    expect(bad({ 'intercom:*': { stateWords: { fermé: 'shut' } } })).toMatchObject({ ok: false, error: expect.stringContaining('stateWords') });
    expect(bad({ 'evil:*': {} })).toMatchObject({ ok: false, error: expect.stringContaining('vendor:*') });
    expect(bad({ 'intercom:*': { script: '<b>' } })).toMatchObject({ ok: false });
    expect(bad({ 'intercom:*': { aiAgentNames: ['Ava'] }, 'zendesk:acme': null })).toMatchObject({ ok: true });
    expect(v.safeParse(LabelOverridesSchema, { aiAgentNames: Array(21).fill('x') }).success).toBe(false);
  });
});
