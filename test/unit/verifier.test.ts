// The standalone verifier runs on plain Node, as a team lead or the vendor would run it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecountDB } from '../../utils/store/db';
import { allEvents, recordConversationSeen, recordVerdict } from '../../utils/store/tagging';
import { currentVerdictsToCsv, eventsToCsv, eventsToJson, eventsToNdjson } from '../../utils/io/export';
import { pagedEvents, streamEventsExport } from '../../utils/io/stream-export';
import { streamEvidenceBundle } from '../../utils/io/evidence';
import { currentVerdict, type VerdictEvent } from '../../utils/model/verdict';

const VERIFIER = resolve(import.meta.dirname, '..', '..', 'tools', 'verify-log.mjs');
const dir = mkdtempSync(join(tmpdir(), 'recount-verify-'));
let json = '';
let ndjson = '';
const db = new RecountDB('verifier');

function run(...args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [VERIFIER, ...args], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, out: e.stdout };
  }
}

beforeAll(async () => {
  const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed', url: 'u' };
  for (let i = 0; i < 3; i++) {
    await recordVerdict(db, { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i) }, verdict: 'genuine', reason: null, note: `ünïcødé ${i}`, claim, suggested: null });
  }
  const events = await allEvents(db);
  json = eventsToJson(events);
  ndjson = eventsToNdjson(events);
});
afterAll(() => db.delete());

describe('tools/verify-log.mjs', () => {
  it('says "intact" for an untouched JSON and NDJSON export', () => {
    for (const [name, text] of [['a.json', json], ['a.ndjson', ndjson]]) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const { code, out } = run(file);
      expect(code).toBe(0);
      expect(out).toMatch(/: intact — 3 event\(s\) in 1 chain\(s\)/);
    }
  });

  it('says where an edited export breaks, and exits 1', () => {
    const file = join(dir, 'edited.json');
    writeFileSync(file, json.replace('ünïcødé 1', 'unicode 1'));
    const { code, out } = run(file);
    expect(code).toBe(1);
    expect(out).toMatch(/BROKEN/);
    expect(out).toMatch(/the file: its digest does not match its contents/);
    expect(out).toMatch(/event #2 .*seq 2\): its contents do not match its hash \(edited\)/);
  });

  it('catches a single changed byte of formatting', () => {
    const file = join(dir, 'spaced.json');
    writeFileSync(file, json.replace('\n  "events"', '\n   "events"'));
    const { code, out } = run(file);
    expect(code).toBe(1);
    expect(out).toMatch(/bytes differ from what Recount wrote/);
  });
});

describe('the verifier with a broken list of deleted events', () => {
  it('names the list, never an "event #0", and exits 1', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'recount-verifier-')), 'deleted.ndjson');
    writeFileSync(file, '{"format":"recount-events-ndjson","version":2,"partial":false,"deleted":[null]}\n{"digest":"x"}\n');
    let output = '';
    let status = 0;
    try {
      execFileSync(process.execPath, [VERIFIER, file], { encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
      status = (error as { status: number }).status;
    }
    expect(status).toBe(1);
    expect(output).toContain('  the list of deleted events: an entry is not a tombstone (null)');
    expect(output).not.toContain('event #0');
  });
});

