// Where the dashboard's export runs: in a worker where one starts (events-export-worker.ts), so that reading,
// formatting and making the Blobs of a million events never hold the page's thread (at 1,000,000 events, even
// after the Blobs left the page, one export in three still had a task of 51 ms on it: its reads, its strings and
// their garbage). Where no worker starts within WORKER_START_MS, the page exports itself, with the same bytes.
import type { RecountDB } from '../store/db';
import type { ExportKind, ExportOptions } from '../io/export';
import { exportEventsHere, type EventsExported, type ExportWorkerReply, type ExportWorkerRequest } from './events-export';
import type { Filter } from './filters';

/** How long a worker has to say it started before the page exports itself. */
export const WORKER_START_MS = 3000;

export async function exportEventsOffPage(
  db: RecountDB,
  kind: ExportKind,
  filter: Filter,
  sign: ExportOptions['sign'],
  onProgress: (share: number) => void = () => undefined,
  startWorker: () => Worker = () => new Worker(new URL('./events-export-worker.ts', import.meta.url), { type: 'module' }),
): Promise<EventsExported> {
  let worker: Worker;
  try {
    worker = startWorker();
  } catch {
    return exportEventsHere(db, kind, filter, sign, onProgress);
  }
  const send = (message: ExportWorkerRequest) => worker.postMessage(message);
  return new Promise<EventsExported>((resolve, reject) => {
    let started = false;
    const startTimer = setTimeout(() => fallBack(), WORKER_START_MS);
    const end = () => {
      clearTimeout(startTimer);
      worker.terminate();
    };
    const fallBack = () => {
      end();
      exportEventsHere(db, kind, filter, sign, onProgress).then(resolve, reject);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (!started) return fallBack();
      end();
      reject(new Error(`the exporter stopped: ${event.message || 'no reason given'}; no file was made`));
    };
    worker.onmessage = (event: MessageEvent<ExportWorkerReply>) => {
      const message = event.data;
      if (message.type === 'ready') {
        if (started) return;
        started = true;
        clearTimeout(startTimer);
        send({ type: 'export', database: db.name, kind, filter: { ...filter }, signed: sign !== undefined });
      } else if (message.type === 'progress') onProgress(message.share);
      else if (message.type === 'sign') {
        sign!(message.digest, message.chains).then(
          (signature) => send({ type: 'signed', id: message.id, signature }),
          (error: unknown) => send({ type: 'not-signed', id: message.id, message: error instanceof Error ? error.message : String(error) }),
        );
      } else {
        end();
        if (message.type === 'done') resolve({ blob: message.blob, exported: message.exported });
        else reject(new Error(message.message));
      }
    };
  });
}
