import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRequestEnvelope, portRequester, type PortLike, type ReplyEnvelope, type RequestEnvelope } from '../../utils/transport/request-port';
import { RefusedError, sendRequest } from '../../utils/transport/protocol';

/** A port whose far end the test plays: it sees what was posted and answers (or closes) when told. */
class FakePort implements PortLike {
  posted: RequestEnvelope[] = [];
  disconnected = false;
  private messageListeners: ((message: unknown) => void)[] = [];
  private disconnectListeners: (() => void)[] = [];
  onMessage = { addListener: (l: (message: unknown) => void) => void this.messageListeners.push(l) };
  onDisconnect = { addListener: (l: () => void) => void this.disconnectListeners.push(l) };
  postMessage(message: unknown) {
    if (this.disconnected) throw new Error('Attempting to use a disconnected port object');
    this.posted.push(message as RequestEnvelope);
  }
  disconnect() {
    this.disconnected = true; // the browser does not tell the end that closed
  }
  /** The background answers the request with this id. */
  answer(id: number, reply: unknown) {
    for (const l of this.messageListeners) l({ id, reply } satisfies ReplyEnvelope);
  }
  /** The background's end goes away (the worker stopped). */
  closeFromFarEnd() {
    this.disconnected = true;
    for (const l of this.disconnectListeners) l();
  }
}

function harness(idleMs?: number) {
  const ports: FakePort[] = [];
  const send = portRequester(() => {
    const port = new FakePort();
    ports.push(port);
    return port;
  }, idleMs);
  return { ports, send };
}

afterEach(() => vi.useRealTimers());

describe('requests on a port', () => {
  it('matches replies to requests by id, whatever order they come back in', async () => {
    const { ports, send } = harness();
    const first = send({ type: 'a' });
    const second = send({ type: 'b' });
    expect(ports).toHaveLength(1); // one port for both
    const [a, b] = ports[0].posted;
    expect([a.message, b.message]).toEqual([{ type: 'a' }, { type: 'b' }]);
    expect(a.id).not.toBe(b.id);
    ports[0].answer(b.id, 'for b');
    ports[0].answer(a.id, 'for a');
    await expect(first).resolves.toBe('for a');
    await expect(second).resolves.toBe('for b');
  });

  it('ignores a reply nobody asked for', async () => {
    const { ports, send } = harness();
    const pending = send({ type: 'a' });
    ports[0].answer(999, 'stray');
    ports[0].answer(ports[0].posted[0].id, 'mine');
    await expect(pending).resolves.toBe('mine');
  });

  it('a port that closes with requests outstanding settles them as unanswered, and the next request opens a new port', async () => {
    const { ports, send } = harness();
    const lost = sendRequest(send, { type: 'settings/get' });
    ports[0].closeFromFarEnd();
    await expect(lost).rejects.toThrow('Recount background did not answer');
    const next = send({ type: 'b' });
    expect(ports).toHaveLength(2);
    ports[1].answer(ports[1].posted[0].id, 'ok');
    await expect(next).resolves.toBe('ok');
  });

  it('closes an idle port itself before the worker could stop, and opens another for the next request', async () => {
    vi.useFakeTimers();
    const { ports, send } = harness(1000);
    const first = send({ type: 'a' });
    vi.advanceTimersByTime(5000); // waiting on an answer is not idle
    expect(ports[0].disconnected).toBe(false);
    ports[0].answer(ports[0].posted[0].id, 1);
    await first;
    vi.advanceTimersByTime(999);
    expect(ports[0].disconnected).toBe(false);
    const second = send({ type: 'b' }); // a request within the idle time keeps the port
    expect(ports).toHaveLength(1);
    ports[0].answer(ports[0].posted[1].id, 2);
    await second;
    vi.advanceTimersByTime(1000);
    expect(ports[0].disconnected).toBe(true);
    void send({ type: 'c' });
    expect(ports).toHaveLength(2);
    expect(ports[1].posted[0].message).toEqual({ type: 'c' });
  });

  it('carries the background’s refusal through sendRequest', async () => {
    const { ports, send } = harness();
    const refused = sendRequest(send, { type: 'team/pull', range: null });
    ports[0].answer(ports[0].posted[0].id, { ok: false, error: 'Refused: only Recount’s own pages may do that' });
    await expect(refused).rejects.toBeInstanceOf(RefusedError);
  });

  it('rejects at once when the extension is gone (connect throws), and tries again next time', async () => {
    let calls = 0;
    const send = portRequester(() => {
      calls++;
      if (calls === 1) throw new Error('Extension context invalidated.');
      return new FakePort();
    });
    await expect(send({ type: 'a' })).rejects.toThrow('Extension context invalidated.');
    void send({ type: 'b' });
    expect(calls).toBe(2);
  });

  it('tells a request envelope from anything else sent on the port', () => {
    expect(isRequestEnvelope({ id: 3, message: { type: 'settings/get' } })).toBe(true);
    expect(isRequestEnvelope({ type: 'settings/get' })).toBe(false);
    expect(isRequestEnvelope({ id: '3', message: {} })).toBe(false);
    expect(isRequestEnvelope(null)).toBe(false);
  });
});
