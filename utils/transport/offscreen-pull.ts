// Where a team pull's pages are checked in Chrome: a worker started by an offscreen document (the service worker
// cannot start one itself), so the background's thread stays free for tags while a pull runs. The document lives
// as long as the pull. Firefox has no offscreen documents: there, and wherever this fails, the background checks
// the pages itself (utils/io/pull-page.ts).
import { workerAnswers, workerPullHelper, type PullHelper } from '../io/pull-page';

const OFFSCREEN_PATH = '/offscreen.html';

interface OffscreenApi {
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}
interface WorkerScope {
  clients?: { matchAll(options: { includeUncontrolled: boolean }): Promise<Array<{ url: string; postMessage(message: unknown, transfer: Transferable[]): void }>> };
}

export async function openOffscreenPullHelper(): Promise<PullHelper | null> {
  const offscreen = (globalThis as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen;
  const clients = (globalThis as WorkerScope).clients;
  if (!offscreen || !clients) return null;
  const close = () => void offscreen.closeDocument().catch(() => undefined);
  try {
    await offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['WORKERS'],
      justification: 'Checks and merges the pages of a team-log pull in a worker, so that tags saved meanwhile are answered at once.',
    });
  } catch {
    // One offscreen document per extension: one left by a stopped worker is closed, and this pull checks here.
    close();
    return null;
  }
  const document = (await clients.matchAll({ includeUncontrolled: true })).find((c) => new URL(c.url).pathname === OFFSCREEN_PATH);
  if (!document) {
    close();
    return null;
  }
  const channel = new MessageChannel();
  document.postMessage({ type: 'recount/pull-helper' }, [channel.port2]);
  if (!(await workerAnswers(channel.port1))) {
    channel.port1.close();
    close();
    return null;
  }
  return workerPullHelper(channel.port1, close);
}
