// The team pull's page checker, in a worker of its own (started by Chrome's offscreen document): it reads,
// checks and writes the pages the background fetched, over the port it is handed (pull-page.ts), with its own
// connection to the extension's database.
import { RecountDB } from '../store/db';
import { servePullHelper } from './pull-page';

const scope = self as unknown as { onmessage: ((event: MessageEvent<{ port?: MessagePort }>) => void) | null };

scope.onmessage = (event) => {
  const port = event.data?.port;
  if (!port) return;
  scope.onmessage = null; // one pull per worker: the document closes with the pull
  servePullHelper(port, new RecountDB());
};
