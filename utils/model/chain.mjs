// The tamper-evident log, shared by the extension and the standalone verifier (tools/verify-log.mjs), which
// runs on plain Node. Plain JavaScript so Node needs no build step; types in chain.d.mts.
//
// Each installation of Recount keeps one hash chain (its `chain` id): every event it records carries its
// position (`seq`), the previous event's hash (`prevHash`) and its own `hash`, a SHA-256 of its canonical form.
// Merged logs keep each installation's chain intact, so a team lead's merged file still verifies per chain.
// Export files are written in one canonical byte form with a digest, so any edited byte is detected.

export const GENESIS = '0'.repeat(64);
export const EVENT_HASH_VERSION = 'recount-event-v1';

/** The exact string hashed for an event: a fixed-order array, so key order or whitespace can't matter. */
export function canonicalEvent(e) {
  return JSON.stringify([
    EVENT_HASH_VERSION,
    e.id,
    e.chain,
    e.seq,
    e.prevHash,
    e.vendor,
    e.workspace,
    e.conversationId,
    e.verdict,
    e.reason,
    e.note,
    e.reviewer,
    e.at,
    // Optional chaining: an edited file may have lost the claim; it must then fail to verify, not crash.
    e.claim?.state,
    e.claim?.resolution,
    e.claim?.resolutionLabel,
    e.claim?.url,
    e.suggested,
  ]);
}

/** @param {(text: string) => string} sha256hex */
export function eventHash(e, sha256hex) {
  return sha256hex(canonicalEvent(e));
}

/**
 * Verifies every event's hash and each chain's links. `partial` (a filtered export) allows gaps in a chain but
 * still checks every link whose previous event is present. `hashesChecked`: the caller has already compared each
 * event's hash with its contents (an import does, slice by slice); only the links are checked.
 * @returns {{ ok: boolean, chains: Record<string, { count: number, lastSeq: number, head: string }>, problems: Array<{ id: string, index: number, chain: string, seq: number, problem: string }> }}
 */
export function verifyChains(events, sha256hex, { partial = false, deleted = [], hashesChecked = false } = {}) {
  const problems = [];
  const byChain = new Map();
  // Deleted events leave a tombstone (chain, seq, prevHash, hash, no contents): links across them still verify.
  // A file is untrusted: a list of tombstones that is not one is a problem, never a crash.
  if (!Array.isArray(deleted)) {
    problems.push({ id: '', index: -1, chain: '', seq: 0, problem: 'it is not a list' });
    deleted = [];
  }
  for (const t of deleted) {
    if (!t || typeof t !== 'object' || typeof t.chain !== 'string' || !Number.isSafeInteger(t.seq) || t.seq < 1) {
      problems.push({ id: '', index: -1, chain: '', seq: 0, problem: `an entry is not a tombstone (${JSON.stringify(t)?.slice(0, 80)})` });
      continue;
    }
    if (!byChain.has(t.chain)) byChain.set(t.chain, []);
    byChain.get(t.chain).push({ e: t, index: -1, tombstone: true });
  }
  events.forEach((e, index) => {
    if (!e || typeof e !== 'object') {
      problems.push({ id: '', index, chain: '', seq: 0, problem: 'it is not an event' });
      return;
    }
    if (!hashesChecked && eventHash(e, sha256hex) !== e.hash) {
      problems.push({ id: e.id, index, chain: e.chain, seq: e.seq, problem: 'its contents do not match its hash (edited)' });
    }
    if (!byChain.has(e.chain)) byChain.set(e.chain, []);
    byChain.get(e.chain).push({ e, index });
  });
  const chains = {};
  for (const [chain, list] of byChain) {
    list.sort((a, b) => a.e.seq - b.e.seq);
    let previous = null;
    for (const { e, index, tombstone } of list) {
      const say = (problem) => problems.push({ id: tombstone ? `(deleted seq ${e.seq})` : e.id, index, chain, seq: e.seq, problem });
      if (previous && previous.seq === e.seq) say(`seq ${e.seq} appears twice in this chain`);
      else if (previous && previous.seq === e.seq - 1) {
        if (e.prevHash !== previous.hash) say("its prevHash is not the previous event's hash");
      } else if (!previous && e.seq === 1) {
        if (e.prevHash !== GENESIS) say('the first event of a chain must start from the genesis hash');
      } else if (!partial) {
        say(`events ${previous ? previous.seq + 1 : 1}–${e.seq - 1} of this chain are missing`);
      }
      previous = e;
    }
    const last = list[list.length - 1].e;
    chains[chain] = { count: list.filter((x) => !x.tombstone).length, lastSeq: last.seq, head: last.hash };
  }
  problems.sort((a, b) => a.index - b.index);
  return { ok: problems.length === 0, chains, problems };
}

