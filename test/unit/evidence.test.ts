import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { verifyNdjsonExport } from '../../utils/model/chain.mjs';
import { RecountDB } from '../../utils/store/db';
import { allEvents, recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { streamEvidenceBundle } from '../../utils/io/evidence';
import { pagedEvents } from '../../utils/io/stream-export';
import { sha256hex } from '../../utils/model/hash';
import { luhnValid, redact } from '../../utils/io/redact';

describe('redaction', () => {
  it.each([
    ['Write to maya.lopez+billing@example.co.uk please', 'Write to [email redacted] please'],
    ['Call me on +44 20 7946 0958 after 5', 'Call me on [phone redacted] after 5'],
    ['or (555) 123-4567', 'or [phone redacted]'],
    ['Card 4111 1111 1111 1111 was charged', 'Card [card number redacted] was charged'],
    ['card 4111-1111-1111-1111', 'card [card number redacted]'],
    ['Order 7781 arrives Nov 21', 'Order 7781 arrives Nov 21'],
    ['Invoice 2026-118 is attached', 'Invoice 2026-118 is attached'],
  ])('%s', (text, expected) => expect(redact(text)).toBe(expected));

  it('Luhn spares long ids that are not card numbers', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('counts what it redacted', () => {
    const count = { emails: 0, phones: 0, cards: 0 };
    redact('a@b.io c@d.io 4111 1111 1111 1111 +1 415 555 0100', count);
    expect(count).toEqual({ emails: 2, phones: 1, cards: 1 });
  });
});

describe('evidence bundle', () => {
  const build = async (includeTranscripts: boolean, redactTranscripts: boolean) => {
    const db = new RecountDB(`evidence-${Math.random()}`);
    const key = { vendor: 'intercom' as const, workspace: 'w', conversationId: '1' };
    const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
    await recordConversationSeen(db, { key, claim, agentName: 'Fin', billingNote: null, messages: [{ author: 'customer', authorName: 'Maya Lopez', at: 1, text: 'I am maya@example.com, card 4111 1111 1111 1111' }] }, null);
    await recordVerdict(db, { key, verdict: 'false', reason: 'other', note: '', claim, suggested: null });
    const conversations = await db.conversations.toArray();
    const { blob, manifest } = await streamEvidenceBundle(pagedEvents(db, () => true, await db.events.count(), 2), conversations, {
      includeTranscripts,
      redactTranscripts,
      filter: { verdict: 'false' },
      createdAt: Date.parse('2026-11-25T00:00:00Z'),
    });
    await db.delete();
    const zip = new Uint8Array(await blob.arrayBuffer());
    const files = Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, bytes]) => [name, strFromU8(bytes)]));
    return { files, manifest };
  };

  it('holds the events (verifiable), the snapshots, a README and a manifest with counts and hashes', async () => {
    const { files, manifest } = await build(false, false);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'conversations.json', 'events.ndjson', 'manifest.json']);
    expect(verifyNdjsonExport(files['events.ndjson'], sha256hex).ok).toBe(true);
    expect(JSON.parse(files['manifest.json'])).toEqual(manifest);
    expect(manifest).toMatchObject({ counts: { events: 1, conversations: 1, transcriptsIncluded: 0, redacted: null }, filter: { verdict: 'false' } });
    for (const name of ['events.ndjson', 'conversations.json', 'README.txt']) {
      expect((manifest.sha256 as Record<string, string>)[name]).toBe(sha256hex(files[name]));
    }
    const snapshot = JSON.parse(files['conversations.json']).conversations[0];
    expect(snapshot.transcript).toBeNull();
    expect(snapshot.transcriptDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('includes transcripts only when asked, redacted when asked', async () => {
    const plain = (await build(true, false)).files['conversations.json'];
    expect(plain).toContain('maya@example.com');
    const { files, manifest } = await build(true, true);
    const text = files['conversations.json'];
    expect(text).not.toContain('maya@example.com');
    expect(text).not.toContain('4111 1111');
    expect(text).not.toContain('Maya Lopez');
    expect(text).toContain('I am [email redacted], card [card number redacted]');
    expect(manifest.counts).toMatchObject({ transcriptsIncluded: 1, redacted: { emails: 1, cards: 1, phones: 0 } });
  });

  it('streams many events and conversations in pages: the same bytes as one JSON.stringify, counts from the stream', async () => {
    const db = new RecountDB(`evidence-many-${Math.random()}`);
    const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
    for (let i = 0; i < 7; i++) {
      const key = { vendor: 'intercom' as const, workspace: 'w', conversationId: String(i % 3) };
      if (i < 3) await recordConversationSeen(db, { key, claim, agentName: 'Fin', billingNote: null, messages: [{ author: 'customer', authorName: 'C', at: i, text: `line\n"${i}"` }] }, null);
      await recordVerdict(db, { key, verdict: i % 2 ? 'genuine' : 'false', reason: i % 2 ? null : 'other', note: `n${i}`, claim, suggested: null }, { now: 1000 + i });
    }
    const conversations = await db.conversations.toArray();
    const createdAt = Date.parse('2026-11-25T00:00:00Z');
    const progress: number[] = [];
    const { blob, manifest } = await streamEvidenceBundle(
      pagedEvents(db, (e) => e.verdict === 'false', await db.events.count(), 2),
      conversations,
      { includeTranscripts: true, redactTranscripts: false, filter: { verdict: 'false' }, createdAt },
      (done) => progress.push(done),
    );
    const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(await blob.arrayBuffer()))).map(([name, bytes]) => [name, strFromU8(bytes)]));
    const expectedConversations = `${JSON.stringify({ format: 'recount-conversations', version: 1, createdAt: new Date(createdAt).toISOString(), conversations: conversations.map(({ transcript, ...rest }) => ({ ...rest, transcript })) }, null, 2)}\n`;
    expect(files['conversations.json']).toBe(expectedConversations);
    const falseEvents = (await allEvents(db)).filter((e) => e.verdict === 'false');
    expect(files['events.ndjson'].trim().split('\n').slice(1, -1).map((line) => JSON.parse(line).id)).toEqual(falseEvents.map((e) => e.id));
    expect(manifest.counts).toMatchObject({ events: 4, conversations: 3, transcriptsIncluded: 3 });
    expect((manifest.sha256 as Record<string, string>)['conversations.json']).toBe(sha256hex(expectedConversations));
    expect(progress.at(-1)).toBe(7);
    await db.delete();
  });

  it('an empty view still makes a well-formed bundle', async () => {
    const db = new RecountDB(`evidence-empty-${Math.random()}`);
    const { blob, manifest } = await streamEvidenceBundle(pagedEvents(db, () => true, 0), [], { includeTranscripts: false, redactTranscripts: false, filter: null });
    const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(await blob.arrayBuffer()))).map(([name, bytes]) => [name, strFromU8(bytes)]));
    expect(JSON.parse(files['conversations.json']).conversations).toEqual([]);
    expect(verifyNdjsonExport(files['events.ndjson'], sha256hex).ok).toBe(true);
    expect(manifest.counts).toMatchObject({ events: 0, conversations: 0 });
    await db.delete();
  });
});
