// Chrome's offscreen document for a team pull: a service worker cannot start a worker, a document can. It only
// starts the page checker (utils/io/pull-worker.ts) and hands it the background's port; every page then goes
// between the background and that worker directly, never through this document's thread, which the extension's
// open pages share.
navigator.serviceWorker.onmessage = (event: MessageEvent<{ type?: unknown }>) => {
  const port = event.ports[0];
  if (event.data?.type !== 'recount/pull-helper' || !port) return;
  const worker = new Worker(new URL('../../utils/io/pull-worker.ts', import.meta.url), { type: 'module' });
  worker.postMessage({ port }, [port]);
};
