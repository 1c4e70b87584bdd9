#!/usr/bin/env node
// Verifies a Recount events export with nothing but Node 20: no extension, no npm install.
//   node tools/verify-log.mjs [--key "ab12 cd34 …"] recount-events-….json|.ndjson|.csv
// It takes the dashboard's *Export JSON*, *Export NDJSON* and *Export CSV* files (recount-events-….json, .ndjson,
// .csv) and the evidence bundle's events.ndjson. A leading UTF-8 BOM is ignored in any of them.
// Prints "intact" with the chains it found, or where the file breaks, and who signed it; exits 0 when intact,
// 1 when not. With --key (the fingerprint the buyer sent at the start of a trial; repeat it for several), the file
// must also be signed by that key, or by a key it endorsed: a file rewritten with recomputed hashes then fails.
// A CSV events export carries every hashed field, so each row's hash and each link of its chain are checked; it has
// no digest, no signature and no list of deleted events, so it cannot show a row removed from it, nor who wrote it.
// A file it does not take (the *Current verdicts* exports, any other CSV) is refused by name, with exit code 2
// (when several files are given: 1 if any is broken, else 2 if any was refused, else 0).
import { createHash, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyChains, verifyJsonExport, verifyNdjsonExport } from '../utils/model/chain.mjs';
import { verifyExportSignature } from '../utils/model/signature.mjs';

const sha256hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** What it takes, said whenever a file is refused. */
const FORMATS = [
  'It verifies Recount events exports (a leading BOM is fine):',
  '  - the dashboard\'s "Export JSON" and "Export NDJSON" (recount-events-….json / .ndjson): signed, checked whole',
  '  - the evidence bundle\'s events.ndjson (the same NDJSON)',
  '  - the dashboard\'s "Export CSV" (recount-events-….csv): each row\'s hash and chain link; unsigned',
];

// The columns of the events CSV, as utils/io/export.ts writes them (CSV_COLUMNS; the unit test builds its CSV
// with the export's own function, so a change there fails here).
const EVENTS_CSV_COLUMNS = ['event_id', 'tagged_at', 'vendor', 'workspace', 'conversation_id', 'verdict', 'reason', 'note', 'reviewer', 'vendor_state', 'vendor_resolution', 'vendor_resolution_label', 'conversation_url', 'suggested', 'chain', 'seq', 'prev_hash', 'hash'];
// The "Current verdicts CSV" (CURRENT_COLUMNS): one row per conversation, no hashes.
const CURRENT_CSV_COLUMNS = ['vendor', 'workspace', 'conversation_id', 'vendor_resolution', 'verdict', 'reason', 'note', 'reviewer', 'tagged_at', 'conversation_url', 'event_id'];

/**
 * RFC 4180 records (comma, quotes doubled; CRLF, LF or a lone CR ends a line), each with its cells, the text it
 * was read from (`raw`, without its line break), that line break, and the physical line it starts on.
 */
function readCsvRecords(text) {
  const records = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  const lineBreakAt = (at) => (text[at] === '\r' ? (text[at + 1] === '\n' ? 2 : 1) : text[at] === '\n' ? 1 : 0);
  while (i < n) {
    const start = i;
    const startLine = line;
    const cells = [];
    let cell = '';
    let quoted = false;
    for (;;) {
      if (quoted) {
        const close = text.indexOf('"', i);
        if (close < 0) return { records, error: `line ${startLine}: a quoted cell is never closed (the rest of the file would be one cell)` };
        const piece = text.slice(i, close);
        for (let k = 0; k < piece.length; k++) if (lineBreakAt(i + k) > 0 && !(piece[k] === '\n' && piece[k - 1] === '\r')) line++;
        cell += piece;
        if (text[close + 1] === '"') {
          cell += '"';
          i = close + 2;
        } else {
          quoted = false;
          i = close + 1;
        }
        continue;
      }
      if (i >= n || text[i] === ',' || lineBreakAt(i) > 0) {
        cells.push(cell);
        cell = '';
        if (i < n && text[i] === ',') {
          i++;
          if (text[i] === '"') {
            quoted = true;
            i++;
          }
          continue;
        }
        const breakLength = i < n ? lineBreakAt(i) : 0;
        records.push({ cells, raw: text.slice(start, i), lineBreak: text.slice(i, i + breakLength), line: startLine });
        i += breakLength;
        if (breakLength > 0) line++;
        break;
      }
      if (text[i] === '"' && i === start) {
        quoted = true;
        i++;
        continue;
      }
      cell += text[i++]; // a quote inside an unquoted cell is kept as written (not as Recount writes it: caught below)
    }
  }
  return { records, error: null };
}

