// The evidence bundle a team lead hands to the vendor: the events of the view (chained, verifiable), the
// conversation snapshots that were read, and a manifest with counts and a SHA-256 of every file.
import { strToU8, zipSync } from 'fflate';
import type { Tombstone } from './chain.mjs';
import { eventsToNdjson } from './export';
import type { ConversationRecord } from './db';
import { sha256hex } from './hash';
import { redact, type RedactionCount } from './redact';
import type { VerdictEvent } from './verdict';

export interface EvidenceOptions {
  includeTranscripts: boolean;
  redactTranscripts: boolean;
  filter: Record<string, unknown> | null;
  createdAt?: number;
  deleted?: readonly Tombstone[];
}

export const EVIDENCE_README = `Recount evidence bundle

events.ndjson       every verdict event of the view, one per line, with its hash chain and a digest line.
                    Verify it with Recount's standalone verifier (Node only):
                        node tools/verify-log.mjs events.ndjson
conversations.json  what Recount read of each conversation: the vendor's claim, message counts, a SHA-256
                    digest of the transcript as read, and the transcript itself only if it was included.
manifest.json       counts, the filter of the view, and the SHA-256 of each file above.
`;

export function buildEvidenceBundle(
  events: readonly VerdictEvent[],
  conversations: readonly ConversationRecord[],
  options: EvidenceOptions,
): { zip: Uint8Array; manifest: Record<string, unknown> } {
  const redactions: RedactionCount = { emails: 0, phones: 0, cards: 0 };
  let transcripts = 0;
  const snapshots = conversations.map((c) => {
    const { transcript, ...rest } = c;
    if (!options.includeTranscripts || !transcript) return { ...rest, transcript: null };
    transcripts++;
    return {
      ...rest,
      transcript: options.redactTranscripts
        ? transcript.map((m) => ({ ...m, authorName: m.author === 'customer' ? 'Customer' : m.authorName, text: redact(m.text, redactions) }))
        : transcript,
    };
  });
  const createdAt = new Date(options.createdAt ?? Date.now()).toISOString();
  const files: Record<string, string> = {
    'events.ndjson': eventsToNdjson(events, { exportedAt: options.createdAt, filter: options.filter, deleted: options.deleted }),
    'conversations.json': `${JSON.stringify({ format: 'recount-conversations', version: 1, createdAt, conversations: snapshots }, null, 2)}\n`,
    'README.txt': EVIDENCE_README,
  };
  const manifest = {
    format: 'recount-evidence',
    version: 1,
    createdAt,
    filter: options.filter,
    counts: {
      events: events.length,
      conversations: conversations.length,
      transcriptsIncluded: transcripts,
      redacted: options.includeTranscripts && options.redactTranscripts ? redactions : null,
    },
    // The transcript digests in conversations.json are of the transcripts as read, before any redaction.
    sha256: Object.fromEntries(Object.entries(files).map(([name, text]) => [name, sha256hex(text)])),
  };
  files['manifest.json'] = `${JSON.stringify(manifest, null, 2)}\n`;
  const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])), { level: 6, mtime: new Date(createdAt) });
  return { zip, manifest };
}