describe('the verifier with a BOM, and CSV exports', () => {
  // Notes a spreadsheet would mangle or run: a formula, an apostrophe before one, quotes, commas, line breaks.
  const NOTES = ['=SUM(A1:A2)', "'=already quoted", 'says "thanks", then leaves', 'line one\r\nline two\nline three', '  spaced  ', '+1 555 0100', 'plain'];
  const claim = { state: 'closed' as const, resolution: 'assumed' as const, resolutionLabel: 'Assumed, "billed"', url: 'https://app.intercom.com/a/inbox/w/conversations/1?x=1,2' };
  const csvDb = new RecountDB('verifier-csv');
  let events: VerdictEvent[] = [];
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  /** The CSV's text after its header row, split into its records as Recount wrote them (every cell quoted). */
  const records = (csv: string) => csv.split(/\r\n(?=")/);

  beforeAll(async () => {
    for (const [i, note] of NOTES.entries()) {
      const isFalse = i % 3 === 1;
      await recordVerdict(
        csvDb,
        { key: { vendor: 'intercom', workspace: 'w', conversationId: String(i % 5) }, verdict: isFalse ? 'false' : 'genuine', reason: isFalse ? 'abandoned' : null, note, claim, suggested: i % 2 ? 'false' : null },
        { now: Date.parse('2026-11-03T09:14:02.123Z') + i * 1000 },
      );
    }
    events = await allEvents(csvDb);
    expect(events).toHaveLength(NOTES.length);
  });
  afterAll(() => csvDb.delete());

  it('verifies a JSON and an NDJSON export that a BOM was put in front of', () => {
    for (const [name, text] of [['bom.json', eventsToJson(events)], ['bom.ndjson', eventsToNdjson(events)]]) {
      const { code, out } = run(write(name, `\uFEFF${text}`));
      expect(out).toMatch(/: intact — 7 event\(s\) in 1 chain\(s\)/);
      expect(code).toBe(0);
    }
    // The BOM is no licence to edit: an edited BOM-prefixed JSON still breaks.
    const edited = run(write('bom-edited.json', `\uFEFF${eventsToJson(events).replace('plain', 'plane')}`));
    expect(edited.code).toBe(1);
    expect(edited.out).toMatch(/event #7 .*: its contents do not match its hash \(edited\)/);
  });

  it('verifies the CSV export (BOM, every cell quoted, formulas guarded) as the dashboard writes it', async () => {
    const streamed = await (await streamEventsExport('csv', pagedEvents(csvDb, () => true, events.length), {})).text();
    const csv = eventsToCsv(events);
    expect(streamed).toBe(csv);
    expect(csv.startsWith('\uFEFF"event_id"')).toBe(true);
    const { code, out } = run(write('recount-events.csv', csv));
    expect(out).toContain(': intact — 7 event(s) in 1 chain(s) (events CSV: each row\'s hash and chain link checked)');
    expect(out).toContain(`chain ${events[0].chain}: 7 event(s), last seq 7, head ${events[6].hash}`);
    expect(out).toMatch(/a CSV has no digest, signature or list of deleted events/);
    expect(out).not.toMatch(/BROKEN|NOT VERIFIED/);
    expect(code).toBe(0);
  });

  it('refuses a CSV whose row was edited, naming the row (and its line when a note spans several)', () => {
    const csv = eventsToCsv(events);
    // Row 8 in a spreadsheet (the header is row 1): the 7th event, whose note is "plain"; it starts on line 10
    // in a text editor, after the three-line note of row 5.
    const edited = csv.replace('"plain"', '"plan"');
    expect(edited).not.toBe(csv);
    const { code, out } = run(write('edited.csv', edited));
    expect(code).toBe(1);
    expect(out).toContain(': BROKEN');
    expect(out).toContain(`  row 8, line 10 in a text editor (event id ${events[6].id}, chain ${events[6].chain}, seq 7): its contents do not match its hash (edited)`);
    expect(out).not.toMatch(/row [2-7]\b/);

    // A changed verdict in row 3 (seq 2): false turned genuine, reason blanked.
    const rows = records(csv);
    const turned = rows[2].replace('"false","abandoned"', '"genuine",""');
    expect(turned).not.toBe(rows[2]);
    const second = run(write('turned.csv', [...rows.slice(0, 2), turned, ...rows.slice(3)].join('\r\n')));
    expect(second.code).toBe(1);
    expect(second.out).toContain(`  row 3 (event id ${events[1].id}, chain ${events[1].chain}, seq 2): its contents do not match its hash (edited)`);
  });

  it('refuses a CSV re-saved by a spreadsheet (cells unquoted) by row, even when its hashes still hold', () => {
    const csv = eventsToCsv(events);
    const rows = records(csv);
    // Quotes only where a cell needs them, as a spreadsheet writes: the same cells, other bytes.
    const unquoted = Papa.unparse([Papa.parse<string[]>(rows[7]).data[0]]);
    expect(unquoted).not.toBe(rows[7]);
    expect(Papa.parse<string[]>(unquoted).data[0]).toEqual(Papa.parse<string[]>(rows[7]).data[0]);
    const { code, out } = run(write('resaved.csv', [...rows.slice(0, 7), unquoted, ...rows.slice(8)].join('\r\n')));
    expect(code).toBe(1);
    expect(out).toContain(`  row 8, line 10 in a text editor (event id ${events[6].id}): its bytes differ from what Recount wrote (edited, or re-saved by a spreadsheet)`);
    expect(out).not.toContain('its contents do not match its hash');
  });

  it('says which positions a CSV does not hold, since it cannot tell a removed row from a deleted one', () => {
    const rows = records(eventsToCsv(events));
    const { code, out } = run(write('gap.csv', [...rows.slice(0, 3), ...rows.slice(5)].join('\r\n')));
    expect(out).toContain(': intact — 5 event(s) in 1 chain(s)');
    expect(out).toContain('; seq 3–4 not in this file (deleted, filtered out or removed: a CSV cannot tell which)');
    expect(code).toBe(0);
  });

  it('cannot check a CSV against a key: CSV exports are never signed', () => {
    const { code, out } = run('--key', 'ab12 cd34 ef56 0123 4567 89ab cdef 0123', write('keyed.csv', eventsToCsv(events)));
    expect(code).toBe(1);
    expect(out).toContain('the file: it is a CSV export, which is never signed, and a key was given');
    expect(out).not.toContain('intact');
  });

  it('refuses the Current verdicts exports by name with exit code 2, saying which files it verifies', () => {
    const byConversation = new Map<string, VerdictEvent[]>();
    for (const e of events) byConversation.set(e.convKey, [...(byConversation.get(e.convKey) ?? []), e]);
    const current = [...byConversation.values()].map((list) => currentVerdict(list)!);
    for (const [name, text, what] of [
      ['recount-current.csv', currentVerdictsToCsv(current), 'Current verdicts CSV'],
      ['recount-current.json', `${JSON.stringify({ format: 'recount-current-verdicts', filter: null, current }, null, 2)}\n`, 'Current verdicts JSON'],
      ['recount-current.ndjson', current.map((e) => `${JSON.stringify(e)}\n`).join(''), 'Current verdicts NDJSON'],
    ]) {
      const { code, out } = run(write(name, text));
      expect(out).toContain(`${name}: NOT VERIFIED — this is the "${what}" export`);
      expect(out).toContain('"Export JSON" and "Export NDJSON" (recount-events-….json / .ndjson)');
      expect(out).toContain('the evidence bundle\'s events.ndjson');
      expect(out).toContain('"Export CSV" (recount-events-….csv)');
      expect(out).not.toMatch(/intact|BROKEN/);
      expect(code).toBe(2);
    }
    // Any other CSV is refused too, never read as a broken JSON file.
    const other = run(write('other.csv', '\uFEFF"conversation_id","billed_at"\r\n"1","2026-11-03"\r\n'));
    expect(other.out).toContain('NOT VERIFIED — this is a CSV that is not a Recount events export (its header: conversation_id, billed_at)');
    expect(other.out).not.toContain('Unexpected token');
    expect(other.code).toBe(2);
  });

  it('the evidence bundle says where to get the verifier, and its command verifies the bundle', async () => {
    const key = { vendor: 'intercom' as const, workspace: 'w', conversationId: '0' };
    await recordConversationSeen(csvDb, { key, claim, agentName: 'Fin', billingNote: null, messages: [{ author: 'customer', authorName: 'Maya', at: 1, text: 'hi' }] }, null);
    const { blob } = await streamEvidenceBundle(pagedEvents(csvDb, () => true, events.length), await csvDb.conversations.toArray(), {
      includeTranscripts: false,
      redactTranscripts: false,
      filter: null,
    });
    const files = Object.fromEntries(Object.entries(unzipSync(new Uint8Array(await blob.arrayBuffer()))).map(([name, bytes]) => [name, strFromU8(bytes)]));
    const readme = files['README.txt'].replace(/\s+/g, ' ');
    expect(readme).toContain('tools/verify-log.mjs in the Recount repository');
    expect(readme).toContain('Node.js 20 or later: no npm install');
    expect(readme).toContain('node tools/verify-log.mjs --key "<fingerprint>" <path to>/events.ndjson');
    const { code, out } = run(write('events.ndjson', files['events.ndjson']));
    expect(out).toContain('events.ndjson: intact — 7 event(s) in 1 chain(s)');
    expect(code).toBe(0);
  });
});