/** Recount's CSV writer (utils/io/export.ts): every cell quoted, and one apostrophe before a formula's start. */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const writtenCell = (value) => `"${(FORMULA_START.test(value) ? `'${value}` : value).replace(/"/g, '""')}"`;
const unguardCell = (cell) => (/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
const writtenRow = (values) => values.map(writtenCell).join(',');
/** How the CSV export writes a time (Date.prototype.toISOString), e.g. 2026-11-03T09:14:02.000Z. */
const ISO_INSTANT = /^(\d{4}|[+-]\d{6})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const sameColumns = (cells, columns) => cells.length === columns.length && columns.every((c, i) => cells[i].trim() === c);

/**
 * An events CSV: rebuilds each row's event from its cells (the inverse of eventToRow) and checks its hash, its
 * chain's links (gaps allowed: a CSV does not list deleted events or its filter) and its bytes. Returns
 * { refused } for a CSV that is not an events export.
 */
function verifyCsvExport(text) {
  const { records, error } = readCsvRecords(text);
  const head = records[0];
  if (!head) return { refused: 'an empty file (no header line)' };
  if (sameColumns(head.cells, CURRENT_CSV_COLUMNS)) {
    return { refused: 'the "Current verdicts CSV" export (one row per conversation, no hashes): a spreadsheet view of the log, which cannot be verified' };
  }
  const looksLikeEvents = head.cells.includes('event_id') && head.cells.includes('hash');
  if (!looksLikeEvents) return { refused: `a CSV that is not a Recount events export (its header: ${head.cells.slice(0, 6).join(', ')}${head.cells.length > 6 ? ', …' : ''})` };
  const fail = (fileProblem) => ({ ok: false, fileProblem, problems: [], chains: {} });
  if (!sameColumns(head.cells, EVENTS_CSV_COLUMNS)) return fail(`line 1: its header is not the events CSV's ${EVENTS_CSV_COLUMNS.length} columns (${EVENTS_CSV_COLUMNS.join(', ')})`);
  if (error) return fail(error);
  const events = [];
  const rows = []; // for each event: its spreadsheet row (the header is row 1) and physical line
  const rowProblems = [];
  const where = (record, row) => `row ${row}${record.line !== row ? `, line ${record.line} in a text editor` : ''}`;
  records.forEach((record, r) => {
    const row = r + 1;
    if (record.lineBreak !== '\r\n') rowProblems.push(`${where(record, row)}: ${record.lineBreak ? 'its line ends with a bare line feed or carriage return, not CRLF' : 'the file does not end with a line break (cut short?)'} (not as Recount writes it)`);
    if (r === 0) {
      if (record.raw !== writtenRow(EVENTS_CSV_COLUMNS)) rowProblems.push(`${where(record, row)}: the header's bytes differ from what Recount wrote`);
      return;
    }
    if (record.cells.length !== EVENTS_CSV_COLUMNS.length) {
      rowProblems.push(`${where(record, row)}: ${record.cells.length} cell(s) where the header has ${EVENTS_CSV_COLUMNS.length} (cut short or edited)`);
      return;
    }
    const cell = (name) => unguardCell(record.cells[EVENTS_CSV_COLUMNS.indexOf(name)]);
    const tagged = cell('tagged_at');
    const at = ISO_INSTANT.test(tagged) ? Date.parse(tagged) : NaN;
    events.push({
      id: cell('event_id'),
      chain: cell('chain'),
      seq: /^\d{1,16}$/.test(cell('seq')) ? Number(cell('seq')) : cell('seq'),
      prevHash: cell('prev_hash'),
      vendor: cell('vendor'),
      workspace: cell('workspace'),
      conversationId: cell('conversation_id'),
      verdict: cell('verdict'),
      reason: cell('reason') || null,
      note: cell('note'),
      reviewer: cell('reviewer'),
      at: Number.isFinite(at) && new Date(at).toISOString() === tagged ? at : tagged,
      claim: { state: cell('vendor_state'), resolution: cell('vendor_resolution'), resolutionLabel: cell('vendor_resolution_label'), url: cell('conversation_url') },
      suggested: cell('suggested') || null,
      hash: cell('hash'),
    });
    rows.push(where(record, row));
    // Recount quotes every cell: a row a spreadsheet re-saved, or a hand edit, differs here even if its hash holds.
    if (record.raw !== writtenRow(record.cells.map(unguardCell))) rowProblems.push(`${where(record, row)} (event id ${cell('event_id') || '?'}): its bytes differ from what Recount wrote (edited, or re-saved by a spreadsheet)`);
  });
  const result = verifyChains(events, sha256hex, { partial: true });
  // Positions of a chain the file does not hold: deleted, filtered out or removed rows, which a CSV cannot tell apart.
  const gaps = {};
  const bySeq = new Map();
  for (const e of events) if (Number.isSafeInteger(e.seq)) bySeq.set(e.chain, [...(bySeq.get(e.chain) ?? []), e.seq]);
  for (const [chain, seqs] of bySeq) {
    seqs.sort((a, b) => a - b);
    const missing = [];
    let next = 1;
    for (const seq of seqs) {
      if (seq > next) missing.push(seq - 1 === next ? `${next}` : `${next}–${seq - 1}`);
      next = Math.max(next, seq + 1);
    }
    if (missing.length > 0) gaps[chain] = missing;
  }
  return {
    ...result,
    ok: result.ok && rowProblems.length === 0,
    csv: { rows, rowProblems, gaps },
  };
}

/** The first line of the "Current verdicts NDJSON": an event on its own, with no export header before it. */
function isBareEventLine(line) {
  try {
    const value = JSON.parse(line);
    return Boolean(value) && typeof value === 'object' && !('format' in value) && 'convKey' in value && 'hash' in value;
  } catch {
    return false;
  }
}

const args = process.argv.slice(2);
const expected = [];
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--key') expected.push(String(args[++i] ?? '').trim().toLowerCase().replace(/[^0-9a-f]/g, '').replace(/(.{4})(?!$)/g, '$1 '));
  else files.push(args[i]);
}
if (files.length === 0 || expected.some((k) => k.replace(/ /g, '').length !== 32)) {
  console.error('usage: node tools/verify-log.mjs [--key "<32 hex digits>"]… <export.json|export.ndjson|export.csv> [more files]');
  for (const line of FORMATS) console.error(line);
  process.exit(2);
}