/** Orders an export file's keys and serialises it the one way Recount writes it. */
export function serializeJsonExport(body, sha256hex) {
  const withoutDigest = JSON.stringify(body, null, 2);
  const digest = sha256hex(withoutDigest);
  return `${JSON.stringify({ ...body, digest }, null, 2)}\n`;
}

/**
 * Checks a JSON export byte for byte: it must be exactly what Recount wrote (so an edited space is caught), its
 * digest must match, and its events must verify.
 */
export function verifyJsonExport(text, sha256hex) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, fileProblem: `not valid JSON: ${error.message}`, problems: [], chains: {} };
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.events) || typeof parsed.digest !== 'string') {
    return { ok: false, fileProblem: 'not a Recount events export (no events or digest)', problems: [], chains: {} };
  }
  // The signature (signature.mjs), when there is one, follows the digest and covers it: the digest is of the rest.
  const { digest, signature = null, ...body } = parsed;
  const result = verifyChains(parsed.events, sha256hex, { partial: Boolean(parsed.partial), deleted: parsed.deleted ?? [] });
  let fileProblem = null;
  if (sha256hex(JSON.stringify(body, null, 2)) !== digest) fileProblem = 'its digest does not match its contents';
  else if (`${JSON.stringify(parsed, null, 2)}\n` !== text) fileProblem = 'its bytes differ from what Recount wrote (edited formatting)';
  return { ...result, ok: result.ok && !fileProblem, fileProblem, digest, signature };
}

/** NDJSON: a header line, one event per line, then a line with the digest of every byte before it. */
export function serializeNdjsonExport(header, events, sha256hex) {
  const body = `${[JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n')}\n`;
  return `${body}${JSON.stringify({ digest: sha256hex(body) })}\n`;
}

export function verifyNdjsonExport(text, sha256hex) {
  const fail = (fileProblem) => ({ ok: false, fileProblem, problems: [], chains: {} });
  if (!text.endsWith('\n')) return fail('it does not end with a newline (truncated?)');
  const lines = text.slice(0, -1).split('\n');
  // A signed file ends with a signature line after the digest line (signature.mjs).
  let signature = null;
  if (lines.length >= 3 && lines[lines.length - 1].startsWith('{"signature":')) {
    try {
      const parsedSignature = JSON.parse(lines[lines.length - 1]);
      if (JSON.stringify(parsedSignature) !== lines[lines.length - 1]) return fail(`line ${lines.length}: its bytes differ from what Recount wrote`);
      signature = parsedSignature.signature;
    } catch (error) {
      return fail(`line ${lines.length}: the signature line is not JSON (${error.message})`);
    }
    lines.pop();
  }
  if (lines.length < 2) return fail('it has no header or no digest line');
  let digestLine;
  try {
    digestLine = JSON.parse(lines[lines.length - 1]);
  } catch (error) {
    return fail(`line ${lines.length}: the digest line is not JSON (${error.message})`);
  }
  const body = `${lines.slice(0, -1).join('\n')}\n`;
  const parsed = [];
  for (let i = 0; i < lines.length - 1; i++) {
    try {
      const value = JSON.parse(lines[i]);
      if (JSON.stringify(value) !== lines[i]) return fail(`line ${i + 1}: its bytes differ from what Recount wrote`);
      parsed.push(value);
    } catch (error) {
      return fail(`line ${i + 1}: not valid JSON (${error.message})`);
    }
  }
  const [header, ...events] = parsed;
  const result = verifyChains(events, sha256hex, { partial: Boolean(header?.partial), deleted: header?.deleted ?? [] });
  let fileProblem = null;
  if (typeof digestLine?.digest !== 'string' || sha256hex(body) !== digestLine.digest) fileProblem = 'its digest does not match its contents';
  return { ...result, ok: result.ok && !fileProblem, fileProblem, header, events, digest: digestLine?.digest ?? null, signature };
}
