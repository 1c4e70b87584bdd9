// The standalone verifier runs on plain Node, as a team lead or the vendor would run it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecountDB } from '../../utils/store/db';
import { allEvents, recordVerdict } from '../../utils/store/tagging';
import { eventsToJson, eventsToNdjson } from '../../utils/io/export';

const VERIFIER = resolve(import.meta.dirname, '..', '..', 'tools', 'verify-log.mjs');
const dir = mkdtempSync(join(tmpdir(), 'recount-verify-'));
let json = '';
let ndjson = '';
const db = new RecountDB('verifier');

function run(file: string): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(process.execPath, [VERIFIER, file], { encoding: 'utf8' }) };
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