let allIntact = true;
let anyRefused = false;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.log(`${file}: cannot read it (${error.message})`);
    allIntact = false;
    continue;
  }
  // Spreadsheets and some editors start a UTF-8 file with a BOM (Recount's CSV does, for Excel): not part of the file.
  const hadBom = text.startsWith('\uFEFF');
  if (hadBom) text = text.slice(1);
  const refuse = (what) => {
    console.log(`${file}: NOT VERIFIED — this is ${what}.`);
    for (const line of FORMATS) console.log(`  ${line}`);
    anyRefused = true;
  };
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const json = /^\s*[{[]/.test(text);
  // A CSV: Recount's starts with a BOM and a quoted header; any other text whose first line has commas is one too.
  if (!json && (hadBom || /^"|,/.test(firstLine))) {
    const result = verifyCsvExport(text);
    if (result.refused) {
      refuse(result.refused);
      continue;
    }
    if (result.ok && expected.length > 0) {
      Object.assign(result, { ok: false, fileProblem: `it is a CSV export, which is never signed, and a key was given (${expected.join(', ')}): verify the "Export JSON" or "Export NDJSON" file with --key` });
    }
    const chains = Object.entries(result.chains ?? {});
    if (result.ok) {
      const count = chains.reduce((sum, [, c]) => sum + c.count, 0);
      console.log(`${file}: intact — ${count} event(s) in ${chains.length} chain(s) (events CSV: each row's hash and chain link checked)`);
      for (const [id, c] of chains) {
        const gaps = result.csv.gaps[id];
        console.log(`  chain ${id}: ${c.count} event(s), last seq ${c.lastSeq}, head ${c.head}${gaps ? `; seq ${gaps.join(', ')} not in this file (deleted, filtered out or removed: a CSV cannot tell which)` : ''}`);
      }
      console.log('  a CSV has no digest, signature or list of deleted events: it shows an edited row, not a removed one, nor who wrote it — the JSON or NDJSON export shows both');
      continue;
    }
    allIntact = false;
    console.log(`${file}: BROKEN`);
    if (result.fileProblem) console.log(`  the file: ${result.fileProblem}`);
    const problems = [
      ...(result.csv?.rowProblems ?? []),
      ...(result.problems ?? []).map((p) => `${result.csv.rows[p.index] ?? '?'} (event id ${p.id || '?'}, chain ${p.chain || '?'}, seq ${p.seq}): ${p.problem}`),
    ];
    for (const p of problems) console.log(`  ${p}`);
    continue;
  }
  if (/^\s*\{\s*"format":\s*"recount-current-verdicts"/.test(text)) {
    refuse('the "Current verdicts JSON" export (the latest event of each conversation, without the chain around it), which cannot be verified');
    continue;
  }
  const ndjson = /^\{[^\n]*"format":"recount-events-ndjson"/.test(text);
  if (!ndjson && isBareEventLine(firstLine)) {
    refuse('the "Current verdicts NDJSON" export (the latest event of each conversation, without the chain around it), which cannot be verified');
    continue;
  }
  const result = ndjson ? verifyNdjsonExport(text, sha256hex) : verifyJsonExport(text, sha256hex);
  const chains = Object.entries(result.chains ?? {});
  // Who signed it: checked only for a file that is otherwise intact (a signature over a broken file proves nothing).
  let signedBy = null;
  if (result.ok && result.signature) {
    const check = await verifyExportSignature(result.signature, { digest: result.digest, chains: result.chains }, { subtle: webcrypto.subtle, sha256hex, expected });
    if (check.ok) signedBy = check;
    else Object.assign(result, { ok: false, fileProblem: `its signature: ${check.problem}` });
  } else if (result.ok && expected.length > 0) {
    Object.assign(result, { ok: false, fileProblem: `it is not signed, and a key was given (${expected.join(', ')})` });
  }
  if (result.ok) {
    const count = chains.reduce((sum, [, c]) => sum + c.count, 0);
    console.log(`${file}: intact — ${count} event(s) in ${chains.length} chain(s)`);
    for (const [id, c] of chains) console.log(`  chain ${id}: ${c.count} event(s), last seq ${c.lastSeq}, head ${c.head}`);
    if (signedBy) {
      console.log(`  signed by key ${signedBy.fingerprint} at ${signedBy.signedAt}${expected.length > 0 ? ' (the key given)' : ''}; that installation's own chain: ${signedBy.ownChain}`);
      if (signedBy.rotatedFrom.length > 0) console.log(`  that key was endorsed by ${signedBy.rotatedFrom.join(' → ')}`);
      if (expected.length === 0) console.log('  compare that fingerprint with the one the buyer sent you, or run again with --key "<fingerprint>"');
    } else console.log('  not signed (a file from before signing): its hashes show edits, not who made it');
    continue;
  }
  allIntact = false;
  console.log(`${file}: BROKEN`);
  if (result.fileProblem) console.log(`  the file: ${result.fileProblem}`);
  for (const p of result.problems ?? []) {
    // A problem of the deleted events' tombstones has no event position (index -1).
    if (p.index >= 0) console.log(`  event #${p.index + 1} (id ${p.id || '?'}, chain ${p.chain || '?'}, seq ${p.seq}): ${p.problem}`);
    else console.log(`  ${p.chain ? `deleted event (chain ${p.chain}, seq ${p.seq})` : 'the list of deleted events'}: ${p.problem}`);
  }
}
process.exit(!allIntact ? 1 : anyRefused ? 2 : 0);
