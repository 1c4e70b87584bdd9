import { browser } from 'wxt/browser';
import { sendRequest, type Request, type ResponseMap } from '../utils/protocol';

/** Extension pages talk to the background like content scripts do: it alone writes the database. */
export function request<T extends Request['type']>(message: Extract<Request, { type: T }>): Promise<ResponseMap[T]> {
  return sendRequest((m) => browser.runtime.sendMessage(m), message);
}
