// Makes an export's Blobs off the page (see blob-assembly.ts): each page's text as it comes, the whole at the end.
import { BlobAssembly, type BlobWorkerReply, type BlobWorkerRequest } from './blob-assembly';

const scope = self as unknown as { onmessage: ((event: MessageEvent<BlobWorkerRequest>) => void) | null; postMessage(message: BlobWorkerReply): void };
const assembly = new BlobAssembly();

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'hello') scope.postMessage({ type: 'ready' });
  else if (request.type === 'page') assembly.addPage(request.texts);
  else scope.postMessage({ type: 'blob', blob: assembly.blob(request.mime) });
};
