// Requests from a helpdesk tab travel on one long-lived port to the background, not by runtime.sendMessage.
// sendMessage opens a channel per request and delivers it to every extension context: an open dashboard and the
// pull's offscreen document are woken by each tag although only the background answers. A port goes to the
// background alone, and a tag's round trip is one message each way.

/** The port's name: the background answers requests on ports of this name only. */
export const REQUEST_PORT = 'recount/requests';

/**
 * The port is closed after this long without a request. The browser stops an idle service worker after 30 s and
 * closes its ports; a request posted in that moment would be lost. A port idle for less than half of that belongs
 * to a worker that is still running, and a request after it opens a new port, which wakes the worker.
 */
export const PORT_IDLE_MS = 15_000;

export interface RequestEnvelope {
  id: number;
  message: unknown;
}
export interface ReplyEnvelope {
  id: number;
  reply: unknown;
}

/** The part of runtime.Port this uses (the browser's, or a test's). */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

export function isRequestEnvelope(value: unknown): value is RequestEnvelope {
  return typeof (value as { id?: unknown } | null)?.id === 'number' && 'message' in (value as object);
}

/**
 * A sendMessage-shaped function over one port. A reply settles its request by id; a port that closes with
 * requests outstanding settles them with `undefined` ("the background did not answer"), as sendMessage does when
 * the worker stops mid-request. The next request opens a new port.
 */
export function portRequester(connect: () => PortLike, idleMs = PORT_IDLE_MS): (message: unknown) => Promise<unknown> {
  let port: PortLike | null = null;
  let nextId = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const pending = new Map<number, (reply: unknown) => void>();
  // Small on purpose: this is in every helpdesk tab's content script, which has a size budget.
  const open = (): PortLike => {
    const opened = connect();
    opened.onMessage.addListener((envelope) => {
      const { id, reply } = envelope as ReplyEnvelope;
      pending.get(id)?.(reply);
      pending.delete(id);
      if (pending.size === 0) {
        idleTimer = setTimeout(() => {
          if (pending.size > 0 || port !== opened) return;
          port = null;
          opened.disconnect();
        }, idleMs);
      }
    });
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = null;
      for (const settle of pending.values()) settle(undefined);
      pending.clear();
    });
    return opened;
  };

  // A reloaded extension leaves this script without a runtime: connect throws, and so the promise rejects.
  return (message) =>
    new Promise<unknown>((resolve) => {
      clearTimeout(idleTimer);
      port ??= open();
      port.postMessage({ id: ++nextId, message } satisfies RequestEnvelope);
      pending.set(nextId, resolve); // a reply cannot arrive before this turn ends
    });
}
