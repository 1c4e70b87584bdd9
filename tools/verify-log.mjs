#!/usr/bin/env node
// Verifies a Recount export (JSON or NDJSON) with nothing but Node: no extension, no npm install.
//   node tools/verify-log.mjs [--key "ab12 cd34 …"] recount-events-….json
// Prints "intact" with the chains it found, or where the file breaks, and who signed it; exits 0 when intact,
// 1 when not. With --key (the fingerprint the buyer sent at the start of a trial; repeat it for several), the file
// must also be signed by that key, or by a key it endorsed: a file rewritten with recomputed hashes then fails.
import { createHash, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyJsonExport, verifyNdjsonExport } from '../utils/model/chain.mjs';
import { verifyExportSignature } from '../utils/model/signature.mjs';

const sha256hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

const args = process.argv.slice(2);
const expected = [];
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--key') expected.push(String(args[++i] ?? '').trim().toLowerCase().replace(/[^0-9a-f]/g, '').replace(/(.{4})(?!$)/g, '$1 '));
  else files.push(args[i]);
}
if (files.length === 0 || expected.some((k) => k.replace(/ /g, '').length !== 32)) {
  console.error('usage: node tools/verify-log.mjs [--key "<32 hex digits>"]… <export.json|export.ndjson> [more files]');
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
process.exit(allIntact ? 0 : 1);
