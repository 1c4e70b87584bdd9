// The dashboard's export, off the page (see events-export.ts): this worker reads the log with its own connection,
// formats it and makes the Blobs, so the page's thread does nothing but show progress — however long the log.
// The file's signature is asked of the page, which asks the background: the key never comes here.
import { RecountDB } from '../store/db';
import { blobPartsHere } from '../io/blob-parts';
import { exportEventsHere, type ExportWorkerReply, type ExportWorkerRequest } from './events-export';

type Signature = Extract<ExportWorkerRequest, { type: 'signed' }>['signature'];
type Chains = Extract<ExportWorkerReply, { type: 'sign' }>['chains'];

const scope = self as unknown as { onmessage: ((event: MessageEvent<ExportWorkerRequest>) => void) | null; postMessage(message: ExportWorkerReply): void };
const signatures = new Map<number, { resolve(signature: Signature): void; reject(error: Error): void }>();
let lastSignatureId = 0;
let started = false;

const sign = (digest: string, chains: Chains) =>
  new Promise<Signature>((resolve, reject) => {
    const id = ++lastSignatureId;
    signatures.set(id, { resolve, reject });
    scope.postMessage({ type: 'sign', id, digest, chains });
  });

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'signed' || request.type === 'not-signed') {
    const waiting = signatures.get(request.id);
    signatures.delete(request.id);
    if (request.type === 'signed') waiting?.resolve(request.signature);
    else waiting?.reject(new Error(request.message));
    return;
  }
  if (started) return; // one export per worker: the page ends it with the export
  started = true;
  const db = new RecountDB(request.database);
  exportEventsHere(db, request.kind, request.filter, request.signed ? sign : undefined, (share) => scope.postMessage({ type: 'progress', share }), blobPartsHere)
    .then(({ blob, exported }) => scope.postMessage({ type: 'done', blob, exported }))
    .catch((error: unknown) => scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }))
    .finally(() => db.close());
};
scope.postMessage({ type: 'ready' });
