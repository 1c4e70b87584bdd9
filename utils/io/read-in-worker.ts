// Reading an export file off the page: the worker (import-worker.ts) runs readExportFile and reports progress;
// where no worker can start, the page reads it itself.
import type { ImportRead } from './import';
import { readExportFile, type ReadProgress } from './export-file';

/**
 * readExportFile in a worker where the page can start one (a dashboard in the browser), else in the page. The
 * page then only receives the events, structured-cloned.
 */
export function readExportFileInWorker(file: Blob, onProgress: ReadProgress = () => undefined): Promise<ImportRead> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return readExportFile(file, onProgress);
  }
  return new Promise<ImportRead>((resolve, reject) => {
    let heard = false;
    worker.onmessage = (event: MessageEvent<{ type: 'progress'; share: number } | { type: 'done'; read: ImportRead } | { type: 'failed'; message: string }>) => {
      heard = true;
      const message = event.data;
      if (message.type === 'progress') return onProgress(message.share);
      worker.terminate();
      if (message.type === 'done') resolve(message.read);
      else reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      // A worker that never started (a browser that refuses it here): the page reads the file itself.
      if (!heard) readExportFile(file, onProgress).then(resolve, reject);
      else reject(new Error(`the file could not be read: ${event.message || 'the reader stopped'}`));
    };
    worker.postMessage({ file });
  });
}
