import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecountDB } from '../../utils/store/db';
import { handleMessage, type Platform } from '../../utils/transport/handlers';
import { DEFAULT_SETTINGS } from '../../utils/model/settings';
import { parseRequest, type Broadcast } from '../../utils/transport/protocol';

const key = { vendor: 'intercom', workspace: 'abc', conversationId: '42' };
const claim = { state: 'closed', resolution: 'assumed', resolutionLabel: 'Assumed Resolution', url: 'https://app.intercom.com/x' };
const record = (over: Record<string, unknown> = {}) => ({
  type: 'verdict/record',
  eventId: crypto.randomUUID(),
  key,
  verdict: 'false',
  reason: 'abandoned',
  note: '',
  claim,
  suggested: null,
  ...over,
});

describe('message validation on receipt', () => {
  it('accepts a well-formed request', () => {
    expect(parseRequest(record()).ok).toBe(true);
  });

  it.each([
    [null, /Invalid message/],
    [{ type: 'db/drop' }, /Invalid message at type/],
    [record({ verdict: 'maybe' }), /at verdict/],
    [record({ reason: 'because' }), /at reason/],
    [record({ verdict: 'false', reason: null }), /a false verdict needs a reason/],
    [record({ verdict: 'genuine', reason: 'other' }), /a false verdict needs a reason, others none/],
    [record({ key: { ...key, vendor: 'acme' } }), /at key\.vendor/],
    [record({ key: { ...key, conversationId: '' } }), /at key\.conversationId/],
    [record({ note: 'x'.repeat(10_001) }), /at note/],
    [record({ claim: { ...claim, resolution: 'great' } }), /at claim\.resolution/],
  ])('refuses %j with a message naming the field', (message, error) => {
    const result = parseRequest(message);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('background handler', () => {
  let db: RecountDB;
  let sent: Broadcast[];
  let n = 0;
  beforeEach(() => {
    db = new RecountDB(`handler-${++n}`);
    sent = [];
  });
  afterEach(() => db.delete());
  const platform: Platform = {
    broadcast: (b) => void sent.push(b),
    hasHostAccess: async () => false,
    syncProfileScripts: async () => undefined,
    previewInTab: async () => {
      throw new Error('no tab');
    },
  };
  const handle = (message: unknown) => handleMessage(db, message, platform);

  it('records a verdict, answers after commit, and tells every other tab', async () => {
    const reply = await handle(record());
    expect(reply.ok).toBe(true);
    expect(await db.events.count()).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'verdict/changed', convKey: 'intercom:abc:42', current: { verdict: 'false', reason: 'abandoned' } });
  });

  it('records a tag sent twice (a retry after a lost answer) once', async () => {
    const message = record();
    const first = await handle(message);
    const again = await handle(message);
    expect(await db.events.count()).toBe(1);
    expect(again).toEqual(first);
  });

  it('refuses an invalid message without touching the database', async () => {
    const reply = await handle(record({ verdict: 'nope' }));
    expect(reply).toMatchObject({ ok: false });
    expect(await db.events.count()).toBe(0);
    expect(sent).toEqual([]);
  });

  it('answers a read with the current verdict and the settings', async () => {
    await handle(record());
    const reply = await handle({
      type: 'conversation/seen',
      conversation: { key, claim, agentName: 'Fin', messages: [{ author: 'customer', authorName: '', at: null, text: 'hi?' }], billingNote: null },
      suggestion: null,
    });
    expect(reply).toMatchObject({ ok: true, data: { current: { verdict: 'false' }, settings: { reviewerName: '' } } });
  });

  it('updates settings (trimmed) and broadcasts them', async () => {
    const reply = await handle({ type: 'settings/update', settings: { reviewerName: '  Ana  ' } });
    const settings = { ...DEFAULT_SETTINGS, reviewerName: 'Ana' };
    expect(reply).toEqual({ ok: true, data: settings });
    expect(sent).toEqual([{ type: 'settings/changed', settings }]);
    expect(await handle({ type: 'settings/update', settings: { unitPrices: { intercom: -1 } } })).toMatchObject({ ok: false, error: expect.stringMatching(/unitPrices\.intercom/) });
  });

  it('keeps the bar’s corner per helpdesk host, and refuses a corner or host it does not know', async () => {
    await handle({ type: 'settings/update', settings: { barDock: { 'app.intercom.com': 'top-left' } } });
    const reply = await handle({ type: 'settings/update', settings: { barDock: { 'acme.zendesk.com': 'top-right' } } });
    // Hand-worked: the second host is added, the first kept.
    expect(reply).toMatchObject({ ok: true, data: { barDock: { 'app.intercom.com': 'top-left', 'acme.zendesk.com': 'top-right' } } });
    expect(await handle({ type: 'settings/update', settings: { barDock: { 'app.intercom.com': 'middle' } } })).toMatchObject({ ok: false, error: expect.stringMatching(/barDock/) });
    expect(await handle({ type: 'settings/update', settings: { barDock: { '__proto__ x': 'top-left' } } })).toMatchObject({ ok: false, error: expect.stringMatching(/barDock/) });
  });

  it('turns a database failure into an error reply, not a thrown exception', async () => {
    db.events.hook('creating', () => {
      throw new Error('quota exceeded');
    });
    const reply = await handle(record());
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/quota exceeded/) });
  });
});
