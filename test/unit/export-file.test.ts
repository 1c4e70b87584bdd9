// Export files as the dashboard reads them (streamed NDJSON, size limit, every problem a message, never a throw).
// The bad files are written from the NDJSON layout (header line, one event per line, digest line) and an
// attacker's view, each line number worked out by hand in the comment beside it.
import { describe, expect, it } from 'vitest';
import { eventHash } from '../../utils/model/chain.mjs';
import { eventsToNdjson } from '../../utils/io/export';
import { MAX_IMPORT_BYTES, readExportFile } from '../../utils/io/export-file';
import { sha256hex } from '../../utils/model/hash';
import { readRecountExport } from '../../utils/io/import';
import { chainOf } from './chains';

const blob = (text: string | Uint8Array) => new Blob([text as BlobPart]);
/** Re-digests an edited NDJSON body so only the edit itself can be what is refused. */
function redigest(lines: string[]): string {
  const body = `${lines.join('\n')}\n`;
  return `${body}${JSON.stringify({ digest: sha256hex(body) })}\n`;
}
const linesOf = (text: string) => text.slice(0, -1).split('\n').slice(0, -1); // without the digest line

describe('NDJSON read as a stream', () => {
  const events = chainOf(40);
  const text = eventsToNdjson(events);

  it('gives the same events and verdict as reading the whole text, and reports progress up to 1', async () => {
    const shares: number[] = [];
    const streamed = await readExportFile(blob(text), (share) => shares.push(share));
    const whole = readRecountExport(text);
    expect(streamed.errors).toEqual([]);
    expect(streamed.verification?.ok).toBe(true);
    expect(streamed.events).toEqual(whole.events);
    expect(streamed.events).toHaveLength(40);
    expect(shares[0]).toBe(0);
    expect(shares.at(-1)).toBe(1);
  });

  it('names a bad last event by its line: header is line 1, 40 events lines 2–41, so the last event is line 41', async () => {
    const lines = linesOf(text);
    lines[40] = lines[40].replace('"verdict":"genuine"', '"verdict":"maybe"');
    const read = await readExportFile(blob(redigest(lines)));
    expect(read.events).toEqual([]);
    expect(read.errors[0]).toMatch(/^line 41: verdict: /);
  });

  it('refuses an edited event whose hash no longer matches (line 7 = the 6th event)', async () => {
    const lines = linesOf(text);
    lines[6] = lines[6].replace('"note":""', '"note":"edited"');
    const read = await readExportFile(blob(redigest(lines)));
    expect(read.errors[0]).toBe('line 7 (id e-5, seq 6): its contents do not match its hash (edited)');
  });

  it('refuses a digest that does not match (one event left out, links partial)', async () => {
    const lines = linesOf(text);
    const cut = `${[...lines.slice(0, 3), ...lines.slice(4)].join('\n')}\n${text.split('\n').at(-2)}\n`;
    const read = await readExportFile(blob(cut));
    expect(read.verification?.fileProblem).toBe('its digest does not match its contents');
    expect(read.verification?.ok).toBe(false);
  });

  it.each([
    ['"deleted": 5', (h: Record<string, unknown>) => (h.deleted = 5), /^line 1: deleted: /],
    ['a null tombstone', (h: Record<string, unknown>) => (h.deleted = [null]), /^line 1: deleted\.0: /],
    ['a tombstone with seq "1"', (h: Record<string, unknown>) => (h.deleted = [{ chain: 'c', seq: '1', prevHash: '0'.repeat(64), hash: '1'.repeat(64), deletedAt: 1 }]), /^line 1: deleted\.0\.seq: /],
    ['partial as a word', (h: Record<string, unknown>) => (h.partial = 'yes'), /^line 1: partial: /],
    ['a version from the future', (h: Record<string, unknown>) => (h.version = 99), /^line 1: version: made by a newer Recount/],
  ])('refuses a header with %s, by field, without throwing', async (_name, edit, message) => {
    const lines = linesOf(text);
    const header = JSON.parse(lines[0]);
    edit(header);
    lines[0] = JSON.stringify(header);
    const read = await readExportFile(blob(redigest(lines)));
    expect(read.errors[0]).toMatch(message);
    // The whole-text reader refuses the same way.
    expect(readRecountExport(redigest(lines)).errors[0]).toMatch(message);
  });

  it.each([1_000, 100_000])('refuses a note nested %i levels deep by line, with no stack overflow', async (depth) => {
    const lines = linesOf(text);
    // Line 3 is the second event; its note becomes an array nested that deep (the longer one is also too long).
    lines[2] = lines[2].replace('"note":""', `"note":${'['.repeat(depth)}${']'.repeat(depth)}`);
    const read = await readExportFile(blob(redigest(lines)));
    expect(read.errors[0]).toMatch(depth === 1_000 ? /^line 3: column \d+: the line nests deeper than 8 levels/ : /^line 3: 200,\d{3} characters, longer than any event/);
  });

  it('refuses a whole file nested 100,000 levels deep (JSON) by line and column', async () => {
    const read = await readExportFile(blob(`{"events":${'['.repeat(100_000)}${']'.repeat(100_000)}}`));
    expect(read.errors[0]).toBe('line 1, column 74: the file nests deeper than 64 levels (refused unread: no Recount file does)');
  });

  it('refuses a line longer than any event, naming it', async () => {
    const lines = linesOf(text);
    lines[4] = lines[4].replace('"note":""', `"note":"${'x'.repeat(150_000)}"`);
    const read = await readExportFile(blob(redigest(lines)));
    expect(read.errors[0]).toMatch(/^line 5: 150,\d{3} characters, longer than any event/);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const bytes = new TextEncoder().encode(text);
    const broken = new Uint8Array([...bytes.slice(0, 600), 0xff, 0xfe, ...bytes.slice(600)]);
    const read = await readExportFile(blob(broken));
    expect(read.errors[0]).toMatch(/not UTF-8 text/);
  });

  it('refuses a file cut short inside its last line', async () => {
    const read = await readExportFile(blob(text.slice(0, -10)));
    expect(read.errors[0]).toMatch(/does not end with a newline/);
  });

  it('refuses an event with a field Recount never writes (not covered by the hash)', async () => {
    const lines = linesOf(text);
    const e = JSON.parse(lines[1]);
    lines[1] = JSON.stringify({ ...e, smuggled: '<img src=x onerror=alert(1)>' });
    const read = await readExportFile(blob(redigest(lines)));
    expect(read.errors[0]).toMatch(/^line 2: smuggled: /);
  });

  it('refuses a time beyond the last date JavaScript holds (8.64e15 ms + 1)', async () => {
    const late = { ...events[0], at: 8.64e15 + 1 };
    late.hash = eventHash(late, sha256hex);
    const read = await readExportFile(blob(eventsToNdjson([late])));
    expect(read.errors[0]).toBe('line 2: at: beyond the last date JavaScript can hold (8.64e15 ms)');
  });
});

