// Tamper evidence: every single-byte edit of an export is detected, and the verifier says where.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS, verifyChains, verifyJsonExport, verifyNdjsonExport } from '../../utils/model/chain.mjs';
import { RecountDB } from '../../utils/store/db';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import { eventsToCsv, eventsToJson, eventsToNdjson } from '../../utils/io/export';
import { sha256hex } from '../../utils/model/hash';
import { readRecountExport } from '../../utils/io/import';
import type { VerdictEvent } from '../../utils/model/verdict';

let db: RecountDB;
let events: VerdictEvent[];
let n = 0;
beforeEach(async () => {
  db = new RecountDB(`chain-${++n}`);
  const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'https://app.intercom.com/x' };
  for (let i = 0; i < 3; i++) {
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i) }, verdict: i === 1 ? 'false' : 'genuine', reason: i === 1 ? 'other' : null, note: `n${i}`, claim, suggested: null }, { now: 1_000 + i });
  }
  events = await allEvents(db);
});
afterEach(() => db.delete());

/** Every position, each byte replaced by a different printable one. */
function* singleByteEdits(text: string) {
  for (let i = 0; i < text.length; i++) {
    const replacement = text[i] === 'a' ? 'b' : text[i] === ' ' ? '\t' : 'a';
    yield { at: i, text: text.slice(0, i) + replacement + text.slice(i + 1) };
  }
}

describe('the chain', () => {
  it('links every event to the one before it, from the genesis hash', () => {
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0].prevHash).toBe(GENESIS);
    expect(events[1].prevHash).toBe(events[0].hash);
    expect(verifyChains(events, sha256hex)).toMatchObject({ ok: true });
  });

  it('names an edited event, a removed one and a reordered pair', () => {
    const edited = events.map((e, i) => (i === 1 ? { ...e, verdict: 'genuine' as const, reason: null } : e));
    expect(verifyChains(edited, sha256hex).problems).toEqual([
      expect.objectContaining({ id: events[1].id, seq: 2, problem: 'its contents do not match its hash (edited)' }),
    ]);
    const removed = [events[0], events[2]];
    expect(verifyChains(removed, sha256hex).problems).toEqual([expect.objectContaining({ seq: 3, problem: 'events 2–2 of this chain are missing' })]);
    // A filtered (partial) export may have gaps; its present links still verify.
    expect(verifyChains(removed, sha256hex, { partial: true }).ok).toBe(true);
    const relinked = [events[0], { ...events[2], prevHash: events[0].hash }];
    expect(verifyChains(relinked, sha256hex, { partial: true }).problems[0].problem).toMatch(/edited/);
  });
});

describe('single-byte edits of an export are all detected', () => {
  it('JSON: every position', () => {
    const text = eventsToJson(events);
    expect(verifyJsonExport(text, sha256hex).ok).toBe(true);
    let checked = 0;
    for (const edit of singleByteEdits(text)) {
      expect(verifyJsonExport(edit.text, sha256hex).ok, `byte ${edit.at}`).toBe(false);
      checked++;
    }
    expect(checked).toBe(text.length);
  });

  it('NDJSON: every position', () => {
    const text = eventsToNdjson(events);
    for (const edit of singleByteEdits(text)) expect(verifyNdjsonExport(edit.text, sha256hex).ok, `byte ${edit.at}`).toBe(false);
  });

  it('CSV: every position', () => {
    const text = eventsToCsv(events);
    for (const edit of singleByteEdits(text)) {
      const read = readRecountExport(edit.text);
      expect(read.errors.length > 0 || read.verification?.ok === false, `byte ${edit.at}`).toBe(true);
    }
  });

  it('says which event an edit broke', () => {
    const text = eventsToJson(events).replace('"note": "n1"', '"note": "n!"');
    const result = verifyJsonExport(text, sha256hex);
    expect(result.fileProblem).toBe('its digest does not match its contents');
    expect(result.problems.map((p) => [p.id, p.problem])).toEqual([[events[1].id, 'its contents do not match its hash (edited)']]);
  });
});

describe('reading exports names bad rows by line and field', () => {
  it.each([
    ['a verdict that is not one', (t: string) => t.replace('"verdict": "genuine"', '"verdict": "maybe"'), 'verdict: '],
    ['a missing field', (t: string) => t.replace(/\n\s+"reviewer": "[^"]*",/, ''), 'reviewer: '],
    ['a hash that is not hex', (t: string) => t.replace(/"hash": "[0-9a-f]{64}"/, '"hash": "xyz"'), 'hash: '],
  ])('JSON: %s', (_name, edit, field) => {
    const text = edit(eventsToJson(events));
    // The first event's own line: in the canonical form, the first line that is exactly four spaces and "{".
    const line = text.split('\n').indexOf('    {') + 1;
    expect(readRecountExport(text).errors[0]).toMatch(new RegExp(`^line ${line} \\(event 1\\): ${field}`));
  });

  it('JSON on one line names the event, never a line 0', () => {
    const oneLine = JSON.stringify(JSON.parse(eventsToJson(events)));
    const bad = oneLine.replace('"verdict":"genuine"', '"verdict":"maybe"');
    const error = readRecountExport(bad).errors[0];
    // Everything is on line 1; the event with the bad verdict is the first genuine one.
    const index = events.findIndex((e) => e.verdict === 'genuine');
    expect(error).toBe(`line 1 (event ${index + 1}): verdict: Invalid type: Expected ("genuine" | "false" | "unsure") but received "maybe"`);
  });

  it('CSV with the wrong columns', () => {
    expect(readRecountExport('\uFEFF"a","b"\r\n"1","2"\r\n').errors).toEqual([expect.stringMatching(/^line 1: not a Recount events CSV/)]);
  });

  it('NDJSON cut short', () => {
    const text = eventsToNdjson(events);
    expect(readRecountExport(text.slice(0, text.length - 20)).errors[0]).toMatch(/truncated|line \d+/);
  });

  it('an id twice in one file', () => {
    const read = readRecountExport(eventsToNdjson([events[0], events[0]]));
    expect(read.errors[0]).toMatch(/^line 3: id: .* appears twice/);
  });
});
