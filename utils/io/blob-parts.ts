// An export's bytes become one Blob page by page. Creating a Blob is a synchronous call into the browser (its blob
// registry answers on the browser's IO thread), which the reads of a large export keep busy: in a 1,000,000-event
// export the page's main thread once waited 67 ms, blocked, inside such a call. So where a worker can start, the
// Blobs are made there (blob-worker.ts) and the page only posts each page's text; elsewhere (unit tests) here.

import { BlobAssembly, type BlobWorkerReply, type BlobWorkerRequest } from './blob-assembly';

/** The page's side: texts pushed as they are formatted, a page ended, the whole Blob at the end. */
export interface BlobParts {
  push(text: string): void;
  endPage(): void;
  blob(type: string): Promise<Blob>;
  /** An export that stopped: what was assembled goes. */
  discard(): void;
}

/** Blob parts made in the calling thread: in a worker, or where none can start. */
export function blobPartsHere(): BlobParts {
  const assembly = new BlobAssembly();
  let page: string[] = [];
  const endPage = () => {
    assembly.addPage(page);
    page = [];
  };
  return {
    push: (text) => void page.push(text),
    endPage,
    async blob(type) {
      endPage();
      return assembly.blob(type);
    },
    discard: () => void (page = []),
  };
}

/** How long a worker has to say it started before the page makes the Blobs itself. */
const WORKER_START_MS = 3000;

/**
 * Blob parts made in a worker where one starts (answering within WORKER_START_MS), else in this thread. A worker
 * that fails after it started fails the export in words: the parts it held are gone, and no partial file is made.
 */
export async function blobParts(): Promise<BlobParts> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./blob-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return blobPartsHere();
  }
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), WORKER_START_MS);
    worker.onmessage = (event: MessageEvent<BlobWorkerReply>) => {
      clearTimeout(timer);
      resolve(event.data?.type === 'ready');
    };
    worker.onerror = () => {
      clearTimeout(timer);
      resolve(false);
    };
    worker.postMessage({ type: 'hello' } satisfies BlobWorkerRequest);
  });
  if (!started) {
    worker.terminate();
    return blobPartsHere();
  }
  let failure: string | null = null;
  let answer: ((reply: Blob) => void) | null = null;
  let refuse: ((error: Error) => void) | null = null;
  worker.onerror = (event) => {
    failure = event.message || 'the worker stopped';
    refuse?.(new Error(`The export could not be assembled: ${failure}`));
  };
  worker.onmessage = (event: MessageEvent<BlobWorkerReply>) => {
    if (event.data.type === 'blob') answer?.(event.data.blob);
  };
  let page: string[] = [];
  const endPage = () => {
    if (page.length === 0) return;
    worker.postMessage({ type: 'page', texts: page } satisfies BlobWorkerRequest);
    page = [];
  };
  return {
    push: (text) => void page.push(text),
    endPage,
    blob(type) {
      endPage();
      return new Promise<Blob>((resolve, reject) => {
        if (failure) return reject(new Error(`The export could not be assembled: ${failure}`));
        answer = (blob) => {
          worker.terminate();
          resolve(blob);
        };
        refuse = (error) => {
          worker.terminate();
          reject(error);
        };
        worker.postMessage({ type: 'end', mime: type } satisfies BlobWorkerRequest);
      });
    },
    discard: () => worker.terminate(),
  };
}
