import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../utils/adapters/profile-validation';
import {
  createProfileAdapter,
  describePreview,
  EXAMPLE_PROFILES,
  hostPatternMatches,
  previewProfile,
  profileConversationId,
  readProfilePage,
  type VendorProfile,
} from '../../utils/adapters/profiles';
import { loadFixture } from './fixtures';

const sierra: VendorProfile = { ...EXAMPLE_PROFILES.find((p) => p.id === 'sierra')! };
const PAGE = new URL('https://console.sierra.example/conversations/c-1042');
const cssOk = (selector: string) => {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
};

describe('profile validation names every bad field', () => {
  it('accepts every shipped example', () => {
    for (const example of EXAMPLE_PROFILES) expect(validateProfile(example, cssOk)).toMatchObject({ ok: true });
  });

  it.each([
    [{ id: 'Sierra Console' }, 'id', /lowercase letters, digits or dashes/],
    [{ name: '' }, 'name', /give the vendor a name/],
    [{ hostPattern: '<all_urls>' }, 'hostPattern', /one https host/],
    [{ hostPattern: 'https://*/*' }, 'hostPattern', /one https host/],
    [{ hostPattern: '*://console.sierra.example/*' }, 'hostPattern', /one https host/],
    // Plain http is refused: the manifest's optional hosts cover https sites only (and the loopback for a team server).
    [{ hostPattern: 'http://console.sierra.example/*' }, 'hostPattern', /one https host/],
    [{ hostPattern: 'https://console.sierra.example' }, 'hostPattern', /one https host/],
    [{ conversationIdPattern: '/conversations/[\\w-]+' }, 'conversationIdPattern', /needs one \(group\)/],
    [{ conversationIdPattern: '/conversations/(' }, 'conversationIdPattern', /not a valid regular expression/],
    [{ resolvedSelector: '', resolvedText: '' }, 'resolvedSelector', /selector or a label text/],
    [{ messageSelector: '' }, 'messageSelector', /required/],
    [{ messageSelector: '.message[' }, 'messageSelector', /not a valid CSS selector/],
    [{ authorSelector: 'a >>> b' }, 'authorSelector', /not a valid CSS selector/],
    [{ aiAuthorNames: [] }, 'aiAuthorNames', /at least one author/],
    [{ aiAuthorNames: 'Sierra' }, 'aiAuthorNames', /.+/],
    [{ shadowHosts: ['#app['] }, 'shadowHosts', /not a valid CSS selector/],
  ] as const)('%j → %s', (patch, field, message) => {
    const result = validateProfile({ ...sierra, ...patch }, cssOk);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field]).toMatch(message);
  });

  it('reports all problems at once, not the first only', () => {
    const result = validateProfile({ ...sierra, hostPattern: '<all_urls>', messageSelector: '.message[', conversationIdPattern: 'x' }, cssOk);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['conversationIdPattern', 'hostPattern', 'messageSelector']);
  });

  it('refuses what is not a profile at all', () => {
    expect(validateProfile(null)).toMatchObject({ ok: false });
    expect(validateProfile('sierra')).toMatchObject({ ok: false });
  });

  it('trims fields', () => {
    const result = validateProfile({ ...sierra, name: '  Sierra  ' });
    expect(result.ok && result.profile.name).toBe('Sierra');
  });
});

describe('host patterns and conversation ids', () => {
  it.each([
    ['https://console.sierra.example/*', 'https://console.sierra.example/conversations/1', true],
    ['https://console.sierra.example/*', 'http://console.sierra.example/conversations/1', false],
    ['https://console.sierra.example/*', 'https://evil.example/console.sierra.example/', false],
    ['https://*.decagon.example/*', 'https://acme.decagon.example/x', true],
    ['https://*.decagon.example/*', 'https://decagon.example/x', true],
    ['https://*.decagon.example/*', 'https://decagon.example.evil.test/x', false],
  ])('%s covers %s: %s', (pattern, url, expected) => expect(hostPatternMatches(pattern, new URL(url))).toBe(expected));

  it('reads the id from path, query or hash with the first group', () => {
    expect(profileConversationId(sierra, PAGE)).toBe('c-1042');
    const ada = EXAMPLE_PROFILES.find((p) => p.id === 'ada')!;
    expect(profileConversationId(ada, new URL('https://acme.ada.example/inbox?conversation_id=77a'))).toBe('77a');
    expect(profileConversationId(sierra, new URL('https://console.sierra.example/settings'))).toBeNull();
  });
});

describe('reading a page through a profile', () => {
  it('reads the saved third-vendor page: messages by author, resolved marker, the claim', () => {
    loadFixture('custom/sierra-conversation.html');
    const result = readProfilePage(sierra, document, PAGE);
    expect(result.status).toBe('conversation');
    if (result.status !== 'conversation') return;
    expect(result.conversation.key).toEqual({ vendor: 'custom', workspace: 'sierra', conversationId: 'c-1042' });
    expect(result.conversation.claim).toMatchObject({ state: 'closed', resolution: 'resolved', resolutionLabel: 'Resolved' });
    expect(result.conversation.messages.map((m) => [m.author, m.text])).toEqual([
      ['customer', 'I was double charged for my subscription.'],
      ['ai_agent', 'I see two charges on Nov 1. I have refunded the duplicate; it shows in 3–5 days.'],
      ['customer', 'Great, thanks!'],
    ]);
    expect(result.conversation.messages[0].at).toBe(Date.parse('2026-11-22T12:00:00Z'));
  });

  it('is not resolved without the marker, and names the missing messages', () => {
    loadFixture('custom/sierra-conversation.html');
    document.querySelector('[data-status]')!.remove();
    expect(readProfilePage({ ...sierra, resolvedText: 'Closed by AI' }, document, PAGE)).toMatchObject({
      status: 'conversation',
      conversation: { claim: { resolution: 'none' } },
    });
    expect(readProfilePage({ ...sierra, messageSelector: '.chat-line' }, document, PAGE)).toMatchObject({
      status: 'missing-markers',
      missing: ['messages (.chat-line)'],
    });
  });

  it('a resolved marker by label text alone works too, and teammates are told apart', () => {
    loadFixture('custom/sierra-conversation.html');
    const profile = { ...sierra, resolvedSelector: '', resolvedText: 'resolved', teammateAuthorNames: ['Customer'] };
    const result = readProfilePage(profile, document, PAGE);
    expect(result).toMatchObject({ status: 'conversation', conversation: { claim: { resolution: 'resolved' } } });
    if (result.status === 'conversation') expect(result.conversation.messages[0].author).toBe('teammate');
  });

  it('previews in words', () => {
    loadFixture('custom/sierra-conversation.html');
    expect(describePreview(previewProfile(sierra, document, PAGE))).toBe('Found 3 messages, 1 by the AI, state: Resolved (conversation c-1042)');
    expect(describePreview(previewProfile({ ...sierra, messageSelector: '.nope' }, document, PAGE))).toMatch(/^Can't read it yet: missing messages \(\.nope\)/);
    expect(describePreview(previewProfile(sierra, document, new URL('https://console.sierra.example/')))).toMatch(/conversation id in the URL/);
  });

  it('the profile adapter matches only its host', () => {
    const adapter = createProfileAdapter(sierra);
    expect(adapter.matchesHost('console.sierra.example')).toBe(true);
    expect(adapter.matchesHost('app.intercom.com')).toBe(false);
    expect(adapter.conversationKeyFromUrl(PAGE)).toEqual({ vendor: 'custom', workspace: 'sierra', conversationId: 'c-1042' });
  });
});
