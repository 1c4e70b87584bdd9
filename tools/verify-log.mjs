#!/usr/bin/env node
// Verifies a Recount export (JSON or NDJSON) with nothing but Node: no extension, no npm install.
//   node tools/verify-log.mjs recount-events-….json
// Prints "intact" with the chains it found, or where the file breaks; exits 0 when intact, 1 when not.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyJsonExport, verifyNdjsonExport } from '../utils/model/chain.mjs';

const sha256hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node tools/verify-log.mjs <export.json|export.ndjson> [more files]');
  process.exit(2);
}

let allIntact = true;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.log(`${file}: cannot read it (${error.message})`);
    allIntact = false;
    continue;
  }
  const ndjson = /^\{[^\n]*"format":"recount-events-ndjson"/.test(text);
  const result = ndjson ? verifyNdjsonExport(text, sha256hex) : verifyJsonExport(text, sha256hex);
  const chains = Object.entries(result.chains ?? {});
  if (result.ok) {
    const count = chains.reduce((sum, [, c]) => sum + c.count, 0);
    console.log(`${file}: intact — ${count} event(s) in ${chains.length} chain(s)`);
    for (const [id, c] of chains) console.log(`  chain ${id}: ${c.count} event(s), last seq ${c.lastSeq}, head ${c.head}`);
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
process.exit(allIntact ? 0 : 1);
