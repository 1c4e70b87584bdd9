// Reads an export file off the dashboard's main thread (see export-file.ts): the page stays responsive while a
// large file is checked, and hears how far the reading is.
import { readExportFile } from './export-file';

const scope = self as unknown as { onmessage: ((event: MessageEvent<{ file: Blob }>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event) => {
  readExportFile(event.data.file, (share) => scope.postMessage({ type: 'progress', share }))
    .then((read) => scope.postMessage({ type: 'done', read }))
    .catch((error: unknown) => scope.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) }));
};