describe('the size limit', () => {
  it('refuses a file past it at once, saying the limit, without reading it', async () => {
    let sliced = false;
    const huge = { size: MAX_IMPORT_BYTES + 1, slice: () => ((sliced = true), blob('')), stream: () => { throw new Error('read'); }, text: async () => { throw new Error('read'); } } as unknown as Blob;
    const read = await readExportFile(huge);
    expect(read.errors).toEqual([`the file is 200.0 MiB; Recount reads at most 200.0 MiB (about 300,000 events) in one file — export the log in parts (filter by period) and pick the parts together`]);
    expect(sliced).toBe(false);
  });
});

describe('every export reads back as exactly what was written', () => {
  // Notes a reviewer may type, chosen from what a spreadsheet treats specially (OWASP's CSV-injection starts,
  // and a note that itself starts with the guard's apostrophe) and from RFC 4180 (quotes, CR, LF inside cells).
  const NOTES = ["'=1+1", "''=HYPERLINK(\"x\")", "'tis the season", '=SUM(A1)', '+1 555', '-5 units', '@here', '\tTab first', '\rCR first', "'\tapostrophe tab", 'a\r\nb', 'a\rb', '"quoted"', 'line\nbreak', '  spaces  ', "'", "''", 'Zürich 日本語 🙂', ''];
  const base = chainOf(1)[0];
  const events = NOTES.map((note, i) => {
    const e = { ...base, id: `note-${i}`, seq: i + 1, note };
    return e;
  });
  // Re-chain them (each links to the one before) with their notes in the hash.
  for (let i = 0; i < events.length; i++) {
    events[i].prevHash = i === 0 ? '0'.repeat(64) : events[i - 1].hash;
    events[i].hash = eventHash(events[i], sha256hex);
  }

  it.each([
    ['CSV', () => import('../../utils/io/export').then((m) => m.eventsToCsv(events))],
    ['JSON', () => import('../../utils/io/export').then((m) => m.eventsToJson(events))],
    ['NDJSON', () => import('../../utils/io/export').then((m) => m.eventsToNdjson(events))],
  ])('%s', async (_format, make) => {
    const read = await readExportFile(blob(await make()));
    expect(read.errors).toEqual([]);
    expect(read.verification?.fileProblem ?? null).toBeNull();
    expect(read.verification?.ok).toBe(true);
    expect(read.events.map((e) => e.note)).toEqual(NOTES);
  });
});

describe('the depth scan', () => {
  it('names the physical line whatever ends lines: LF, CRLF or a lone CR (3 line breaks before the deep bracket = line 4)', async () => {
    const { tooDeep } = await import('../../utils/model/json-limits');
    for (const end of ['\n', '\r\n', '\r']) {
      const text = `{${end}"a": 1,${end}"b": "x${end.replace('\r', '\\r').replace('\n', '\\n')}"${end}"c": ${'['.repeat(70)}`;
      // Line 4 is `"c": [[[…`: the first "[" is column 6 at depth 2 (the "{" of line 1 is depth 1), so depth 65,
      // the first past the limit of 64, is the 64th "[", at column 6 + 63 = 69.
      expect(tooDeep(text)).toEqual({ line: 4, column: 69, depth: 65 });
    }
  });
});

describe('events CSV names physical lines', () => {
  it('counts the line breaks inside a quoted note: header line 1, event 1 lines 2–4 (two breaks in its note), event 2 line 5', async () => {
    const [first, second] = chainOf(2);
    const withNote = { ...first, note: 'one\r\ntwo\nthree' };
    withNote.hash = eventHash(withNote, sha256hex);
    const relinked = { ...second, prevHash: withNote.hash };
    relinked.hash = eventHash(relinked, sha256hex);
    const { eventsToCsv } = await import('../../utils/io/export');
    const csv = eventsToCsv([withNote, relinked]).replace(/"genuine"(?![\s\S]*"genuine")/, '"maybe"');
    const read = await readExportFile(blob(csv));
    expect(read.errors[0]).toMatch(/^line 5: verdict: /);
  });

  it('names an unterminated quote on the line where it opens (line 3, the last event: nothing closes it)', async () => {
    const { eventsToCsv } = await import('../../utils/io/export');
    const csv = eventsToCsv(chainOf(2));
    const lines = csv.split('\r\n');
    lines[2] = lines[2].replace(/"$/, ''); // the last cell of line 3 loses its closing quote
    const read = await readExportFile(blob(lines.join('\r\n')));
    expect(read.errors[0]).toMatch(/^line 3: hash: the quoted cell that starts here is never closed/);
  });
});
