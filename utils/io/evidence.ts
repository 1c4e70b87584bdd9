// The evidence bundle a team lead hands to the vendor: the events of the view (chained, verifiable), the
// conversation snapshots that were read, and a manifest with counts and a SHA-256 of every file.
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import type { Tombstone } from '../model/chain.mjs';
import type { ConversationRecord } from '../model/records';
import { redact, type RedactionCount } from './redact';
import { prettyJsonPieces, streamEventsExport, type EventSource } from './stream-export';
import type { ExportOptions } from './export';

interface EvidenceOptions {
  includeTranscripts: boolean;
  redactTranscripts: boolean;
  filter: Record<string, unknown> | null;
  createdAt?: number;
  deleted?: readonly Tombstone[];
  /** Signs events.ndjson with this installation's key (see stream-export.ts). */
  sign?: ExportOptions['sign'];
}

const EVIDENCE_README = `Recount evidence bundle

events.ndjson       every verdict event of the view, one per line, with its hash chain, a digest line and a
                    signature by the exporting browser's key. Check it with Recount's standalone verifier (see
                    below), giving the key fingerprint the buyer sent you:
                        node tools/verify-log.mjs --key "<fingerprint>" events.ndjson
conversations.json  what Recount read of each conversation: the vendor's claim, message counts, a SHA-256
                    digest of the transcript as read, and the transcript itself only if it was included.
manifest.json       counts, the filter of the view, and the SHA-256 of each file above.

Where to get the verifier
  tools/verify-log.mjs in the Recount repository (the extension's source code). It needs only Node.js 20 or
  later: no npm install, no browser, no extension. It reads two other files of that repository
  (utils/model/chain.mjs and utils/model/signature.mjs), so run it from a copy of the whole repository, in the
  repository's folder, with the path of this bundle's events.ndjson:
      node tools/verify-log.mjs --key "<fingerprint>" <path to>/events.ndjson
  It prints "intact" and who signed the file, or names the event where the file breaks; it exits 0 when the
  file is intact, 1 when it is not.
`;

/** What a bundle's files are written into: bytes in order, then the end of the file. */
interface FileSink {
  push(bytes: Uint8Array): void;
  end(): string; // the file's SHA-256
}

/**
 * Builds the bundle as a stream: the events are read page by page (never the whole view at once), every file
 * goes through the zip's deflate a piece at a time, and each file's SHA-256 is taken as its bytes pass. The
 * dashboard stays responsive (the work yields between pieces) and memory holds the compressed output, not the
 * view's events, their text and a copy of both.
 */
export async function streamEvidenceBundle(
  events: EventSource,
  conversations: readonly ConversationRecord[],
  options: EvidenceOptions,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<{ blob: Blob; manifest: Record<string, unknown> }> {
  const createdAt = new Date(options.createdAt ?? Date.now()).toISOString();
  const mtime = new Date(createdAt);
  const output: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failed = error;
    else output.push(chunk);
  });
  const open = (name: string): FileSink => {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    const hasher = sha256.create();
    return {
      push(bytes) {
        hasher.update(bytes);
        file.push(bytes);
      },
      end() {
        file.push(new Uint8Array(0), true);
        return bytesToHex(hasher.digest());
      },
    };
  };
  const yieldToPage = () => new Promise((resolve) => setTimeout(resolve, 0));
  const sha: Record<string, string> = {};

  // events.ndjson: the streamed export's own bytes (the same that eventsToNdjson writes), deflated as they come.
  let eventCount = 0;
  const ndjson = await streamEventsExport('ndjson', events, { exportedAt: options.createdAt, filter: options.filter, deleted: options.deleted, sign: options.sign }, (read, total) =>
    onProgress(read / 2, total),
  );
  const eventsFile = open('events.ndjson');
  const reader = ndjson.stream().getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    eventsFile.push(next.value);
    for (let at = next.value.indexOf(10); at !== -1; at = next.value.indexOf(10, at + 1)) eventCount++; // lines
    await yieldToPage();
  }
  sha['events.ndjson'] = eventsFile.end();
  eventCount = Math.max(0, eventCount - (options.sign ? 3 : 2)); // the header, digest and signature lines are not events

  // conversations.json: JSON.stringify(body, null, 2), written one conversation at a time.
  const redactions: RedactionCount = { emails: 0, phones: 0, cards: 0 };
  let transcripts = 0;
  const snapshot = (c: ConversationRecord) => {
    const { transcript, ...rest } = c;
    if (!options.includeTranscripts || !transcript) return { ...rest, transcript: null };
    transcripts++;
    return {
      ...rest,
      transcript: options.redactTranscripts
        ? transcript.map((m) => ({ ...m, authorName: m.author === 'customer' ? 'Customer' : m.authorName, text: redact(m.text, redactions) }))
        : transcript,
    };
  };
  const conversationsFile = open('conversations.json');
  const json = prettyJsonPieces({ format: 'recount-conversations', version: 1, createdAt, conversations: [] });
  conversationsFile.push(strToU8(json.open));
  for (const [i, c] of conversations.entries()) {
    conversationsFile.push(strToU8(json.item(snapshot(c), i)));
    if (i % 500 === 499) {
      onProgress(events.total / 2 + (events.total / 2) * (i / conversations.length), events.total);
      await yieldToPage();
    }
  }
  conversationsFile.push(strToU8(`${json.closeArray(conversations.length)}\n}\n`));
  sha['conversations.json'] = conversationsFile.end();

  const readme = open('README.txt');
  readme.push(strToU8(EVIDENCE_README));
  sha['README.txt'] = readme.end();

  const manifest = {
    format: 'recount-evidence',
    version: 1,
    createdAt,
    filter: options.filter,
    counts: {
      events: eventCount,
      conversations: conversations.length,
      transcriptsIncluded: transcripts,
      redacted: options.includeTranscripts && options.redactTranscripts ? redactions : null,
    },
    // The transcript digests in conversations.json are of the transcripts as read, before any redaction.
    sha256: sha,
  };
  const manifestFile = open('manifest.json');
  manifestFile.push(strToU8(`${JSON.stringify(manifest, null, 2)}\n`));
  manifestFile.end();
  zip.end();
  if (failed) throw failed;
  onProgress(events.total, events.total);
  return { blob: new Blob(output as Uint8Array<ArrayBuffer>[], { type: 'application/zip' }), manifest };
}
